// 5.5.1-relu — 本書 §5.5.1「ReLUレイヤ」 / book §5.5.1 "ReLU layer"
// Read README.md beside this file, then run: pnpm quiz check 5.5.1-relu
import type { NDArray } from '@dlfs/matrix'

/** ReLU layer. x: any shape; forward and backward return arrays of x's shape. */
export class Relu {
  /** Same shape as x: 1 where x ≤ 0 (those elements output 0 and pass no gradient), else 0. Set by forward. */
  mask: NDArray | null = null

  /** out = max(0, x), element by element. */
  forward(x: NDArray): NDArray {
    // TODO(5.5.1-relu): keep the mask (x ≤ 0) for backward, then return x with the masked elements set to 0.
    throw new Error('TODO(5.5.1-relu): not implemented')
  }

  /** dout: same shape as x → dx: dout where x > 0, else 0. */
  backward(dout: NDArray): NDArray {
    // TODO(5.5.1-relu): return a NEW array: dout with the masked elements set to 0 (do not write into dout).
    throw new Error('TODO(5.5.1-relu): not implemented')
  }
}
