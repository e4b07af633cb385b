// Reference for 1.5.5-broadcast (book §1.5.5): numpy's broadcasting through @dlfs/matrix.
import type { NDArray } from '@dlfs/matrix'

/** x: (N, M), b: (M,) → (N, M): b is broadcast over the N rows (the bias of §3.3.3). */
export function addBias(x: NDArray, b: NDArray): NDArray {
  return x.add(b)
}

/** x: (N, D) → (N, D): each column minus its mean. x.mean(0) is (D,), which lines up with the last axis. */
export function centerColumns(x: NDArray): NDArray {
  return x.sub(x.mean(0))
}

/**
 * x: (N, D) → (N, D): each row minus its mean. x.mean(1) alone is (N,), which numpy would line up with
 * the last axis (D); keepdims keeps it as a column (N, 1), which broadcasts along each row.
 */
export function centerRows(x: NDArray): NDArray {
  return x.sub(x.mean(1, true))
}
