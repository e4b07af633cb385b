// 1.5.5-broadcast — 本書 §1.5.5「ブロードキャスト」 / book §1.5.5 "Broadcasting"
// Read README.md beside this file, then run: pnpm quiz check 1.5.5-broadcast
import type { NDArray } from '@dlfs/matrix'

/** x: (N, M), b: (M,) → (N, M): b added to every row of x. */
export function addBias(x: NDArray, b: NDArray): NDArray {
  // TODO(1.5.5-broadcast): add b to every row of x (numpy: x + b).
  throw new Error('TODO(1.5.5-broadcast): not implemented')
}

/** x: (N, D) → (N, D): each column minus the mean of that column. */
export function centerColumns(x: NDArray): NDArray {
  // TODO(1.5.5-broadcast): subtract the column means, shape (D,) (numpy: x - x.mean(axis=0)).
  throw new Error('TODO(1.5.5-broadcast): not implemented')
}

/** x: (N, D) → (N, D): each row minus the mean of that row. */
export function centerRows(x: NDArray): NDArray {
  // TODO(1.5.5-broadcast): subtract the row means; mind their shape (numpy: x - x.mean(axis=1, keepdims=True)).
  throw new Error('TODO(1.5.5-broadcast): not implemented')
}
