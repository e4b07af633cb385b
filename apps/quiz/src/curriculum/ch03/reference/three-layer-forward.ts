// Reference for 3.4.3-three-layer-forward (book §3.4.3): the book's init_network and forward.
import { array, type NDArray } from '@dlfs/matrix'
import { identityFunction, sigmoid } from '@dlfs/layers'

/** The weights and biases of the three layers: W1 (2, 3), b1 (3,), W2 (3, 2), b2 (2,), W3 (2, 2), b3 (2,). */
export interface Network {
  W1: NDArray
  b1: NDArray
  W2: NDArray
  b2: NDArray
  W3: NDArray
  b3: NDArray
}

/** The book's fixed weights (§3.4.3, init_network). */
export function initNetwork(): Network {
  return {
    W1: array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
    b1: array([0.1, 0.2, 0.3]),
    W2: array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
    b2: array([0.1, 0.2]),
    W3: array([[0.1, 0.3], [0.2, 0.4]]),
    b3: array([0.1, 0.2]),
  }
}

/** x: (D,) or (N, D) → (M,) or (N, M): two sigmoid layers, then an identity output layer. */
export function forward(network: Network, x: NDArray): NDArray {
  const { W1, W2, W3, b1, b2, b3 } = network
  const a1 = x.dot(W1).add(b1)
  const z1 = sigmoid(a1)
  const a2 = z1.dot(W2).add(b2)
  const z2 = sigmoid(a2)
  const a3 = z2.dot(W3).add(b3)
  return identityFunction(a3) // the output layer of a regression: y = a3 (book §3.4.2)
}
