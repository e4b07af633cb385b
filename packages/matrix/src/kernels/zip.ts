import type { NDArray } from '../ndarray.js'
import { broadcastStrides } from '../broadcast.js'
import { indexToPosition, ordinalToIndex } from '../indexing.js'
import { sizeOf, stridesOf } from '../shape.js'
import { forEachRun } from './strided.js'
import type { BinaryRun } from './runs.js'

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
 * Fast path, same result: the op's own loop (`run`, from kernels/runs.ts) over the few blocks of runs
 * that `forEachRun` cuts the broadcast into: one run when a and b are contiguous, a block of one run
 * per row when a bias is added, a block of strided runs per image of a transposed view.
 */
export function zipFast(a: NDArray, b: NDArray, run: BinaryRun, outShape: readonly number[]): Float64Array {
  const out = new Float64Array(sizeOf(outShape))
  const strides = [stridesOf(outShape), broadcastStrides(a.shape, a.strides, outShape), broadcastStrides(b.shape, b.strides, outShape)]
  forEachRun(outShape, strides, [0, a.offset, b.offset], (m, n, p, P, s) =>
    run(m, n, out, p[0]!, P[0]!, s[0]!, a.data, p[1]!, P[1]!, s[1]!, b.data, p[2]!, P[2]!, s[2]!))
  return out
}
