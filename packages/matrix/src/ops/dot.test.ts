import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { NDArray } from '../ndarray.js'
import { zeros } from '../creation.js'
import { ShapeError, ValueError, withContext } from '../errors.js'
import { formatShape, sizeOf, stridesOf } from '../shape.js'
import { setReferenceMode, useReference } from '../kernels/mode.js'
import { dot, matmul, matmulKernel } from './dot.js'
import { disableWasmMatmulForTesting, wasmMatmulBuild } from '../kernels/matmul.wasm.js'
import { flatValues } from '../../test/arbitraries.js'

const initialMode = useReference()
afterEach(() => setReferenceMode(initialMode))

// ---- golden values from numpy (scripts/golden/dot.py) ----

type Num = number | 'NaN' | 'Infinity' | '-Infinity'
interface Operand { shape: number[]; values?: Num[] }
interface GoldenCase {
  op: 'dot' | 'matmul'
  name: string
  a: Operand
  b: Operand
  shape?: number[]
  expected?: Num[]
  error?: { type: string; message: string }
}
const golden = JSON.parse(readFileSync(new URL('../../fixtures/dot.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] }
const OPS = { dot, matmul }

type Layout = 'contiguous' | 'transposed' | 'strided'
/** The same logical values stored C-contiguous after an offset, as a transposed view, or every second element; -999 elsewhere. */
function inLayout(values: readonly number[], shape: readonly number[], layout: Layout): NDArray {
  const strides = layout === 'transposed' ? [...stridesOf([...shape].reverse())].reverse() : stridesOf(shape).map((s) => (layout === 'strided' ? 2 * s : s))
  const offset = 3
  const data = new Float64Array(offset + 2 * sizeOf(shape) + 1).fill(-999)
  const index = new Array<number>(shape.length).fill(0)
  for (let k = 0; k < values.length; k++) {
    data[index.reduce((p, v, i) => p + v * strides[i]!, offset)] = values[k]!
    for (let i = shape.length - 1; i >= 0 && ++index[i]! === shape[i]; i--) index[i] = 0
  }
  return new NDArray(data, shape, strides, offset)
}

/** numpy sums in another order (BLAS): finite values agree within 1e-12 relative, NaN and infinities exactly. */
function close(got: number, want: number): boolean {
  return Number.isFinite(want) ? Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)) : Object.is(got, want)
}

describe('3.3-dot: golden values from numpy', () => {
  for (const c of golden.cases.filter((g) => !g.error)) {
    it(`${c.op}: ${c.name}, every layout, reference and fast kernels`, () => {
      const want = c.expected!.map(Number)
      const failures: string[] = []
      for (const la of ['contiguous', 'transposed', 'strided'] as const) {
        for (const lb of ['contiguous', 'transposed', 'strided'] as const) {
          for (const reference of [false, true]) {
            setReferenceMode(reference)
            const y = OPS[c.op](inLayout(c.a.values!.map(Number), c.a.shape, la), inLayout(c.b.values!.map(Number), c.b.shape, lb))
            const got = flatValues(y)
            if (JSON.stringify(y.shape) !== JSON.stringify(c.shape) || got.length !== want.length || !got.every((v, i) => close(v, want[i]!))) {
              failures.push(`a ${la}, b ${lb}, reference=${reference}: expected ${formatShape(c.shape!)} ${want}, got ${formatShape(y.shape)} ${got}`)
            }
          }
        }
      }
      expect(failures.slice(0, 10)).toEqual([])
    })
  }
})

describe('3.3-dot: error messages are numpy\'s', () => {
  for (const c of golden.cases.filter((g) => g.error)) {
    it(`${c.op}: ${c.name}`, () => {
      const [a, b] = [zeros(c.a.shape), zeros(c.b.shape)]
      const thrown = (() => {
        try {
          OPS[c.op](a, b)
        } catch (e) {
          return e
        }
        return undefined
      })()
      // numpy's matmul message already starts with "matmul: "; its dot message has no prefix.
      const message = c.op === 'dot' ? `dot: ${c.error!.message}` : c.error!.message
      expect((thrown as Error | undefined)?.message).toBe(message)
      const zeroD = a.ndim === 0 || b.ndim === 0
      expect(thrown).toBeInstanceOf(zeroD ? ValueError : ShapeError)
      if (!zeroD) expect((thrown as ShapeError).shapes).toEqual([c.a.shape, c.b.shape])
    })
  }

  it('names the layer when wrapped: Affine.forward: dot: shapes (100,784) and (748,50) not aligned …', () => {
    const [x, W] = [zeros([100, 784]), zeros([748, 50])]
    expect(() => withContext('Affine.forward', () => x.dot(W))).toThrow(
      'Affine.forward: dot: shapes (100,784) and (748,50) not aligned: 784 (dim 1) != 748 (dim 0)',
    )
  })

  it('says which ranks are supported (numpy\'s N-D·M-D dot and stacked matmul are not implemented)', () => {
    expect(() => dot(zeros([2, 3, 4]), zeros([4, 5]))).toThrow(ShapeError)
    expect(() => dot(zeros([2, 3, 4]), zeros([4, 5]))).toThrow(
      'dot: shapes (2,3,4) and (4,5): dot of a 3-D and a 2-D array is not supported (supported: 1-D and 2-D operands, N-D·1-D, and a 0-d operand)',
    )
    expect(() => dot(zeros([3]), zeros([3, 4, 5]))).toThrow('dot: shapes (3,) and (3,4,5): dot of a 1-D and a 3-D array is not supported')
    expect(() => matmul(zeros([2, 3, 4]), zeros([4, 5]))).toThrow(
      'matmul: shapes (2,3,4) and (4,5): stacks of matrices (3-D and more) are not supported yet (supported: 1-D and 2-D operands)',
    )
  })
})

describe('matmulKernel', () => {
  it("names the kernel dot runs: a wasm build here ('wasm' on Node 20, 'wasm-fma' where relaxed SIMD runs), 'js' without it, 'reference' under DLFS_REFERENCE", () => {
    const initial = useReference()
    try {
      setReferenceMode(false)
      expect(['wasm', 'wasm-fma']).toContain(matmulKernel())
      expect(matmulKernel()).toBe(wasmMatmulBuild())
      disableWasmMatmulForTesting(true)
      expect(matmulKernel()).toBe('js')
      setReferenceMode(true)
      expect(matmulKernel()).toBe('reference')
    } finally {
      disableWasmMatmulForTesting(false)
      setReferenceMode(initial)
    }
  })
})

describe('3.3-dot: reference and fast paths', () => {
  /** A (rows, cols) array of integers in [-4, 4]: every product and sum is exact, so both paths must agree bit for bit. */
  const intMatrix = (rows: number, cols: number) =>
    fc.array(fc.integer({ min: -4, max: 4 }), { minLength: rows * cols, maxLength: rows * cols }).map((v) => new NDArray(Float64Array.from(v), [rows, cols]))
  const side = fc.integer({ min: 0, max: 14 })
  // The left operand is contiguous or, half of the time, `x.T` for a contiguous x (the Affine backward case).
  const pairArb = fc
    .tuple(side, side, side)
    .chain(([m, k, n]) => fc.tuple(fc.oneof(intMatrix(m, k), intMatrix(k, m).map((x) => x.T)), fc.oneof(intMatrix(k, n), intMatrix(k, n).map((w) => w.T.T))))

  it('DLFS_REFERENCE (setReferenceMode) and the fast path give the same result, also with x.T as the left operand', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        setReferenceMode(true)
        const ref = dot(a, b)
        setReferenceMode(false)
        const fast = dot(a, b)
        expect(fast.shape).toEqual(ref.shape)
        expect(fast.data).toEqual(ref.data)
      }),
    )
  })

  it('keeps the operands unchanged and returns a new C-contiguous array', () => {
    const a = inLayout([1, 2, 3, 4, 5, 6], [2, 3], 'transposed')
    const b = inLayout([1, 0, -1], [3], 'strided')
    const [aData, bData] = [a.data.slice(), b.data.slice()]
    for (const y of [dot(a, b), matmul(a, b), dot(new NDArray(Float64Array.of(2), []), a)]) {
      expect(y.isContiguous() && y.offset === 0).toBe(true)
      expect(y.data.buffer).not.toBe(a.data.buffer)
    }
    expect(a.data).toEqual(aData)
    expect(b.data).toEqual(bData)
  })
})
