// Reference for 1.5.6-accuracy (book §3.6.3, §4.5.1): the share of samples whose highest score is the label.
import type { NDArray } from '@dlfs/matrix'

/** y: (N, C) scores; t: class indices (N,) or one-hot (N, C). Returns correct / N. */
export function accuracy(y: NDArray, t: NDArray): number {
  const p = y.argmax(1) // (N,): the predicted class of each sample
  const labels = t.ndim !== 1 ? t.argmax(1) : t // one-hot rows → their class index, as the book's TwoLayerNet
  return p.equal(labels).sum().item() / y.shape[0]!
}
