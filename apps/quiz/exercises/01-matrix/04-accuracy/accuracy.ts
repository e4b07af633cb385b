// 1.5.6-accuracy — 本書 §1.5.6「要素へのアクセス」、§3.6.3「バッチ処理」 / book §1.5.6 "Accessing elements", §3.6.3 "Batch processing"
// Read README.md beside this file, then run: pnpm quiz check 1.5.6-accuracy
import type { NDArray } from '@dlfs/matrix'

/**
 * y: (N, C) scores of N samples over C classes; t: the labels, either class indices (N,) or one-hot (N, C).
 * Returns the share of samples whose highest score is at the label, a number in [0, 1].
 */
export function accuracy(y: NDArray, t: NDArray): number {
  // TODO(1.5.6-accuracy): predicted classes (N,), labels as indices (N,), then count the matches and divide by N.
  throw new Error('TODO(1.5.6-accuracy): not implemented')
}
