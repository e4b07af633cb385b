import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { col2im, col2imReference, im2col, im2colReference } from './im2col.js'
import { NDArray } from './ndarray.js'
import { ShapeError, ValueError } from './errors.js'
import { sizeOf, stridesOf } from './shape.js'
import { setReferenceMode, useReference } from './kernels/mode.js'

interface Im2colCase {
  xShape: number[]
  filterH: number
  filterW: number
  stride: number
  pad: number
  x: number[]
  colShape: number[]
  col: number[]
  dcol: number[]
  dx: number[]
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/im2col.json', import.meta.url), 'utf8')) as { im2col: Im2colCase[] }

const initialMode = useReference()
afterEach(() => setReferenceMode(initialMode))

const fromList = (values: number[], shape: number[]) => new NDArray(Float64Array.from(values), shape)
const label = (c: Im2colCase) => `x (${c.xShape.join(',')}), filter ${c.filterH}x${c.filterW}, stride ${c.stride}, pad ${c.pad}`

/** The same values as `x`, stored as the transpose of a (W, H) layout: a non-contiguous view. */
function asTransposedView(x: NDArray): NDArray {
  const [N, C, H, W] = x.shape as [number, number, number, number]
  const data = new Float64Array(x.size + 3) // 3 leading elements, so the view also has an offset
  for (let i = 0; i < x.size; i++) {
    const w = i % W
    const h = Math.floor(i / W) % H
    const nc = Math.floor(i / (H * W))
    data[3 + nc * H * W + w * H + h] = x.data[i]!
  }
  return new NDArray(data, [N, C, H, W], [C * H * W, H * W, 1, H], 3)
}

/** `col` as a transposed view of a (K, rows) buffer. */
function asColumnMajor(col: NDArray): NDArray {
  const [rows, K] = col.shape as [number, number]
  const data = new Float64Array(col.size)
  for (let r = 0; r < rows; r++) for (let k = 0; k < K; k++) data[k * rows + r] = col.data[r * K + k]!
  return new NDArray(data, [rows, K], [1, rows])
}

describe('7.4-im2col: golden values from the book\'s common/util.py', () => {
  for (const reference of [false, true]) {
    const mode = reference ? 'reference' : 'fast'
    for (const c of fixture.im2col) {
      it(`im2col ${mode}: ${label(c)}`, () => {
        setReferenceMode(reference)
        const col = im2col(fromList(c.x, c.xShape), c.filterH, c.filterW, c.stride, c.pad)
        expect(col.shape).toEqual(c.colShape)
        expect(Array.from(col.data)).toEqual(c.col)
      })
      it(`col2im ${mode}: ${label(c)}`, () => {
        setReferenceMode(reference)
        const dx = col2im(fromList(c.dcol, c.colShape), c.xShape, c.filterH, c.filterW, c.stride, c.pad)
        expect(dx.shape).toEqual(c.xShape)
        expect(dx.isContiguous()).toBe(true)
        // Inputs are multiples of 1/64, so the sums are exact in any order.
        expect(Array.from(dx.data)).toEqual(c.dx)
      })
    }
  }

  it('reads strided views with an offset (fast and reference)', () => {
    for (const c of fixture.im2col) {
      const x = asTransposedView(fromList(c.x, c.xShape))
      const dcol = asColumnMajor(fromList(c.dcol, c.colShape))
      expect(x.isContiguous()).toBe(false)
      for (const reference of [false, true]) {
        setReferenceMode(reference)
        expect(Array.from(im2col(x, c.filterH, c.filterW, c.stride, c.pad).data), label(c)).toEqual(c.col)
        expect(Array.from(col2im(dcol, c.xShape, c.filterH, c.filterW, c.stride, c.pad).data), label(c)).toEqual(c.dx)
      }
    }
  })
})

/** A convolution geometry whose filter fits the padded input, with random data. */
const geometry = fc
  .record({
    N: fc.integer({ min: 0, max: 3 }),
    C: fc.integer({ min: 1, max: 3 }),
    H: fc.integer({ min: 1, max: 7 }),
    W: fc.integer({ min: 1, max: 7 }),
    FH: fc.integer({ min: 1, max: 4 }),
    FW: fc.integer({ min: 1, max: 4 }),
    stride: fc.integer({ min: 1, max: 3 }),
    pad: fc.integer({ min: 0, max: 2 }),
    strided: fc.boolean(),
  })
  .filter((g) => g.FH <= g.H + 2 * g.pad && g.FW <= g.W + 2 * g.pad)

const outSize = (g: { H: number; W: number; FH: number; FW: number; stride: number; pad: number }) => [
  Math.floor((g.H + 2 * g.pad - g.FH) / g.stride) + 1,
  Math.floor((g.W + 2 * g.pad - g.FW) / g.stride) + 1,
]

/** Deterministic values for a case: multiples of 1/64, so sums are exact whatever the order. */
function dyadicArray(shape: number[], seed: number): NDArray {
  const data = new Float64Array(sizeOf(shape))
  let s = seed >>> 0
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    data[i] = ((s >>> 16) % 1024) / 64 - 8
  }
  return new NDArray(data, shape, stridesOf(shape))
}

