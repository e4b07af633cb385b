import type { NDArray } from '../ndarray.js'
import { indexToPosition, ordinalToIndex } from '../indexing.js'
import { stridesOf } from '../shape.js'
import { forEachRun } from './strided.js'
import type { UnaryRun } from './runs.js'

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

/** Fast path, same result: the op's own loop (`run`, kernels/runs.ts) over x's runs (kernels/strided.ts). */
export function mapFast(x: NDArray, run: UnaryRun): Float64Array {
  const out = new Float64Array(x.size)
  forEachRun(x.shape, [stridesOf(x.shape), x.strides], [0, x.offset], (m, n, p, P, s) => run(m, n, out, p[0]!, P[0]!, s[0]!, x.data, p[1]!, P[1]!, s[1]!))
  return out
}
