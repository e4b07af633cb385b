import { Rng, ValueError, withContext, zeros, type NDArray } from '@dlfs/matrix'
import { Affine, Convolution, Pooling, Relu, convOutputSize, type Layer } from '@dlfs/layers'
import { SoftmaxWithLoss, type Labels } from '@dlfs/losses'
import type { Params } from '../optimizers/optimizer.js'
import type { Network } from './network.js'
import { batchedAccuracy } from './_accuracy.js'
import { checkImages, checkInputDim, checkSize } from './_checks.js'
import { layerGrads, numericalGradients } from './_params.js'

/** One convolution's hyperparameters (the book's `conv_param` dict). */
export interface ConvParam {
  filterNum: number
  filterSize: number
  pad: number
  stride: number
}

/** Options of `SimpleConvNet`: the book's constructor arguments, plus the generator for the weights. */
export interface SimpleConvNetOptions {
  /** (C, H, W) of one input image. */
  inputDim?: readonly [number, number, number]
  /** Merged over the book's { filterNum: 30, filterSize: 5, pad: 0, stride: 1 }. */
  convParam?: Partial<ConvParam>
  hiddenSize?: number
  outputSize?: number
  weightInitStd?: number
  /** Where the initial weights come from; default `new Rng(0)`. */
  rng?: Rng
}

/**
 * The convnet of book §7.5 (ch07/simple_convnet.py): Conv1 → Relu1 → Pool1 (2×2, stride 2) → Affine1 →
 * Relu2 → Affine2 → SoftmaxWithLoss. x: (N, C, H, W) of inputDim; t: one-hot (N, outputSize) or indices (N,).
 *
 * @example
 * const net = new SimpleConvNet({ rng: new Rng(7) })   // 1×28×28 input, 30 filters 5×5, 100 hidden, 10 classes
 * net.predict(zeros([2, 1, 28, 28])).shape             // [2, 10]
 */
export class SimpleConvNet implements Network {
  /** W1 (FN, C, FH, FW), b1 (FN,) of Conv1; W2, b2 of Affine1; W3, b3 of Affine2: the layers' own arrays. */
  readonly params: Params
  /** Conv1, Relu1, Pool1, Affine1, Relu2, Affine2, in forward order. */
  readonly layers: Map<string, Layer>
  readonly lastLayer = new SoftmaxWithLoss()
  readonly inputDim: readonly [number, number, number]

  constructor(options: SimpleConvNetOptions = {}) {
    const { inputDim = [1, 28, 28], hiddenSize = 100, outputSize = 10, weightInitStd = 0.01, rng = new Rng(0) } = options
    const op = 'SimpleConvNet'
    const { filterNum, filterSize, pad, stride } = { filterNum: 30, filterSize: 5, pad: 0, stride: 1, ...options.convParam }
    checkInputDim(op, inputDim)
    for (const [name, size] of Object.entries({ filterNum, filterSize, stride, hiddenSize, outputSize })) checkSize(op, name, size)
    if (!Number.isFinite(weightInitStd) || weightInitStd < 0) throw new ValueError(op, `'weightInitStd' must be a finite number ≥ 0, got ${weightInitStd}`)
    this.inputDim = inputDim
    // Conv1 gives 1 + (H + 2·pad − FH)/stride per axis, Pool1 (2×2, stride 2) halves that. The book computes
    // it for square images without flooring; we floor per axis, the same whenever the book's sizes are whole.
    const pooled = (n: number) => convOutputSize(convOutputSize(n, filterSize, stride, pad), 2, 2)
    const poolOutputSize = withContext(op, () => filterNum * pooled(inputDim[1]) * pooled(inputDim[2]))
    // Initialise the weights.
    const W1 = rng.randn(filterNum, inputDim[0], filterSize, filterSize).mul(weightInitStd)
    const b1 = zeros([filterNum])
    const W2 = rng.randn(poolOutputSize, hiddenSize).mul(weightInitStd)
    const b2 = zeros([hiddenSize])
    const W3 = rng.randn(hiddenSize, outputSize).mul(weightInitStd)
    const b3 = zeros([outputSize])
    // Frozen: update the arrays in place (as optimizers do) rather than replacing them.
    this.params = Object.freeze({ W1, b1, W2, b2, W3, b3 })
    // Create the layers.
    this.layers = new Map<string, Layer>([
      ['Conv1', new Convolution(W1, b1, stride, pad)],
      ['Relu1', new Relu()],
      ['Pool1', new Pooling(2, 2, 2)],
      ['Affine1', new Affine(W2, b2)],
      ['Relu2', new Relu()],
      ['Affine2', new Affine(W3, b3)],
    ])
  }

  /** x: (N, C, H, W) → scores (N, outputSize). */
  predict(x: NDArray, trainFlg = false): NDArray {
    checkImages('SimpleConvNet.predict', x, this.inputDim)
    for (const layer of this.layers.values()) x = layer.forward(x, trainFlg)
    return x
  }

  /** Mean cross-entropy of softmax(predict(x)) against t. */
  loss(x: NDArray, t: Labels, trainFlg = false): number {
    const y = this.predict(x, trainFlg)
    return this.lastLayer.forward(y, t)
  }

  /** Accuracy over all N samples, batchSize at a time (the book's drops the last N % batchSize). */
  accuracy(x: NDArray, t: Labels, batchSize = 100): number {
    return batchedAccuracy('SimpleConvNet.accuracy', (xb) => this.predict(xb), x, t, batchSize)
  }

  /** Central differences of loss over every parameter: thousands of forward passes, tiny inputs only. */
  numericalGradient(x: NDArray, t: Labels): Params {
    return numericalGradients(this.params, () => this.loss(x, t, true))
  }

  /** Backpropagation: forward, then each layer's backward in reverse order. */
  gradient(x: NDArray, t: Labels): Params {
    // forward
    this.loss(x, t, true)
    // backward
    let dout = this.lastLayer.backward(1)
    for (const layer of [...this.layers.values()].reverse()) dout = layer.backward(dout)
    return layerGrads('SimpleConvNet.gradient', this.layers, {
      W1: 'Conv1', b1: 'Conv1', W2: 'Affine1', b2: 'Affine1', W3: 'Affine2', b3: 'Affine2',
    })
  }
}
