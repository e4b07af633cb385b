import { shapeMismatch, shapesEqual, type NDArray } from '@dlfs/matrix'

/**
 * Sum of squared errors (book §4.2.1, called mean_squared_error in early printings): 0.5·Σ(y − t)².
 * y, t: the same shape.
 *
 * @example
 * sumSquaredError(array([0.1, 0.05, 0.6]), array([0, 0, 1])) // 0.08625
 */
export function sumSquaredError(y: NDArray, t: NDArray): number {
  if (!shapesEqual(y.shape, t.shape)) throw shapeMismatch('sumSquaredError', "shapes of 'y' and 't'", y.shape, t.shape)
  const d = y.sub(t)
  return 0.5 * d.mul(d).sum().item()
}
