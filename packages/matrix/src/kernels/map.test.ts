import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NDArray } from '../ndarray.js'
import { mapFast, mapReference, type UnaryFn } from './map.js'
import * as runs from './runs.js'
import { arrayOfShape, flatValues, shapeArb, specialValueArb } from '../../test/arbitraries.js'

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
/** Contiguous, transposed, strided and (on top of any of those) reversed views. */
const anyViewArb = shapeArb().chain((shape) =>
  fc.tuple(arrayOfShape(shape, specialValueArb), fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length })).map(([x, flips]) => flipped(x, flips)),
)

// Each op's own loop (kernels/runs.ts) against its function, and the generic loop of any function.
const FNS: [string, UnaryFn, runs.UnaryRun][] = [
  ['identity (copy)', (v) => v, runs.copyRun],
  ['exp', Math.exp, runs.expRun],
  ['sqrt', Math.sqrt, runs.sqrtRun],
  ['neg (generic loop)', (v) => -v, runs.unaryRunOf((v) => -v)],
  ['affine 2v+1 (generic loop)', (v) => 2 * v + 1, runs.unaryRunOf((v) => 2 * v + 1)],
]

describe.each(FNS)('map kernels with %s', (_, fn, run) => {
  it('mapFast gives the same bits as mapReference on every layout (0-d, size 0, reversed views)', () => {
    fc.assert(
      fc.property(anyViewArb, (x) => {
        const fast = mapFast(x, run)
        expect(fast).toEqual(mapReference(x, fn)) // Float64Array toEqual: Object.is per element
        expect(Array.from(fast)).toEqual(flatValues(x).map(fn)) // and both are fn over C order
      }),
    )
  })
})

describe('map kernels', () => {
  it('call fn once per element, the reference in C order, and return a fresh buffer', () => {
    fc.assert(
      fc.property(anyViewArb, (x) => {
        const seenRef: number[] = []
        const seenFast: number[] = []
        const outRef = mapReference(x, (v) => (seenRef.push(v), v))
        const outFast = mapFast(x, runs.unaryRunOf((v) => (seenFast.push(v), v)))
        expect(seenRef).toEqual(flatValues(x))
        expect(seenFast.length).toBe(x.size)
        expect(outRef.buffer).not.toBe(x.data.buffer)
        expect(outFast.buffer).not.toBe(x.data.buffer)
      }),
    )
  })
  it('read only the view: values outside it never reach fn', () => {
    // A (2,2) window with offset 1 into a (3,4) buffer of NaNs everywhere else.
    const data = new Float64Array(12).fill(NaN)
    for (const p of [5, 6, 9, 10]) data[p] = p
    const window = new NDArray(data, [2, 2], [4, 1], 5)
    expect(Array.from(mapFast(window, runs.copyRun))).toEqual([5, 6, 9, 10])
    expect(Array.from(mapReference(window, (v) => v))).toEqual([5, 6, 9, 10])
  })
})