describe('7.4-im2col: fast path against the reference', () => {
  it('im2col and col2im agree with their references on random shapes, strides and pads', () => {
    fc.assert(
      fc.property(geometry, fc.integer(), (g, seed) => {
        const [OH, OW] = outSize(g) as [number, number]
        const contiguous = dyadicArray([g.N, g.C, g.H, g.W], seed)
        const x = g.strided ? asTransposedView(contiguous) : contiguous
        const fast = im2col(x, g.FH, g.FW, g.stride, g.pad)
        const ref = im2colReference(x, g.FH, g.FW, g.stride, g.pad)
        expect(fast.shape).toEqual([g.N * OH * OW, g.C * g.FH * g.FW])
        expect(Array.from(fast.data)).toEqual(Array.from(ref.data))

        const contiguousCol = dyadicArray(ref.shape as number[], seed + 1)
        const col = g.strided ? asColumnMajor(contiguousCol) : contiguousCol
        const dxFast = col2im(col, x.shape, g.FH, g.FW, g.stride, g.pad)
        const dxRef = col2imReference(col, x.shape, g.FH, g.FW, g.stride, g.pad)
        expect(dxFast.shape).toEqual([g.N, g.C, g.H, g.W])
        expect(Array.from(dxFast.data)).toEqual(Array.from(dxRef.data))
      }),
      { numRuns: 200 },
    )
  })
})

