import type { NDArray } from '../ndarray.js'
import { broadcastStrides } from '../broadcast.js'
import { indexToPosition, nextIndex, ordinalToIndex } from '../indexing.js'
import { shapesEqual, sizeOf } from '../shape.js'

/** A function of two elements: `(a, b) => a + b`, `Math.max`, … */
export type BinaryFn = (a: number, b: number) => number

/**
 * Reference: `out[index] = fn(a[index], b[index])` over `outShape`, reading a and b with
 * broadcast strides (0 along the axes they are stretched on). Returns a C-contiguous buffer.
 */
export function zipReference(a: NDArray, b: NDArray, fn: BinaryFn, outShape: readonly number[]): Float64Array {
  const sa = broadcastStrides(a.shape, a.strides, outShape)
  const sb = broadcastStrides(b.shape, b.strides, outShape)
  const out = new Float64Array(sizeOf(outShape))
  const index = new Array<number>(outShape.length).fill(0)
  for (let k = 0; k < out.length; k++) {
    ordinalToIndex(k, outShape, index)
    out[k] = fn(a.data[indexToPosition(index, sa, a.offset)]!, b.data[indexToPosition(index, sb, b.offset)]!)
  }
  return out
}

/**
 * Fast path, same result. Specialises the cases that dominate training:
 * equal contiguous shapes (one flat loop), an array with a single number (a scalar loop),
 * and otherwise an odometer over the outer axes with a strided inner loop.
 */
export function zipFast(a: NDArray, b: NDArray, fn: BinaryFn, outShape: readonly number[]): Float64Array {
  const out = new Float64Array(sizeOf(outShape))
  const ad = a.data
  const bd = b.data
  const ao = a.offset
  const bo = b.offset
  const aFull = shapesEqual(a.shape, outShape) && a.isContiguous()
  const bFull = shapesEqual(b.shape, outShape) && b.isContiguous()
  if (aFull && bFull) {
    for (let k = 0; k < out.length; k++) out[k] = fn(ad[ao + k]!, bd[bo + k]!)
    return out
  }
  if (aFull && b.size === 1) {
    const s = bd[bo]!
    for (let k = 0; k < out.length; k++) out[k] = fn(ad[ao + k]!, s)
    return out
  }
  if (bFull && a.size === 1) {
    const s = ad[ao]!
    for (let k = 0; k < out.length; k++) out[k] = fn(s, bd[bo + k]!)
    return out
  }
  if (out.length === 0) return out
  const sa = broadcastStrides(a.shape, a.strides, outShape)
  const sb = broadcastStrides(b.shape, b.strides, outShape)
  const last = outShape.length - 1
  if (last < 0) {
    out[0] = fn(ad[ao]!, bd[bo]!)
    return out
  }
  const n = outShape[last]!
  const stepA = sa[last]!
  const stepB = sb[last]!
  const outer = outShape.slice(0, last)
  const index = new Array<number>(last).fill(0)
  let k = 0
  do {
    let pa = indexToPosition(index, sa, ao)
    let pb = indexToPosition(index, sb, bo)
    for (let j = 0; j < n; j++, pa += stepA, pb += stepB) out[k++] = fn(ad[pa]!, bd[pb]!)
  } while (nextIndex(index, outer))
  return out
}
