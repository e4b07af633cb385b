import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NDArray } from '../ndarray.js'
import { broadcastShapes } from '../broadcast.js'
import { sizeOf } from '../shape.js'
import { zipFast, zipReference, type BinaryFn } from './zip.js'
import * as runs from './runs.js'
import { arrayOfShape, broadcastShapesArb, flatValues, shapeArb, specialValueArb } from '../../test/arbitraries.js'

/** x with a random subset of axes read backwards (negative strides), as numpy's `x[::-1]`. */
function flipped(x: NDArray, flips: readonly boolean[]): NDArray {
  let offset = x.offset
  const strides = x.strides.map((s, i) => {
    if (!flips[i] || x.size === 0) return s
    offset += (x.shape[i]! - 1) * s
    return -s
  })
  return new NDArray(x.data, x.shape, strides, offset)
}
/** An array of `shape` stored contiguous, transposed or strided, possibly with reversed axes. */
const viewOfShape = (shape: readonly number[]) =>
  fc.tuple(arrayOfShape(shape, specialValueArb), fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length })).map(([x, flips]) => flipped(x, flips))
const pairArb = broadcastShapesArb().chain(([a, b]) => fc.tuple(viewOfShape(a), viewOfShape(b)))

// Each op's own loop (kernels/runs.ts) against the function it must compute, and the generic loop
// of any function; non-commutative functions too, so a kernel that swaps its operands fails.
const FNS: [string, BinaryFn, runs.BinaryRun][] = [
  ['add', (a, b) => a + b, runs.addRun],
  ['sub', (a, b) => a - b, runs.subRun],
  ['mul', (a, b) => a * b, runs.mulRun],
  ['div', (a, b) => a / b, runs.divRun],
  ['lessEqual', (a, b) => (a <= b ? 1 : 0), runs.lessEqualRun],
  ['greater', (a, b) => (a > b ? 1 : 0), runs.greaterRun],
  ['set (b as it is)', (_, b) => b, runs.setRun],
  ['a - 2b (generic loop)', (a, b) => a - 2 * b, runs.binaryRunOf((a, b) => a - 2 * b)],
  ['pow (generic loop)', Math.pow, runs.binaryRunOf(Math.pow)],
]

/** Both kernels on one pair, checked bit for bit. */
function expectKernelsAgree(a: NDArray, b: NDArray, fn: BinaryFn, run: runs.BinaryRun): void {
  const outShape = broadcastShapes('test', a.shape, b.shape)
  const fast = zipFast(a, b, run, outShape)
  expect(fast.length).toBe(sizeOf(outShape))
  expect(fast).toEqual(zipReference(a, b, fn, outShape)) // Float64Array toEqual: Object.is per element
}

describe.each(FNS)('zip kernels with %s', (_, fn, run) => {
  it('zipFast gives the same bits as zipReference on broadcast pairs of every layout', () => {
    fc.assert(fc.property(pairArb, ([a, b]) => expectKernelsAgree(a, b, fn, run)))
  })
  it('agree when one side holds a single number, in any number of dimensions (the scalar loop)', () => {
    const arb = shapeArb().chain((shape) =>
      fc.tuple(
        viewOfShape(shape),
        fc.integer({ min: 0, max: shape.length }).chain((k) => viewOfShape(new Array<number>(k).fill(1))),
        fc.boolean(),
      ),
    )
    fc.assert(fc.property(arb, ([x, one, swap]) => (swap ? expectKernelsAgree(one, x, fn, run) : expectKernelsAgree(x, one, fn, run))))
  })
})

describe('zip kernels', () => {
  it('read a stride-0 (already broadcast) operand like its repeated values', () => {
    // b is a (3,) row repeated down 2 rows without copying, as numpy's broadcast_to.
    const a = new NDArray(Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3])
    const b = new NDArray(Float64Array.of(10, 20, 30), [2, 3], [0, 1])
    const sum = (p: number, q: number) => p + q
    const want = flatValues(a).map((v, k) => v + flatValues(b)[k]!)
    expect(Array.from(zipFast(a, b, runs.addRun, [2, 3]))).toEqual(want)
    expect(Array.from(zipReference(a, b, sum, [2, 3]))).toEqual(want)
  })
  it('never write into their inputs and return a fresh buffer', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const before = [Float64Array.from(a.data), Float64Array.from(b.data)]
        const outShape = broadcastShapes('test', a.shape, b.shape)
        for (const out of [zipFast(a, b, runs.binaryRunOf(Math.min), outShape), zipReference(a, b, Math.min, outShape)]) {
          expect(out.buffer === a.data.buffer || out.buffer === b.data.buffer).toBe(false)
        }
        expect([a.data, b.data]).toEqual(before)
      }),
    )
  })
})
