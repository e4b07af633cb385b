// 4.5-two-layer-net-numerical — 本書 §4.5.1「2層ニューラルネットワークのクラス」 / book §4.5.1 "A two-layer neural network class"
// Read README.md beside this file, then run: pnpm quiz check 4.5-two-layer-net-numerical
import type { NDArray } from '@dlfs/matrix'

/** The book's constructor arguments (input_size, hidden_size, output_size, weight_init_std=0.01). */
export interface TwoLayerNetOptions {
  inputSize: number
  hiddenSize: number
  outputSize: number
  weightInitStd?: number
}

/** The ch04 two-layer net: x·W1 + b1 → sigmoid → ·W2 + b2 → softmax. x: (N, inputSize). */
export class TwoLayerNet {
  /** W1 (inputSize, hiddenSize), b1 (hiddenSize,), W2 (hiddenSize, outputSize), b2 (outputSize,). */
  params: Record<string, NDArray>

  constructor({ inputSize, hiddenSize, outputSize, weightInitStd = 0.01 }: TwoLayerNetOptions) {
    // TODO(4.5-two-layer-net-numerical): W = weightInitStd · randn (new Rng(seed).randn(rows, cols)), b = zeros.
    throw new Error('TODO(4.5-two-layer-net-numerical): not implemented')
  }

  /** x: (N, inputSize) → probabilities y (N, outputSize). */
  predict(x: NDArray): NDArray {
    // TODO(4.5-two-layer-net-numerical): a1 = x·W1 + b1, z1 = sigmoid(a1), a2 = z1·W2 + b2, y = softmax(a2).
    throw new Error('TODO(4.5-two-layer-net-numerical): not implemented')
  }

  /** Cross-entropy error of predict(x); t: one-hot (N, outputSize) or class indices (N,). */
  loss(x: NDArray, t: NDArray): number {
    // TODO(4.5-two-layer-net-numerical): crossEntropyError(this.predict(x), t).
    throw new Error('TODO(4.5-two-layer-net-numerical): not implemented')
  }

  /** Fraction of the N samples whose argmax matches t (one-hot or class indices). */
  accuracy(x: NDArray, t: NDArray): number {
    // TODO(4.5-two-layer-net-numerical): compare predict(x).argmax(1) with the labels; count / N.
    throw new Error('TODO(4.5-two-layer-net-numerical): not implemented')
  }

  /** { W1, b1, W2, b2 }: central differences of loss(x, t) over each parameter, shaped like it. */
  numericalGradient(x: NDArray, t: NDArray): Record<string, NDArray> {
    // TODO(4.5-two-layer-net-numerical): for each key, numericalGradient(() => this.loss(x, t), this.params[key]).
    throw new Error('TODO(4.5-two-layer-net-numerical): not implemented')
  }
}
