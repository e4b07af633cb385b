import { Rng, type NDArray } from '@dlfs/matrix'
import { Affine, type Layer } from '@dlfs/layers'
import { SoftmaxWithLoss, type Labels } from '@dlfs/losses'
import type { Params } from '../optimizers/optimizer.js'
import type { Network } from './network.js'
import { batchedAccuracy } from './_accuracy.js'
import { activationLayer, type Activation } from './_activation.js'
import { checkFeatures, checkSize } from './_checks.js'
import { initWeights, type WeightInitStd } from './_init-std.js'
import { addWeightDecay, checkWeightDecay, layerGrads, numericalGradients, weightDecay } from './_params.js'

export type { Activation } from './_activation.js'
export type { WeightInitStd } from './_init-std.js'

/** Options of `MultiLayerNet`: the book's constructor arguments, plus the generator for the weights. */
export interface MultiLayerNetOptions {
  inputSize: number
  /** Sizes of the hidden layers, e.g. [100, 100, 100, 100] for the book's 5-layer net. */
  hiddenSizeList: readonly number[]
  outputSize: number
  activation?: Activation
  /** 'relu'/'he' → √(2/n), 'sigmoid'/'xavier' → √(1/n) with n the previous layer's size, or a number. */
  weightInitStd?: WeightInitStd
  /** λ of the weight decay ½λΣ‖W‖² added to the loss (book §6.4.2); 0 turns it off. */
  weightDecayLambda?: number
  /** Where the initial weights come from; default `new Rng(0)`. */
  rng?: Rng
}

/**
 * A fully connected net of any depth (book common/multi_layer_net.py): (Affine → activation) per hidden
 * layer, then Affine → SoftmaxWithLoss, with optional weight decay. x: (N, inputSize); t: one-hot
 * (N, outputSize) or class indices (N,); predict returns scores (N, outputSize).
 *
 * @example
 * const net = new MultiLayerNet({ inputSize: 784, hiddenSizeList: [100, 100, 100, 100], outputSize: 10, weightDecayLambda: 0.1 })
 */
export class MultiLayerNet implements Network {
  /** W1, b1, …, W(L), b(L) with L = hiddenSizeList.length + 1: the layers' own arrays. */
  readonly params: Params
  /** Affine1, ActivationFunction1, …, Affine(L), in forward order (the book's Activation_function1 …). */
  readonly layers: Map<string, Layer>
  readonly lastLayer = new SoftmaxWithLoss()
  readonly inputSize: number
  readonly hiddenLayerNum: number
  readonly weightDecayLambda: number

  constructor(options: MultiLayerNetOptions) {
    const { inputSize, hiddenSizeList, outputSize, activation = 'relu', weightInitStd = 'relu', weightDecayLambda = 0, rng = new Rng(0) } = options
    const op = 'MultiLayerNet'
    checkSize(op, 'inputSize', inputSize)
    hiddenSizeList.forEach((size, i) => checkSize(op, `hiddenSizeList[${i}]`, size))
    checkSize(op, 'outputSize', outputSize)
    checkWeightDecay(op, weightDecayLambda)
    this.inputSize = inputSize
    this.hiddenLayerNum = hiddenSizeList.length
    this.weightDecayLambda = weightDecayLambda
    // Initialise the weights.
    const params = initWeights(op, rng, [inputSize, ...hiddenSizeList, outputSize], weightInitStd)
    // Create the layers.
    this.layers = new Map<string, Layer>()
    for (let idx = 1; idx <= this.hiddenLayerNum; idx++) {
      this.layers.set(`Affine${idx}`, new Affine(params[`W${idx}`]!, params[`b${idx}`]!))
      this.layers.set(`ActivationFunction${idx}`, activationLayer(op, activation))
    }
    const idx = this.hiddenLayerNum + 1
    this.layers.set(`Affine${idx}`, new Affine(params[`W${idx}`]!, params[`b${idx}`]!))
    // Frozen: update the arrays in place (as optimizers do) rather than replacing them.
    this.params = Object.freeze(params)
  }

  /** x: (N, inputSize) → scores (N, outputSize). */
  predict(x: NDArray, trainFlg = false): NDArray {
    checkFeatures('MultiLayerNet.predict', x, this.inputSize)
    for (const layer of this.layers.values()) x = layer.forward(x, trainFlg)
    return x
  }

  /** Cross-entropy of softmax(predict(x)) against t, plus the weight decay ½λ Σ‖W‖² (W only, not b). */
  loss(x: NDArray, t: Labels, trainFlg = false): number {
    const y = this.predict(x, trainFlg)
    return this.lastLayer.forward(y, t) + weightDecay(this.params, this.hiddenLayerNum + 1, this.weightDecayLambda)
  }

  accuracy(x: NDArray, t: Labels, batchSize = 100): number {
    return batchedAccuracy('MultiLayerNet.accuracy', (xb) => this.predict(xb), x, t, batchSize)
  }

  /** Central differences of loss (weight decay included) over every parameter: for gradient checks only. */
  numericalGradient(x: NDArray, t: Labels): Params {
    return numericalGradients(this.params, () => this.loss(x, t, true))
  }

  /** Backpropagation; each dW also gets λW, the derivative of ½λ‖W‖². */
  gradient(x: NDArray, t: Labels): Params {
    // forward
    this.loss(x, t, true)
    // backward
    let dout = this.lastLayer.backward(1)
    for (const layer of [...this.layers.values()].reverse()) dout = layer.backward(dout)
    const owners: Record<string, string> = {}
    for (let idx = 1; idx <= this.hiddenLayerNum + 1; idx++) owners[`W${idx}`] = owners[`b${idx}`] = `Affine${idx}`
    const grads = layerGrads('MultiLayerNet.gradient', this.layers, owners)
    // ½λ‖W‖² in the loss ⇒ λW in each dW.
    return addWeightDecay(grads, this.params, this.hiddenLayerNum + 1, this.weightDecayLambda)
  }
}
