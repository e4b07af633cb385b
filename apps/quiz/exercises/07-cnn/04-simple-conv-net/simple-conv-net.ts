// 7.5-simple-conv-net — 本書 §7.5「CNNの実装」 / book §7.5 "Implementing a CNN"
// Read README.md beside this file, then run: pnpm quiz check 7.5-simple-conv-net
import type { NDArray } from '@dlfs/matrix'

/** The book's constructor arguments: input_dim, conv_param, hidden_size, output_size, weight_init_std. */
export interface SimpleConvNetOptions {
  /** (C, H, W) of one image, square (H = W); default [1, 28, 28]. */
  inputDim?: [number, number, number]
  /** Default { filterNum: 30, filterSize: 5, pad: 0, stride: 1 }. */
  convParam?: { filterNum?: number; filterSize?: number; pad?: number; stride?: number }
  /** Default 100. */
  hiddenSize?: number
  /** Default 10. */
  outputSize?: number
  /** Default 0.01. */
  weightInitStd?: number
}

/**
 * Conv1 → Relu1 → Pool1 (2×2, stride 2) → Affine1 → Relu2 → Affine2 → SoftmaxWithLoss.
 * x: (N, C, H, W); t: one-hot (N, outputSize) or class indices (N,).
 */
export class SimpleConvNet {
  /** W1 (FN, C, FS, FS), b1 (FN,), W2 (FN·(convOut/2)², hiddenSize), b2 (hiddenSize,), W3 (hiddenSize, outputSize), b3 (outputSize,). */
  params: Record<string, NDArray>

  constructor(options: SimpleConvNetOptions = {}) {
    // TODO(7.5-simple-conv-net): initialise the six parameters, then create the layers with the same arrays.
    throw new Error('TODO(7.5-simple-conv-net): not implemented')
  }

  /** x: (N, C, H, W) → scores (N, outputSize), before softmax. */
  predict(x: NDArray): NDArray {
    // TODO(7.5-simple-conv-net): run x through every layer but the last, in order.
    throw new Error('TODO(7.5-simple-conv-net): not implemented')
  }

  /** Mean cross-entropy error of softmax(predict(x)) against t. */
  loss(x: NDArray, t: NDArray): number {
    // TODO(7.5-simple-conv-net): the last layer's forward on predict(x) and t.
    throw new Error('TODO(7.5-simple-conv-net): not implemented')
  }

  /** Fraction of the N samples whose argmax matches t, batchSize samples at a time (the last batch may be shorter). */
  accuracy(x: NDArray, t: NDArray, batchSize = 100): number {
    // TODO(7.5-simple-conv-net): count correct predictions batch by batch, remainder included; divide by N.
    throw new Error('TODO(7.5-simple-conv-net): not implemented')
  }

  /** { W1, b1, W2, b2, W3, b3 } by backpropagation. */
  gradient(x: NDArray, t: NDArray): Record<string, NDArray> {
    // TODO(7.5-simple-conv-net): forward (loss), then backward from the last layer to the first; collect dW, db.
    throw new Error('TODO(7.5-simple-conv-net): not implemented')
  }
}
