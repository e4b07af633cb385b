import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NDArray } from '../ndarray.js'
import { sizeOf, stridesOf } from '../shape.js'
import { reduceFast, reduceReference, type Reducer } from './reduce.js'
import { arrayArb, arrayOfShape, flatValues, sameValues, shapeArb, specialValueArb } from '../../test/arbitraries.js'

// Reducers: a sum, a NaN-sticky max (as ops/reduce.ts folds them), and an order-sensitive fold
// (acc·0.5 + v) that gives different bits as soon as two paths visit elements in a different order.
const REDUCERS: Record<string, Reducer> = {
  sum: { init: 0, step: (acc, v) => acc + v },
  max: { init: -Infinity, step: (acc, v) => (v > acc || v !== v ? v : acc) },
  ordered: { init: 1, step: (acc, v) => acc * 0.5 + v },
}

/**
 * Plain-loop fold written here, independent of the kernels: walk x in C order, folding each element
 * into its output slot (kept axes in C order). For a fixed output, the reduced elements come in C order.
 */
function foldInCOrder(x: NDArray, axes: readonly number[], r: Reducer): Float64Array {
  const kept = x.shape.flatMap((d, i) => (axes.includes(i) ? [] : [d]))
  const out = new Float64Array(sizeOf(kept)).fill(r.init)
  if (x.size === 0) return out
  const index = x.shape.map(() => 0)
  for (;;) {
    let o = 0
    let pos = x.offset
    index.forEach((v, i) => {
      pos += v * x.strides[i]!
      if (!axes.includes(i)) o = o * x.shape[i]! + v
    })
    out[o] = r.step(out[o]!, x.data[pos]!)
    let i = x.ndim - 1
    while (i >= 0 && ++index[i]! === x.shape[i]!) index[i--] = 0
    if (i < 0) return out
  }
}

/** Sorted unique axes of an ndim-array (any subset, the empty one and all axes included). */
const axesArb = (ndim: number) => fc.subarray(Array.from({ length: ndim }, (_, i) => i))
const caseArb = arrayArb({}, specialValueArb).chain((x) => fc.tuple(fc.constant(x), axesArb(x.ndim)))

describe('kernels/reduce: reduceFast against reduceReference', () => {
  for (const [name, r] of Object.entries(REDUCERS)) {
    it(`${name}: same bits on random shapes, layouts and axes`, () => {
      fc.assert(
        fc.property(caseArb, ([x, axes]) => {
          const fast = Array.from(reduceFast(x, axes, r))
          const ref = Array.from(reduceReference(x, axes, r))
          expect(sameValues(fast, ref)).toBe(true)
          expect(sameValues(ref, Array.from(foldInCOrder(x, axes, r)))).toBe(true)
        }),
        { numRuns: 300 },
      )
    })
  }

  // Each fast path on purpose: contiguous with trailing axes (a flat run per output), contiguous with
  // leading axes (a bias gradient: sum over the batch axis), and the strided odometer.
  const contiguous = (s: number[]) => arrayOfShape(s, specialValueArb).map((a) => new NDArray(Float64Array.of(0, ...flatValues(a)), s, stridesOf(s), 1))
  const paths: [string, fc.Arbitrary<[NDArray, number[]]>][] = [
    ['contiguous, trailing axes', shapeArb({ minDims: 1 }).chain((s) => fc.tuple(contiguous(s), fc.integer({ min: 1, max: s.length }).map((k) => range(s.length - k, s.length))))],
    ['contiguous, leading axes', shapeArb({ minDims: 1 }).chain((s) => fc.tuple(contiguous(s), fc.integer({ min: 1, max: s.length }).map((k) => range(0, k))))],
    ['contiguous, middle axis', shapeArb({ minDims: 3, maxDims: 4 }).chain((s) => fc.tuple(contiguous(s), fc.constant([1])))],
  ]
  for (const [label, arb] of paths) {
    it(`ordered fold, ${label}: the same order of operations`, () => {
      fc.assert(
        fc.property(arb, ([x, axes]) => {
          const r = REDUCERS.ordered!
          expect(sameValues(Array.from(reduceFast(x, axes, r)), Array.from(reduceReference(x, axes, r)))).toBe(true)
        }),
        { numRuns: 200 },
      )
    })
  }
})

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i)
}

describe('kernels/reduce: edge cases', () => {
  const sumR = REDUCERS.sum!
  const seven: Reducer = { init: 7, step: (acc, v) => acc + v }
  const x = new NDArray(Float64Array.from({ length: 27 }, (_, i) => i * 1.5), [2, 3, 4], stridesOf([2, 3, 4]), 3)

  it('the output has one value per kept element, in C order over the kept axes', () => {
    for (const axes of [[], [0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]]) {
      const want = foldInCOrder(x, axes, sumR)
      for (const kernel of [reduceFast, reduceReference]) {
        const got = kernel(x, axes, sumR)
        expect(got.length).toBe(sizeOf(x.shape.filter((_, i) => !axes.includes(i))))
        expect(Array.from(got)).toEqual(Array.from(want))
      }
    }
  })
  it('an empty fold gives init; an empty output gives an empty buffer', () => {
    for (const kernel of [reduceFast, reduceReference]) {
      expect(Array.from(kernel(new NDArray(new Float64Array(0), [3, 0]), [1], seven))).toEqual([7, 7, 7])
      expect(Array.from(kernel(new NDArray(new Float64Array(0), [0, 3]), [0], seven))).toEqual([7, 7, 7])
      expect(Array.from(kernel(new NDArray(new Float64Array(0), [0, 3]), [1], seven))).toEqual([])
      expect(Array.from(kernel(new NDArray(new Float64Array(0), [2, 0, 3]), [0, 2], seven))).toEqual([])
    }
  })
  it('a 0-d array: no axes folds the one value once', () => {
    const s = new NDArray(Float64Array.of(-1, 2.5), [], [], 1)
    for (const kernel of [reduceFast, reduceReference]) expect(Array.from(kernel(s, [], seven))).toEqual([9.5])
  })
  it('a transposed view and its contiguous copy reduce alike', () => {
    const t = new NDArray(x.data, [4, 3, 2], [1, 4, 12], 3)
    const c = new NDArray(Float64Array.from(foldInCOrder(t, [], { init: 0, step: (_, v) => v })), [4, 3, 2])
    for (const axes of [[0], [2], [0, 1], [1, 2]]) {
      expect(Array.from(reduceFast(t, axes, sumR))).toEqual(Array.from(reduceFast(c, axes, sumR)))
    }
  })
  it('the input is left unchanged', () => {
    fc.assert(fc.property(caseArb, ([a, axes]) => {
      const before = Array.from(a.data)
      reduceFast(a, axes, sumR)
      reduceReference(a, axes, sumR)
      expect(sameValues(Array.from(a.data), before)).toBe(true)
    }))
  })
})
