// Reference for 1.5.4-sum-axis (book §5.6.2): sums over one axis of a 2-D array.
import type { NDArray } from '@dlfs/matrix'

/** x: (N, D) → (N,): the total of each row (axis 1 runs along a row). */
export function rowTotals(x: NDArray): NDArray {
  return x.sum(1)
}

/** x: (N, D) → (D,): the total of each column, as db = np.sum(dout, axis=0) of §5.6.2. */
export function columnTotals(x: NDArray): NDArray {
  return x.sum(0)
}
