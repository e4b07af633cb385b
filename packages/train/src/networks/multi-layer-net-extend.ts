import { Rng, ValueError, ones, zeros, type NDArray } from '@dlfs/matrix'
import { Affine, BatchNormalization, Dropout, type Layer } from '@dlfs/layers'
import { SoftmaxWithLoss, type Labels } from '@dlfs/losses'
import type { Params } from '../optimizers/optimizer.js'
import type { Network } from './network.js'
import type { MultiLayerNetOptions } from './multi-layer-net.js'
import { batchedAccuracy } from './_accuracy.js'
import { activationLayer } from './_activation.js'
import { checkFeatures, checkSize } from './_checks.js'
import { initWeights } from './_init-std.js'
import { addWeightDecay, checkWeightDecay, layerGrads, numericalGradients, weightDecay } from './_params.js'

/** Options of `MultiLayerNetExtend`: MultiLayerNet's, plus Dropout and Batch Normalization switches. */
export interface MultiLayerNetExtendOptions extends MultiLayerNetOptions {
  /** Put a Dropout layer after each hidden activation (book §6.4.3). */
  useDropout?: boolean
  /** Probability of dropping a unit. (The book spells the argument `dropout_ration`.) */
  dropoutRatio?: number
  /** Put a BatchNormalization layer between each hidden Affine and its activation (book §6.3). */
  useBatchnorm?: boolean
}

/**
 * MultiLayerNet with Dropout and Batch Normalization (book common/multi_layer_net_extend.py): per hidden
 * layer Affine → BatchNorm → activation → Dropout (each optional), then Affine → SoftmaxWithLoss.
 * x: (N, inputSize); t: one-hot (N, outputSize) or class indices (N,). Dropout masks come from child
 * generators spawned from `rng` after the weights are drawn, so one seed fixes init and dropout.
 *
 * @example
 * const net = new MultiLayerNetExtend({ inputSize: 784, hiddenSizeList: [100, 100], outputSize: 10, useBatchnorm: true, rng: new Rng(1) })
 * net.loss(x, t, true) // training mode: batch statistics, fresh dropout masks
 */
export class MultiLayerNetExtend implements Network {
  /** W1, b1, …, W(L), b(L), and gamma1, beta1, … per hidden layer when useBatchnorm: the layers' own arrays. */
  readonly params: Params
  /** Affine1, BatchNorm1, ActivationFunction1, Dropout1, …, Affine(L), in forward order. */
  readonly layers: Map<string, Layer>
  readonly lastLayer = new SoftmaxWithLoss()
  readonly inputSize: number
  readonly hiddenLayerNum: number
  readonly weightDecayLambda: number
  readonly useDropout: boolean
  readonly useBatchnorm: boolean

  constructor(options: MultiLayerNetExtendOptions) {
    const { inputSize, hiddenSizeList, outputSize, activation = 'relu', weightInitStd = 'relu', weightDecayLambda = 0 } = options
    const { useDropout = false, dropoutRatio = 0.5, useBatchnorm = false, rng = new Rng(0) } = options
    const op = 'MultiLayerNetExtend'
    checkSize(op, 'inputSize', inputSize)
    hiddenSizeList.forEach((size, i) => checkSize(op, `hiddenSizeList[${i}]`, size))
    checkSize(op, 'outputSize', outputSize)
    checkWeightDecay(op, weightDecayLambda)
    if (!(dropoutRatio >= 0 && dropoutRatio < 1)) throw new ValueError(op, `'dropoutRatio' must be in [0, 1), got ${dropoutRatio}`)
    this.inputSize = inputSize
    this.hiddenLayerNum = hiddenSizeList.length
    this.weightDecayLambda = weightDecayLambda
    this.useDropout = useDropout
    this.useBatchnorm = useBatchnorm
    // Initialise the weights.
    const params = initWeights(op, rng, [inputSize, ...hiddenSizeList, outputSize], weightInitStd)
    // Create the layers.
    this.layers = new Map<string, Layer>()
    for (let idx = 1; idx <= this.hiddenLayerNum; idx++) {
      this.layers.set(`Affine${idx}`, new Affine(params[`W${idx}`]!, params[`b${idx}`]!))
      if (useBatchnorm) {
        const gamma = (params[`gamma${idx}`] = ones([hiddenSizeList[idx - 1]!]))
        const beta = (params[`beta${idx}`] = zeros([hiddenSizeList[idx - 1]!]))
        this.layers.set(`BatchNorm${idx}`, new BatchNormalization(gamma, beta))
      }
      this.layers.set(`ActivationFunction${idx}`, activationLayer(op, activation))
      if (useDropout) this.layers.set(`Dropout${idx}`, new Dropout(dropoutRatio, rng.spawn()))
    }
    const idx = this.hiddenLayerNum + 1
    this.layers.set(`Affine${idx}`, new Affine(params[`W${idx}`]!, params[`b${idx}`]!))
    // Frozen: update the arrays in place (as optimizers do) rather than replacing them.
    this.params = Object.freeze(params)
  }

  /** x: (N, inputSize) → scores (N, outputSize). trainFlg: batch statistics and random masks when true. */
  predict(x: NDArray, trainFlg = false): NDArray {
    checkFeatures('MultiLayerNetExtend.predict', x, this.inputSize)
    for (const layer of this.layers.values()) x = layer.forward(x, trainFlg)
    return x
  }

  /** Cross-entropy of softmax(predict(x, trainFlg)) against t, plus ½λ Σ‖W‖² (W only: not b, gamma, beta). */
  loss(x: NDArray, t: Labels, trainFlg = false): number {
    const y = this.predict(x, trainFlg)
    return this.lastLayer.forward(y, t) + weightDecay(this.params, this.hiddenLayerNum + 1, this.weightDecayLambda)
  }

  /** Accuracy in inference mode (running statistics, scaled activations). */
  accuracy(x: NDArray, t: Labels, batchSize = 100): number {
    return batchedAccuracy('MultiLayerNetExtend.accuracy', (xb) => this.predict(xb, false), x, t, batchSize)
  }

  /**
   * Central differences of the training-mode loss, as the book's. NOTE: with useDropout every loss call
   * draws new masks, so these are not the gradient of one function: gradient-check with Dropout off.
   */
  numericalGradient(x: NDArray, t: Labels): Params {
    return numericalGradients(this.params, () => this.loss(x, t, true))
  }

  /** Backpropagation in training mode; each dW also gets λW. */
  gradient(x: NDArray, t: Labels): Params {
    // forward
    this.loss(x, t, true)
    // backward
    let dout = this.lastLayer.backward(1)
    for (const layer of [...this.layers.values()].reverse()) dout = layer.backward(dout)
    const owners: Record<string, string> = {}
    for (let idx = 1; idx <= this.hiddenLayerNum + 1; idx++) {
      owners[`W${idx}`] = owners[`b${idx}`] = `Affine${idx}`
      if (this.useBatchnorm && idx !== this.hiddenLayerNum + 1) owners[`gamma${idx}`] = owners[`beta${idx}`] = `BatchNorm${idx}`
    }
    const grads = layerGrads('MultiLayerNetExtend.gradient', this.layers, owners)
    // ½λ‖W‖² in the loss ⇒ λW in each dW.
    return addWeightDecay(grads, this.params, this.hiddenLayerNum + 1, this.weightDecayLambda)
  }
}
