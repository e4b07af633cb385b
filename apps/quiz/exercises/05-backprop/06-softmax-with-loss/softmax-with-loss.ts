// 5.6.3-softmax-with-loss — 本書 §5.6.3「Softmax-with-Lossレイヤ」 / book §5.6.3 "Softmax-with-Loss layer"
// Read README.md beside this file, then run: pnpm quiz check 5.6.3-softmax-with-loss
import type { NDArray } from '@dlfs/matrix'

/**
 * Softmax followed by the cross-entropy error, as one layer. x: scores (N, C), or (C,) for one sample;
 * t: one-hot labels of x's shape, or class indices (N,) ([k] for one sample).
 */
export class SoftmaxWithLoss {
  /** The loss of the last forward. */
  loss: number | null = null
  /** softmax(x), same shape as x: backward needs it. */
  y: NDArray | null = null
  /** The labels given to forward: one-hot or indices. */
  t: NDArray | null = null

  /** Returns the mean cross-entropy error of softmax(x) against t (a number). */
  forward(x: NDArray, t: NDArray): number {
    // TODO(5.6.3-softmax-with-loss): y = softmax(x) (subtract each row's max first), keep y and t, return the loss.
    throw new Error('TODO(5.6.3-softmax-with-loss): not implemented')
  }

  /** dout: ∂L/∂loss (1 by default) → dx of x's shape: (y − t) / N (times dout). */
  backward(dout = 1): NDArray {
    // TODO(5.6.3-softmax-with-loss): one-hot t: (y − t)/N; index t: y with 1 subtracted at each label, /N. N = 1 for one sample.
    throw new Error('TODO(5.6.3-softmax-with-loss): not implemented')
  }
}
