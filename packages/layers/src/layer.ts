import type { NDArray } from '@dlfs/matrix'

/**
 * What every array layer offers a network (book §5.7): `forward` then `backward`, and its
 * parameters and their gradients by name, so networks and optimizers reach them uniformly.
 * Parameters are the layer's own arrays: an optimizer updating them in place trains the layer.
 */
export interface Layer {
  /** trainFlg (default true) switches Dropout and BatchNormalization between training and inference. */
  forward(x: NDArray, trainFlg?: boolean): NDArray
  /** dout: same shape as forward's output; returns dx of x's shape and sets the gradients. */
  backward(dout: NDArray): NDArray
  /** Parameters by name (`W`, `b`, `gamma`, `beta`); empty for layers without any. */
  params(): Record<string, NDArray>
  /** Gradients by the same names, from the last backward (null before it). */
  grads(): Record<string, NDArray | null>
}
