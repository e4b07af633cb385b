// 4.4-numerical-gradient — 本書 §4.4「勾配」 / book §4.4 "Gradient"
// Read README.md beside this file, then run: pnpm quiz check 4.4-numerical-gradient
import type { NDArray } from '@dlfs/matrix'

/**
 * The gradient of f at x by central differences (h = 1e-4), one element at a time.
 * x: any shape, C-contiguous (x.data holds its elements in order); returns a new array of x's shape.
 * f may ignore its argument and read x directly, so nudge x itself and put each value back.
 */
export function numericalGradient(f: (x: NDArray) => number, x: NDArray): NDArray {
  // TODO(4.4-numerical-gradient): for each element: save it, f at x + h, f at x − h, restore it;
  // grad = (f(x + h) − f(x − h)) / 2h.
  throw new Error('TODO(4.4-numerical-gradient): not implemented')
}
