// 3.2.7-relu — 本書 §3.2.7「ReLU 関数」 / book §3.2.7 "The ReLU function"
// Read README.md beside this file, then run: pnpm quiz check 3.2.7-relu
import type { NDArray } from '@dlfs/matrix'

/** x: any shape → the same shape: max(0, x), element by element. */
export function relu(x: NDArray): NDArray {
  // TODO(3.2.7-relu): x where x > 0, 0 elsewhere, in a new array.
  throw new Error('TODO(3.2.7-relu): not implemented')
}
