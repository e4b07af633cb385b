// 4.2.1-sum-squared-error — 本書 §4.2.1「2乗和誤差」 / book §4.2.1 "Sum of squared errors"
// Read README.md beside this file, then run: pnpm quiz check 4.2.1-sum-squared-error
import type { NDArray } from '@dlfs/matrix'

/** E = ½ Σ (y − t)². y, t: the same shape, any rank (one sample (C,) or a batch (N, C)); returns a number. */
export function sumSquaredError(y: NDArray, t: NDArray): number {
  // TODO(4.2.1-sum-squared-error): square y − t element by element, sum everything, multiply by 0.5.
  throw new Error('TODO(4.2.1-sum-squared-error): not implemented')
}
