import { NDArray, ShapeError } from '@dlfs/matrix'
import { labelIndices, toLabelArray, type Labels } from './_labels.js'

// NOTE(book): added inside the log so that a probability of exactly 0 gives log(1e-7) ≈ −16.1,
// a large but finite loss, instead of −Infinity.
const delta = 1e-7

/**
 * Cross-entropy error (book §4.2.4): −Σ log(y[i, t_i] + 1e-7) / N.
 * y: (C,) one sample or (N, C) a batch; t: one-hot like y, or class indices (N,) (a number for one sample).
 *
 * @example
 * crossEntropyError(array([0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0]), 2) // 0.5108
 */
export function crossEntropyError(y: NDArray, t: Labels): number {
  let tt = toLabelArray(t)
  if (y.ndim === 1) {
    // One sample: make it a batch of one, as the book does (t may be one-hot (C,) or one index).
    y = y.reshape(1, y.size)
    tt = tt.reshape(1, tt.size)
    if (tt.size === 1) tt = tt.reshape(1)
  }
  if (y.ndim !== 2) {
    throw new ShapeError('crossEntropyError', `'y' must be (C,) or (N, C), got shape (${y.shape.join(',')})`, [y.shape])
  }
  const n = y.shape[0]!
  const labels = labelIndices('crossEntropyError', y, tt.ndim === 2 && tt.size === n ? tt.reshape(n) : tt)
  let total = 0
  for (let i = 0; i < n; i++) total += Math.log(y.get(i, labels[i]!) + delta)
  return -total / n
}
