import { Rng, ValueError, withContext, zeros, type NDArray } from '@dlfs/matrix'
import { Affine, Convolution, Dropout, Pooling, Relu, convOutputSize, type Layer } from '@dlfs/layers'
import { SoftmaxWithLoss, type Labels } from '@dlfs/losses'
import type { Params } from '../optimizers/optimizer.js'
import type { Network } from './network.js'
import type { ConvParam } from './simple-conv-net.js'
import { batchedAccuracy } from './_accuracy.js'
import { checkImages, checkInputDim, checkSize } from './_checks.js'
import { layerGrads, numericalGradients } from './_params.js'

/** The book's six convolutions: 3×3 filters, 16, 16, 32, 32, 64, 64 of them, pads 1, 1, 1, 2, 1, 1, stride 1. */
export const deepConvNetConvParams: readonly ConvParam[] = Object.freeze(
  [16, 16, 32, 32, 64, 64].map((filterNum, i) => Object.freeze({ filterNum, filterSize: 3, pad: i === 3 ? 2 : 1, stride: 1 })),
)

/** Options of `DeepConvNet`: the book's constructor arguments, plus the generator for weights and dropout. */
export interface DeepConvNetOptions {
  /** (C, H, W) of one input image. */
  inputDim?: readonly [number, number, number]
  /** The six convolutions (the book's conv_param_1 … conv_param_6); default `deepConvNetConvParams`. */
  convParams?: readonly ConvParam[]
  hiddenSize?: number
  outputSize?: number
  /** Drop probability of both Dropout layers (the book fixes it at 0.5). */
  dropoutRatio?: number
  /** Draws the weights, then the Dropout layers' child generators; default `new Rng(0)`. */
  rng?: Rng
}

/**
 * The deep convnet of book §8.1 (ch08/deep_convnet.py), for about 99.4 % on MNIST:
 *   (Conv → Relu → Conv → Relu → Pool) ×3 → Affine → Relu → Dropout → Affine → Dropout → SoftmaxWithLoss,
 * with He initialisation √(2/n), n the inputs feeding one neuron. x: (N, C, H, W) of inputDim;
 * t: one-hot (N, outputSize) or indices (N,).
 * NOTE(book): the book's loss always runs in training mode (dropout on); ours takes trainFlg like the others.
 *
 * @example
 * const net = new DeepConvNet({ rng: new Rng(3) }) // 1×28×28 input, 10 classes, 8 weight layers
 */
export class DeepConvNet implements Network {
  /** W1 … W6 (FN, C, 3, 3) and b1 … b6 of the convolutions, W7/b7 and W8/b8 of the two Affines. */
  readonly params: Params
  /** Conv1, Relu1, Conv2, Relu2, Pool1, …, Affine1, Relu7, Dropout1, Affine2, Dropout2, in forward order. */
  readonly layers: Map<string, Layer>
  readonly lastLayer = new SoftmaxWithLoss()
  readonly inputDim: readonly [number, number, number]
  /** √(2 / preNodeNums): for 1×28×28 input, the book's √(2 / [1·3·3, 16·3·3, 16·3·3, 32·3·3, 32·3·3, 64·3·3, 64·4·4, 50]). */
  readonly weightInitScales: readonly number[]

