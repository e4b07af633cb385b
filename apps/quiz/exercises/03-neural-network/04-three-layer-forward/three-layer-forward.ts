// 3.4.3-three-layer-forward — 本書 §3.4.3「実装のまとめ」 / book §3.4.3 "Putting the implementation together"
// Read README.md beside this file, then run: pnpm quiz check 3.4.3-three-layer-forward
import type { NDArray } from '@dlfs/matrix'
// The activations are allowed here (the concept is the forward pass): import { sigmoid, identityFunction } from '@dlfs/layers'

/** The weights and biases of the three layers. */
export interface Network {
  W1: NDArray // (2, 3)
  b1: NDArray // (3,)
  W2: NDArray // (3, 2)
  b2: NDArray // (2,)
  W3: NDArray // (2, 2)
  b3: NDArray // (2,)
}

/** The book's weights and biases (§3.4.3, init_network). */
export function initNetwork(): Network {
  // TODO(3.4.3-three-layer-forward): return the book's W1, b1, W2, b2, W3, b3 (see README.md), e.g. W1: array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]).
  throw new Error('TODO(3.4.3-three-layer-forward): not implemented')
}

/** x: (D,) one sample, or (N, D) a batch → (M,) or (N, M): sigmoid, sigmoid, then identity. */
export function forward(network: Network, x: NDArray): NDArray {
  // TODO(3.4.3-three-layer-forward): a1 = x·W1 + b1, z1 = sigmoid(a1); the same for layer 2; y = identity(z2·W3 + b3).
  throw new Error('TODO(3.4.3-three-layer-forward): not implemented')
}
