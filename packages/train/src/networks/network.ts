import type { NDArray } from '@dlfs/matrix'
import type { Labels } from '@dlfs/losses'
import type { Params } from '../optimizers/optimizer.js'

/**
 * What the book's networks offer (TwoLayerNet, MultiLayerNet, SimpleConvNet, …), so the Trainer, the
 * optimizers and the CLI treat them alike. x: (N, D) or (N, C, H, W); t: one-hot (N, 10) or indices (N,).
 */
export interface Network {
  /** Parameters by name (`W1`, `b1`, …): the very arrays the layers hold, so in-place updates train them. */
  readonly params: Params
  /** Scores before softmax, (N, classes). trainFlg switches Dropout/BatchNormalization (default false). */
  predict(x: NDArray, trainFlg?: boolean): NDArray
  /** Loss of a batch (with weight decay where the network has it). trainFlg defaults to false. */
  loss(x: NDArray, t: Labels, trainFlg?: boolean): number
  /** Fraction of samples whose argmax matches t, over ALL samples (evaluated in batches of batchSize). */
  accuracy(x: NDArray, t: Labels, batchSize?: number): number
  /** Gradients by backpropagation, keyed like params. Runs forward in training mode. */
  gradient(x: NDArray, t: Labels): Params
  /** Gradients by central differences (slow: for gradient checks on tiny inputs), keyed like params. */
  numericalGradient(x: NDArray, t: Labels): Params
}
