// 3.2.4-sigmoid — 本書 §3.2.4「シグモイド関数の実装」 / book §3.2.4 "Implementing the sigmoid function"
// Read README.md beside this file, then run: pnpm quiz check 3.2.4-sigmoid
import type { NDArray } from '@dlfs/matrix'

/** x: any shape → the same shape: 1 / (1 + exp(−x)), element by element. */
export function sigmoid(x: NDArray): NDArray {
  // TODO(3.2.4-sigmoid): h(x) = 1 / (1 + exp(-x)); finite for every x, even −1000 and 1000.
  throw new Error('TODO(3.2.4-sigmoid): not implemented')
}
