// Labels for the chapter 4 checks: class indices and their one-hot rows.
import { Rng, zeros, type NDArray } from '@dlfs/matrix'

/** n class indices in [0, c), deterministic in seed: shape (n,). */
export function randomLabels(seed: number, n: number, c: number): NDArray {
  return new Rng(seed).integers(0, c, [n])
}

/** Class indices (n,) → one-hot rows (n, c). */
export function oneHot(labels: NDArray, c: number): NDArray {
  const n = labels.shape[0]!
  const out = zeros([n, c])
  for (let i = 0; i < n; i++) out.set([i, labels.get(i)], 1)
  return out
}
