// 4.4.1-gradient-descent — 本書 §4.4.1「勾配法」 / book §4.4.1 "The gradient method"
// Read README.md beside this file, then run: pnpm quiz check 4.4.1-gradient-descent
import type { NDArray } from '@dlfs/matrix'

/**
 * Gradient descent: stepNum times, x ← x − lr · ∇f(x) (the gradient by numerical differentiation).
 * initX: any shape (left unchanged); returns the final x, of initX's shape.
 */
export function gradientDescent(f: (x: NDArray) => number, initX: NDArray, lr = 0.01, stepNum = 100): NDArray {
  // TODO(4.4.1-gradient-descent): start from a copy of initX; stepNum times, subtract lr × the gradient of f at x.
  throw new Error('TODO(4.4.1-gradient-descent): not implemented')
}
