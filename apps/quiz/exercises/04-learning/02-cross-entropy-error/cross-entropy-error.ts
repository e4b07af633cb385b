// 4.2.4-cross-entropy-error — 本書 §4.2.4「ミニバッチ対応版 交差エントロピー誤差の実装」 / book §4.2.4 "Cross-entropy error for mini-batches"
// Read README.md beside this file, then run: pnpm quiz check 4.2.4-cross-entropy-error
import type { NDArray } from '@dlfs/matrix'

/**
 * E = −(1/N) Σₙ log(y[n, tₙ] + 1e-7).
 * y: (N, C) a batch of probabilities, or (C,) one sample (a batch of one).
 * t: one-hot, the shape of y; or class indices (N,) (for one sample, array([k])).
 * Returns a number.
 */
export function crossEntropyError(y: NDArray, t: NDArray): number {
  // TODO(4.2.4-cross-entropy-error): make a 1-D y a batch of one, turn one-hot t into class indices,
  // then average −log(y[n, tₙ] + delta) over the batch (delta = 1e-7).
  throw new Error('TODO(4.2.4-cross-entropy-error): not implemented')
}
