// 3.5.2-softmax — 本書 §3.5.2「ソフトマックス関数の実装上の注意」 / book §3.5.2 "Implementing softmax: a caveat"
// Read README.md beside this file, then run: pnpm quiz check 3.5.2-softmax
import type { NDArray } from '@dlfs/matrix'

/** x: (C,) one sample, or (N, C) a batch → the same shape; each row is non-negative and sums to 1. */
export function softmax(x: NDArray): NDArray {
  // TODO(3.5.2-softmax): subtract each row's max, take exp, divide by the row's sum (all along the last axis).
  throw new Error('TODO(3.5.2-softmax): not implemented')
}
