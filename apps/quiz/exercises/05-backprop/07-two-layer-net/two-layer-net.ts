// 5.7-two-layer-net — 本書 §5.7.2「誤差逆伝播法に対応したニューラルネットワークの実装」 / book §5.7.2 (ch05/two_layer_net.py)
// Read README.md beside this file, then run: pnpm quiz check 5.7-two-layer-net
import { Rng, zeros, type NDArray } from '@dlfs/matrix'
import { Affine, Relu } from '@dlfs/layers'
import { SoftmaxWithLoss } from '@dlfs/losses'

/**
 * Affine1 → Relu1 → Affine2 → SoftmaxWithLoss. x: (N, inputSize); t: one-hot (N, outputSize) or
 * class indices (N,); predict returns scores (N, outputSize).
 */
export class TwoLayerNet {
  /** W1 (inputSize, hiddenSize), b1 (hiddenSize,), W2 (hiddenSize, outputSize), b2 (outputSize,): the layers' own arrays. */
  params: Record<string, NDArray> = {}
  /** Affine1, Relu1, Affine2 in forward order (the book's OrderedDict). */
  layers = new Map<string, Affine | Relu>()
  /** Softmax and the cross-entropy error: apart from layers, since predict stops before it. */
  lastLayer = new SoftmaxWithLoss()

  constructor(inputSize: number, hiddenSize: number, outputSize: number, weightInitStd = 0.01) {
    // TODO(5.7-two-layer-net): create W1 = rng.randn(inputSize, hiddenSize).mul(weightInitStd) (rng = new Rng(0)), b1 = zeros([hiddenSize]),
    // W2, b2 likewise; this.params = { W1, b1, W2, b2 }; then the layers, given those very arrays: new Affine(W1, b1), …
    throw new Error('TODO(5.7-two-layer-net): not implemented')
  }

  /** x: (N, inputSize) → scores (N, outputSize), before softmax. */
  predict(x: NDArray): NDArray {
    // TODO(5.7-two-layer-net): run x through every layer's forward, in order.
    throw new Error('TODO(5.7-two-layer-net): not implemented')
  }

  /** The mean cross-entropy error of softmax(predict(x)) against t. */
  loss(x: NDArray, t: NDArray): number {
    // TODO(5.7-two-layer-net): feed predict(x) and t to the last layer's forward.
    throw new Error('TODO(5.7-two-layer-net): not implemented')
  }

  /** Fraction of the N samples whose argmax of predict(x) is the label (t one-hot or indices). */
  accuracy(x: NDArray, t: NDArray): number {
    // TODO(5.7-two-layer-net): compare predict(x).argmax(1) with t (t.argmax(1) when t is one-hot), divide by N.
    throw new Error('TODO(5.7-two-layer-net): not implemented')
  }

  /** Gradients of the loss by backpropagation: { W1, b1, W2, b2 }, each of its parameter's shape. */
  gradient(x: NDArray, t: NDArray): Record<string, NDArray> {
    // TODO(5.7-two-layer-net): forward (this.loss), then lastLayer.backward(1) and each layer's backward in reverse order;
    // collect dW and db of Affine1 and Affine2.
    throw new Error('TODO(5.7-two-layer-net): not implemented')
  }
}
