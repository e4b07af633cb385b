// 1.5.4-sum-axis — 本書 §1.5.4「NumPy の N 次元配列」の軸、§5.6.2 の np.sum(axis=0) / book §1.5.4 "N-dimensional arrays" (axes), np.sum(axis=0) in §5.6.2
// Read README.md beside this file, then run: pnpm quiz check 1.5.4-sum-axis
import type { NDArray } from '@dlfs/matrix'

/** x: (N, D) → (N,): the total of each row. */
export function rowTotals(x: NDArray): NDArray {
  // TODO(1.5.4-sum-axis): sum each row (which axis runs along a row?).
  throw new Error('TODO(1.5.4-sum-axis): not implemented')
}

/** x: (N, D) → (D,): the total of each column, as db = np.sum(dout, axis=0) in §5.6.2. */
export function columnTotals(x: NDArray): NDArray {
  // TODO(1.5.4-sum-axis): sum each column.
  throw new Error('TODO(1.5.4-sum-axis): not implemented')
}
