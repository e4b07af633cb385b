import { NDArray, Rng, ShapeError, ValueError, array, formatShape, zeros } from '@dlfs/matrix'
import { sigmoid } from '@dlfs/layers'
import { crossEntropyError, softmax, type Labels } from '@dlfs/losses'
import type { Params } from '../optimizers/optimizer.js'
import type { Network } from './network.js'
import type { TwoLayerNetOptions } from './two-layer-net.js'
import { batchedAccuracy } from './_accuracy.js'
import { checkFeatures, checkSize } from './_checks.js'
import { numericalGradients } from './_params.js'

/** The derivative of sigmoid, (1 − σ(x))·σ(x) (book common/functions.py `sigmoid_grad`). */
function sigmoidGrad(x: NDArray): NDArray {
  const s = sigmoid(x)
  return s.neg().add(1).mul(s)
}

/**
 * The two-layer net of book §4.5 (ch04/two_layer_net.py), written with functions, not layers:
 * a1 = x·W1 + b1, z1 = sigmoid(a1), a2 = z1·W2 + b2, y = softmax(a2); its `gradient` is the
 * hand-derived backward pass of §4.5, its `numericalGradient` the §4.4 central differences.
 * x: (N, inputSize); t: one-hot (N, outputSize) or class indices (N,).
 * NOTE(book): predict returns the softmax probabilities y, not scores as the layer nets do (same argmax).
 *
 * @example
 * const net = new TwoLayerNetSigmoid({ inputSize: 784, hiddenSize: 50, outputSize: 10 })
 * const grads = net.gradient(xBatch, tBatch) // { W1, b1, W2, b2 }, as numericalGradient but fast
 */
export class TwoLayerNetSigmoid implements Network {
  /** W1 (inputSize, hiddenSize), b1 (hiddenSize,), W2 (hiddenSize, outputSize), b2 (outputSize,). */
  readonly params: Params
  readonly inputSize: number

  constructor({ inputSize, hiddenSize, outputSize, weightInitStd = 0.01, rng = new Rng(0) }: TwoLayerNetOptions) {
    for (const [name, size] of Object.entries({ inputSize, hiddenSize, outputSize })) checkSize('TwoLayerNetSigmoid', name, size)
    if (!Number.isFinite(weightInitStd) || weightInitStd < 0) {
      throw new ValueError('TwoLayerNetSigmoid', `'weightInitStd' must be a finite number ≥ 0, got ${weightInitStd}`)
    }
    this.inputSize = inputSize
    const W1 = rng.randn(inputSize, hiddenSize).mul(weightInitStd)
    const b1 = zeros([hiddenSize])
    const W2 = rng.randn(hiddenSize, outputSize).mul(weightInitStd)
    const b2 = zeros([outputSize])
    // Frozen: update the arrays in place (as optimizers do) rather than replacing them.
    this.params = Object.freeze({ W1, b1, W2, b2 })
  }

  /** x: (N, inputSize) → softmax probabilities y (N, outputSize). No trainFlg: nothing here depends on it. */
  predict(x: NDArray): NDArray {
    checkFeatures('TwoLayerNetSigmoid.predict', x, this.inputSize)
    const { W1, b1, W2, b2 } = this.params as Record<'W1' | 'b1' | 'W2' | 'b2', NDArray>
    const x2 = x.reshape(x.shape[0]!, this.inputSize)
    const a1 = x2.dot(W1).add(b1)
    const z1 = sigmoid(a1)
    const a2 = z1.dot(W2).add(b2)
    return softmax(a2)
  }

  /** Cross-entropy of predict(x) against t. */
  loss(x: NDArray, t: Labels): number {
    const y = this.predict(x)
    return crossEntropyError(y, t)
  }

  accuracy(x: NDArray, t: Labels, batchSize = 100): number {
    return batchedAccuracy('TwoLayerNetSigmoid.accuracy', (xb) => this.predict(xb), x, t, batchSize)
  }

  /** Central differences of loss over W1, b1, W2, b2 (book §4.4): thousands of forward passes. */
  numericalGradient(x: NDArray, t: Labels): Params {
    return numericalGradients(this.params, () => this.loss(x, t))
  }

  /** The hand-derived backward pass of book §4.5, exactly as ch04/two_layer_net.py writes it. */
  gradient(x: NDArray, t: Labels): Params {
    checkFeatures('TwoLayerNetSigmoid.gradient', x, this.inputSize)
    const { W1, b1, W2, b2 } = this.params as Record<'W1' | 'b1' | 'W2' | 'b2', NDArray>
    const batchNum = x.shape[0]!
    const x2 = x.reshape(batchNum, this.inputSize)
    // forward
    const a1 = x2.dot(W1).add(b1)
    const z1 = sigmoid(a1)
    const a2 = z1.dot(W2).add(b2)
    const y = softmax(a2)
    // backward: dL/da2 = (y − t)/N needs one-hot t, so index labels are made one-hot first.
    const dy = y.sub(oneHot('TwoLayerNetSigmoid.gradient', t, y.shape)).div(batchNum)
    const grads: Params = {}
    grads.W2 = z1.T.dot(dy)
    grads.b2 = dy.sum(0)
    const da1 = dy.dot(W2.T)
    const dz1 = sigmoidGrad(a1).mul(da1)
    grads.W1 = x2.T.dot(dz1)
    grads.b1 = dz1.sum(0)
    return grads
  }
}

/** t as one-hot rows of `shape` (N, C): one-hot t is checked, class indices (N,) are expanded. */
function oneHot(op: string, t: Labels, shape: readonly number[]): NDArray {
  const tt = t instanceof NDArray ? t : array(typeof t === 'number' ? [t] : [...t])
  const [n, c] = [shape[0]!, shape[1]!]
  if (tt.ndim === 2 && tt.shape[0] === n && tt.shape[1] === c) return tt
  if (tt.ndim !== 1 || tt.shape[0] !== n) {
    throw new ShapeError(op, `'t' ${formatShape(tt.shape)} must be one-hot (${n}, ${c}) or class indices (${n},)`, [tt.shape, shape])
  }
  const out = zeros([n, c])
  for (let i = 0; i < n; i++) {
    const label = tt.get(i)
    if (!Number.isInteger(label) || label < 0 || label >= c) {
      throw new ValueError(op, `label t[${i}] = ${label} is not a class index in [0, ${c})`)
    }
    out.set([i, label], 1)
  }
  return out
}
