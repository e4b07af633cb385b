// 5.7.3-gradient-check — 本書 §5.7.3「誤差逆伝播法の勾配確認」 / book §5.7.3 (ch05/gradient_check.py)
// Read README.md beside this file, then run: pnpm quiz check 5.7.3-gradient-check
import type { NDArray } from '@dlfs/matrix'

/** What a gradient check needs of a network (TwoLayerNet has it): params, and two ways to their gradients. */
export interface Network {
  /** Parameters by name: W1, b1, W2, b2, … */
  params: Record<string, NDArray>
  /** Gradients by backpropagation, keyed like params. */
  gradient(x: NDArray, t: NDArray): Record<string, NDArray>
  /** Gradients by central differences (slow), keyed like params. */
  numericalGradient(x: NDArray, t: NDArray): Record<string, NDArray>
}

/**
 * Compare backpropagation with numerical differentiation on one small batch. x: (N, D); t: one-hot
 * (N, C) or indices (N,). Returns, for every parameter key, the mean of |backprop − numerical| over
 * its elements: { W1: 2e-10, b1: 1e-9, … }.
 */
export function gradientCheck(network: Network, x: NDArray, t: NDArray): Record<string, number> {
  // TODO(5.7.3-gradient-check): compute both gradients, then for each key the mean absolute difference.
  throw new Error('TODO(5.7.3-gradient-check): not implemented')
}
