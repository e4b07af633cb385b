import { ShapeError, type NDArray } from '@dlfs/matrix'

/**
 * Softmax along the last axis (book §3.5.2). x: (C,) or (N, C) or any (..., C); returns the same shape,
 * each row non-negative and summing to 1.
 *
 * @example
 * softmax(array([0.3, 2.9, 4.0])) // [0.0182, 0.2452, 0.7366]
 */
export function softmax(x: NDArray): NDArray {
  if (x.ndim === 0) throw new ShapeError('softmax', "argument 'x' must have at least one axis, got a 0-d array", [x.shape])
  // Subtracting the row max changes nothing mathematically (it cancels in the ratio) but keeps
  // exp() from overflowing: logits of 1000 would otherwise give Infinity / Infinity = NaN.
  const c = x.max(-1, true)
  const e = x.sub(c).exp()
  return e.div(e.sum(-1, true))
}
