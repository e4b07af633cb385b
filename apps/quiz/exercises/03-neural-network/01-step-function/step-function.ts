// 3.2.2-step-function — 本書 §3.2.2「ステップ関数の実装」 / book §3.2.2 "Implementing the step function"
// Read README.md beside this file, then run: pnpm quiz check 3.2.2-step-function
import type { NDArray } from '@dlfs/matrix'

/** x: any shape → the same shape: 1 where x > 0, else 0. */
export function stepFunction(x: NDArray): NDArray {
  // TODO(3.2.2-step-function): 1 where x > 0, 0 elsewhere (x = 0 included), element by element.
  throw new Error('TODO(3.2.2-step-function): not implemented')
}
