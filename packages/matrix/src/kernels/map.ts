import type { NDArray } from '../ndarray.js'
import { indexToPosition, nextIndex, ordinalToIndex } from '../indexing.js'

/** A function of one element: `Math.exp`, `(v) => -v`, … */
export type UnaryFn = (v: number) => number

/**
 * Reference: `out[k] = fn(x[index(k)])` for every element in C order, finding each element
 * through its multi-index. Works for any strides; returns a C-contiguous buffer of x.size.
 */
export function mapReference(x: NDArray, fn: UnaryFn): Float64Array {
  const out = new Float64Array(x.size)
  const index = new Array<number>(x.ndim).fill(0)
  for (let k = 0; k < out.length; k++) {
    ordinalToIndex(k, x.shape, index)
    out[k] = fn(x.data[indexToPosition(index, x.strides, x.offset)]!)
  }
  return out
}

/**
 * Fast path, same result: one flat loop when x is contiguous; otherwise an odometer over the
 * outer axes and a strided loop over the last axis (no division per element).
 */
export function mapFast(x: NDArray, fn: UnaryFn): Float64Array {
  const out = new Float64Array(x.size)
  const { data, offset } = x
  if (x.isContiguous()) {
    for (let k = 0; k < out.length; k++) out[k] = fn(data[offset + k]!)
    return out
  }
  if (out.length === 0) return out
  const last = x.ndim - 1
  const n = x.shape[last]!
  const step = x.strides[last]!
  const outer = x.shape.slice(0, last)
  const index = new Array<number>(last).fill(0)
  let k = 0
  do {
    let pos = indexToPosition(index, x.strides, offset)
    for (let j = 0; j < n; j++, pos += step) out[k++] = fn(data[pos]!)
  } while (nextIndex(index, outer))
  return out
}