describe('7.4-im2col: col2im is the adjoint of im2col, not its inverse', () => {
  const dot = (a: NDArray, b: NDArray) => {
    let s = 0
    let scale = 0
    for (let i = 0; i < a.size; i++) {
      s += a.data[i]! * b.data[i]!
      scale += Math.abs(a.data[i]! * b.data[i]!)
    }
    return { s, scale }
  }
  const values = (n: number) => fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n })

  it('⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ within 1e-9 relative', () => {
    fc.assert(
      fc.property(
        geometry.chain((g) => {
          const [OH, OW] = outSize(g) as [number, number]
          const rows = g.N * OH * OW
          const K = g.C * g.FH * g.FW
          return fc.tuple(fc.constant(g), values(g.N * g.C * g.H * g.W), values(rows * K))
        }),
        ([g, xs, cs]) => {
          const x = new NDArray(Float64Array.from(xs), [g.N, g.C, g.H, g.W])
          const col = im2col(x, g.FH, g.FW, g.stride, g.pad)
          const c = new NDArray(Float64Array.from(cs), col.shape)
          const lhs = dot(col, c)
          const rhs = dot(x, col2im(c, x.shape, g.FH, g.FW, g.stride, g.pad))
          expect(Math.abs(lhs.s - rhs.s)).toBeLessThanOrEqual(1e-9 * Math.max(1, lhs.scale))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('col2im(im2col(x)) is x times the number of patches covering each pixel', () => {
    fc.assert(
      fc.property(geometry, fc.integer(), (g, seed) => {
        const x = dyadicArray([g.N, g.C, g.H, g.W], seed)
        const ones = new NDArray(new Float64Array(x.size).fill(1), x.shape)
        const coverage = col2im(im2col(ones, g.FH, g.FW, g.stride, g.pad), x.shape, g.FH, g.FW, g.stride, g.pad)
        const roundTrip = col2im(im2col(x, g.FH, g.FW, g.stride, g.pad), x.shape, g.FH, g.FW, g.stride, g.pad)
        // A pixel no patch covers (stride skips it) comes back as +0, not x·0 (which is −0 for x < 0).
        const expected = Array.from(x.data, (v, i) => (coverage.data[i] === 0 ? 0 : v * coverage.data[i]!))
        expect(Array.from(roundTrip.data)).toEqual(expected)
      }),
      { numRuns: 100 },
    )
  })
})

/** The error `call` throws (fails the test when it returns). */
function thrown(call: () => unknown): unknown {
  try {
    call()
  } catch (e) {
    return e
  }
  throw new Error('expected a throw')
}

describe('7.4-im2col: errors', () => {
  const zeros = (shape: number[]) => new NDArray(new Float64Array(sizeOf(shape)), shape)
  const cases: [string, () => unknown, typeof ShapeError | typeof ValueError, string][] = [
    ['x not 4-D', () => im2col(zeros([3, 4]), 2, 2), ShapeError, 'im2col: x must be 4-D (N, C, H, W), got shape (3,4)'],
    [
      'filter larger than the input',
      () => im2col(zeros([1, 1, 3, 3]), 5, 5),
      ShapeError,
      'im2col: filter (5,5) is larger than the padded input (3,3) (input (1,1,3,3), pad 0)',
    ],
    [
      'filter larger than the padded input',
      () => im2col(zeros([2, 3, 4, 4]), 3, 7, 1, 1),
      ShapeError,
      'im2col: filter (3,7) is larger than the padded input (6,6) (input (2,3,4,4), pad 1)',
    ],
    ['zero stride', () => im2col(zeros([1, 1, 3, 3]), 2, 2, 0), ValueError, 'im2col: stride must be a positive integer, got 0'],
    ['fractional stride', () => im2col(zeros([1, 1, 3, 3]), 2, 2, 1.5), ValueError, 'im2col: stride must be a positive integer, got 1.5'],
    ['fractional filterH', () => im2col(zeros([1, 1, 3, 3]), 2.5, 2), ValueError, 'im2col: filterH must be a positive integer, got 2.5'],
    ['zero filterW', () => im2col(zeros([1, 1, 3, 3]), 2, 0), ValueError, 'im2col: filterW must be a positive integer, got 0'],
    ['negative pad', () => im2col(zeros([1, 1, 3, 3]), 2, 2, 1, -1), ValueError, 'im2col: pad must be a non-negative integer, got -1'],
    [
      'col of the wrong shape',
      () => col2im(zeros([8, 26]), [2, 3, 4, 4], 3, 3),
      ShapeError,
      'col2im: col of shape (8,26) does not fit input (2,3,4,4) with filter (3,3), stride 1, pad 0: expected (N·OH·OW, C·FH·FW) = (8,27)',
    ],
    [
      'col not 2-D',
      () => col2im(zeros([216]), [2, 3, 4, 4], 3, 3),
      ShapeError,
      'col2im: col of shape (216,) does not fit input (2,3,4,4) with filter (3,3), stride 1, pad 0: expected (N·OH·OW, C·FH·FW) = (8,27)',
    ],
    ['inputShape not 4-D', () => col2im(zeros([4, 4]), [3, 3], 2, 2), ShapeError, 'col2im: inputShape must be 4-D (N, C, H, W), got (3,3)'],
    [
      'col2im filter larger than the padded input',
      () => col2im(zeros([1, 25]), [1, 1, 3, 3], 5, 5),
      ShapeError,
      'col2im: filter (5,5) is larger than the padded input (3,3) (input (1,1,3,3), pad 0)',
    ],
    ['col2im negative pad', () => col2im(zeros([4, 4]), [1, 1, 3, 3], 2, 2, 1, -2), ValueError, 'col2im: pad must be a non-negative integer, got -2'],
  ]
  for (const [name, call, type, message] of cases) {
    it(`${name} (fast and reference)`, () => {
      for (const reference of [false, true]) {
        setReferenceMode(reference)
        const error = thrown(call)
        expect(error).toBeInstanceOf(type)
        expect((error as Error).message).toBe(message)
      }
    })
  }
  it('im2colReference and col2imReference check the same way', () => {
    expect(() => im2colReference(zeros([1, 1, 3, 3]), 5, 5)).toThrow('im2col: filter (5,5) is larger than the padded input (3,3)')
    expect(() => col2imReference(zeros([8, 26]), [2, 3, 4, 4], 3, 3)).toThrow('col2im: col of shape (8,26) does not fit')
  })
})

describe('7.4-im2col: empty batches', () => {
  it('N = 0 gives (0, C·FH·FW) and back (0, C, H, W)', () => {
    for (const reference of [false, true]) {
      setReferenceMode(reference)
      const col = im2col(new NDArray(new Float64Array(0), [0, 2, 4, 4]), 3, 3)
      expect(col.shape).toEqual([0, 18])
      expect(col2im(col, [0, 2, 4, 4], 3, 3).shape).toEqual([0, 2, 4, 4])
    }
  })
})
