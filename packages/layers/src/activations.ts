import { div, type NDArray } from '@dlfs/matrix'

/** Step function (book §3.2.2): 1 where x > 0, else 0. Same shape as x. */
export function stepFunction(x: NDArray): NDArray {
  return x.greater(0)
}

/**
 * Sigmoid (book §3.2.4): 1 / (1 + exp(−x)). Same shape as x.
 * NOTE: for x = −1000, exp(1000) overflows to Infinity and 1/Infinity = 0: finite, never NaN.
 */
export function sigmoid(x: NDArray): NDArray {
  return div(1, x.neg().exp().add(1))
}

/** ReLU (book §3.2.7): max(0, x). Same shape as x. */
export function relu(x: NDArray): NDArray {
  return x.maximum(0)
}

/** Identity (book §3.4.2), the output activation of regression: returns x itself. */
export function identityFunction(x: NDArray): NDArray {
  return x
}
