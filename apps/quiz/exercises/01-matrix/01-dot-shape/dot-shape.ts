// 1.5.4-dot-shape — 本書 §1.5.4「NumPy の N 次元配列」、§3.3.2「行列の積」 / book §1.5.4 "N-dimensional arrays", §3.3.2 "Matrix products"
// Read README.md beside this file, then run: pnpm quiz check 1.5.4-dot-shape

/**
 * The shape of dot(a, b) for 1-D and 2-D shapes a and b, e.g. dotShape([2, 3], [3, 4]) → [2, 4].
 * Throws an Error when a's last axis and b's first axis differ in size.
 */
export function dotShape(a: readonly number[], b: readonly number[]): number[] {
  // TODO(1.5.4-dot-shape): check the shared axis K, then keep what is left of a and of b.
  throw new Error('TODO(1.5.4-dot-shape): not implemented')
}

/** Shapes of a fully connected network's parameters and of each layer's output (book Figure 3-27). */
export interface NetworkShapes {
  /** W[i] is the weight of layer i+1. */
  W: number[][]
  /** b[i] is the bias of layer i+1. */
  b: number[][]
  /** out[i] is the output of layer i+1 for the whole batch. */
  out: number[][]
}

/**
 * sizes = [input, hidden…, output], e.g. [784, 50, 100, 10]; the input x is (batchSize, sizes[0]).
 * Each layer computes x·W + b.
 */
export function networkShapes(batchSize: number, sizes: readonly number[]): NetworkShapes {
  // TODO(1.5.4-dot-shape): one W, b and out shape per pair of neighbouring sizes.
  throw new Error('TODO(1.5.4-dot-shape): not implemented')
}
