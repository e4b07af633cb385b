import { Rng, ValueError, zeros, type NDArray } from '@dlfs/matrix'
import { Affine, Relu, type Layer } from '@dlfs/layers'
import { SoftmaxWithLoss, type Labels } from '@dlfs/losses'
import type { Params } from '../optimizers/optimizer.js'
import type { Network } from './network.js'
import { batchedAccuracy } from './_accuracy.js'
import { checkFeatures, checkSize } from './_checks.js'
import { layerGrads, numericalGradients } from './_params.js'

/** Options of `TwoLayerNet`: the book's constructor arguments, plus the generator for the weights. */
export interface TwoLayerNetOptions {
  inputSize: number
  hiddenSize: number
  outputSize: number
  /** Standard deviation of the Gaussian initial weights (biases start at 0). */
  weightInitStd?: number
  /** Where the initial weights come from; default `new Rng(0)`, so two nets built alike are equal. */
  rng?: Rng
}

/**
 * The two-layer net of book §5.7 (ch05/two_layer_net.py): Affine1 → Relu1 → Affine2 → SoftmaxWithLoss.
 * x: (N, inputSize); t: one-hot (N, outputSize) or class indices (N,); predict returns scores (N, outputSize).
 *
 * @example
 * const net = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10, rng: new Rng(42) })
 * const grads = net.gradient(xBatch, tBatch)          // { W1, b1, W2, b2 }
 * for (const key of ['W1', 'b1', 'W2', 'b2']) net.params[key]!.subInPlace(grads[key]!.mul(0.1))
 */
export class TwoLayerNet implements Network {
  /** W1 (inputSize, hiddenSize), b1 (hiddenSize,), W2 (hiddenSize, outputSize), b2 (outputSize,): the layers' own arrays. */
  readonly params: Params
  /** Affine1, Relu1, Affine2, in forward order (the book's OrderedDict). */
  readonly layers: Map<string, Layer>
  /** Softmax and cross-entropy: kept apart because predict stops before it. */
  readonly lastLayer = new SoftmaxWithLoss()
  readonly inputSize: number

  constructor({ inputSize, hiddenSize, outputSize, weightInitStd = 0.01, rng = new Rng(0) }: TwoLayerNetOptions) {
    for (const [name, size] of Object.entries({ inputSize, hiddenSize, outputSize })) checkSize('TwoLayerNet', name, size)
    if (!Number.isFinite(weightInitStd) || weightInitStd < 0) {
      throw new ValueError('TwoLayerNet', `'weightInitStd' must be a finite number ≥ 0, got ${weightInitStd}`)
    }
    this.inputSize = inputSize
    // Initialise the weights (same draw order as the book: W1 then W2).
    const W1 = rng.randn(inputSize, hiddenSize).mul(weightInitStd)
    const b1 = zeros([hiddenSize])
    const W2 = rng.randn(hiddenSize, outputSize).mul(weightInitStd)
    const b2 = zeros([outputSize])
    // Frozen: replacing an entry would leave the layers training the old array; update in place instead.
    this.params = Object.freeze({ W1, b1, W2, b2 })
    // Create the layers.
    this.layers = new Map<string, Layer>([
      ['Affine1', new Affine(W1, b1)],
      ['Relu1', new Relu()],
      ['Affine2', new Affine(W2, b2)],
    ])
  }

  /** x: (N, inputSize) → scores (N, outputSize). No layer here depends on trainFlg. */
  predict(x: NDArray, trainFlg = false): NDArray {
    checkFeatures('TwoLayerNet.predict', x, this.inputSize)
    for (const layer of this.layers.values()) x = layer.forward(x, trainFlg)
    return x
  }

  /** Mean cross-entropy of softmax(predict(x)) against t. */
  loss(x: NDArray, t: Labels, trainFlg = false): number {
    const y = this.predict(x, trainFlg)
    return this.lastLayer.forward(y, t)
  }

  accuracy(x: NDArray, t: Labels, batchSize = 100): number {
    return batchedAccuracy('TwoLayerNet.accuracy', (xb) => this.predict(xb), x, t, batchSize)
  }

  /** Central differences of loss over every parameter (book §4.4): slow, for gradient checks only. */
  numericalGradient(x: NDArray, t: Labels): Params {
    return numericalGradients(this.params, () => this.loss(x, t, true))
  }

  /** Backpropagation (book §5.7.2): forward, then each layer's backward in reverse order. */
  gradient(x: NDArray, t: Labels): Params {
    // forward
    this.loss(x, t, true)
    // backward
    let dout = this.lastLayer.backward(1)
    for (const layer of [...this.layers.values()].reverse()) dout = layer.backward(dout)
    // The layers kept their gradients: W1, b1 in Affine1; W2, b2 in Affine2.
    return layerGrads('TwoLayerNet.gradient', this.layers, { W1: 'Affine1', b1: 'Affine1', W2: 'Affine2', b2: 'Affine2' })
  }
}
