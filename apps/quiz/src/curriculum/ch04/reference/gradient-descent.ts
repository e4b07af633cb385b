import { numericalGradient, type NDArray } from '@dlfs/matrix'

/**
 * Gradient descent (book §4.4.1, ch04/gradient_method.py `gradient_descent`): stepNum times,
 * x ← x − lr · ∇f(x), with ∇f taken by central differences. initX: any shape; returns the final x (same shape).
 *
 * @example
 * const f = (x: NDArray) => x.get(0) ** 2 + x.get(1) ** 2
 * gradientDescent(f, array([-3, 4]), 0.1, 100).toArray() // ≈ [-6.1e-10, 8.1e-10]
 */
export function gradientDescent(f: (x: NDArray) => number, initX: NDArray, lr = 0.01, stepNum = 100): NDArray {
  // NOTE(book): the book writes `x = init_x`, so its loop also changes the caller's init_x; we copy.
  const x = initX.copy()
  for (let i = 0; i < stepNum; i++) {
    const grad = numericalGradient(f, x) // same shape as x
    x.subInPlace(grad.mul(lr))
  }
  return x
}