  constructor(options: DeepConvNetOptions = {}) {
    const { inputDim = [1, 28, 28], convParams = deepConvNetConvParams, hiddenSize = 50, outputSize = 10, dropoutRatio = 0.5, rng = new Rng(0) } = options
    const op = 'DeepConvNet'
    checkInputDim(op, inputDim)
    if (convParams.length !== 6) throw new ValueError(op, `'convParams' must hold the 6 convolutions, got ${convParams.length}`)
    convParams.forEach((p, i) => {
      for (const k of ['filterNum', 'filterSize', 'stride'] as const) checkSize(op, `convParams[${i}].${k}`, p[k])
    })
    checkSize(op, 'hiddenSize', hiddenSize)
    checkSize(op, 'outputSize', outputSize)
    this.inputDim = inputDim
    // Follow (C, H, W) through the convs and the pool after each pair, to count each layer's inputs per
    // neuron (the book hard-codes these numbers, with a TODO to compute them).
    const preNodeNums: number[] = []
    let [c, h, w] = inputDim
    withContext(op, () => {
      for (const [i, p] of convParams.entries()) {
        preNodeNums.push(c * p.filterSize * p.filterSize)
        c = p.filterNum
        h = convOutputSize(h, p.filterSize, p.stride, p.pad)
        w = convOutputSize(w, p.filterSize, p.stride, p.pad)
        if (i % 2 === 1) [h, w] = [convOutputSize(h, 2, 2), convOutputSize(w, 2, 2)] // Pool after each pair
      }
    })
    preNodeNums.push(c * h * w, hiddenSize)
    this.weightInitScales = Object.freeze(preNodeNums.map((n) => Math.sqrt(2.0 / n))) // recommended with ReLU
    // Initialise the weights.
    const params: Params = {}
    let preChannelNum = inputDim[0]
    convParams.forEach((p, idx) => {
      params[`W${idx + 1}`] = rng.randn(p.filterNum, preChannelNum, p.filterSize, p.filterSize).mul(this.weightInitScales[idx]!)
      params[`b${idx + 1}`] = zeros([p.filterNum])
      preChannelNum = p.filterNum
    })
    params.W7 = rng.randn(c * h * w, hiddenSize).mul(this.weightInitScales[6]!)
    params.b7 = zeros([hiddenSize])
    params.W8 = rng.randn(hiddenSize, outputSize).mul(this.weightInitScales[7]!)
    params.b8 = zeros([outputSize])
    // Create the layers (the book keeps a list; names make the grads below readable).
    const conv = (i: number) => new Convolution(params[`W${i}`]!, params[`b${i}`]!, convParams[i - 1]!.stride, convParams[i - 1]!.pad)
    this.layers = new Map<string, Layer>()
    for (let block = 1; block <= 3; block++) {
      const [i, j] = [2 * block - 1, 2 * block]
      this.layers.set(`Conv${i}`, conv(i)).set(`Relu${i}`, new Relu())
      this.layers.set(`Conv${j}`, conv(j)).set(`Relu${j}`, new Relu())
      this.layers.set(`Pool${block}`, new Pooling(2, 2, 2))
    }
    this.layers.set('Affine1', new Affine(params.W7, params.b7)).set('Relu7', new Relu())
    this.layers.set('Dropout1', new Dropout(dropoutRatio, rng.spawn()))
    this.layers.set('Affine2', new Affine(params.W8, params.b8))
    this.layers.set('Dropout2', new Dropout(dropoutRatio, rng.spawn()))
    // Frozen: update the arrays in place (as optimizers do) rather than replacing them.
    this.params = Object.freeze(params)
  }

  /** x: (N, C, H, W) → scores (N, outputSize). trainFlg: Dropout drops units when true, scales when false. */
  predict(x: NDArray, trainFlg = false): NDArray {
    checkImages('DeepConvNet.predict', x, this.inputDim)
    for (const layer of this.layers.values()) x = layer.forward(x, trainFlg)
    return x
  }

  /** Mean cross-entropy of softmax(predict(x, trainFlg)) against t. */
  loss(x: NDArray, t: Labels, trainFlg = false): number {
    const y = this.predict(x, trainFlg)
    return this.lastLayer.forward(y, t)
  }

  /** Accuracy in inference mode over all N samples (the book's drops the last N % batchSize). */
  accuracy(x: NDArray, t: Labels, batchSize = 100): number {
    return batchedAccuracy('DeepConvNet.accuracy', (xb) => this.predict(xb, false), x, t, batchSize)
  }

  /**
   * Central differences of the training-mode loss. NOTE: Dropout draws new masks on every call, so this
   * is only a gradient once the masks are fixed (see deep-conv-net.test.ts); the book has none for this net.
   */
  numericalGradient(x: NDArray, t: Labels): Params {
    return numericalGradients(this.params, () => this.loss(x, t, true))
  }

  /** Backpropagation in training mode. The book reads the grads from layers 0, 2, 5, 7, 10, 12, 15, 18. */
  gradient(x: NDArray, t: Labels): Params {
    // forward
    this.loss(x, t, true)
    // backward
    let dout = this.lastLayer.backward(1)
    for (const layer of [...this.layers.values()].reverse()) dout = layer.backward(dout)
    const owners: Record<string, string> = { W7: 'Affine1', b7: 'Affine1', W8: 'Affine2', b8: 'Affine2' }
    for (let i = 1; i <= 6; i++) owners[`W${i}`] = owners[`b${i}`] = `Conv${i}`
    return layerGrads('DeepConvNet.gradient', this.layers, owners)
  }
}
