// 5.5.2-sigmoid — 本書 §5.5.2「Sigmoidレイヤ」 / book §5.5.2 "Sigmoid layer"
// Read README.md beside this file, then run: pnpm quiz check 5.5.2-sigmoid
import type { NDArray } from '@dlfs/matrix'

/** Sigmoid layer. x: any shape; forward and backward return arrays of x's shape. */
export class Sigmoid {
  /** The forward output y, same shape as x: backward's derivative is written with y alone. */
  out: NDArray | null = null

  /** y = 1 / (1 + exp(−x)), element by element. */
  forward(x: NDArray): NDArray {
    // TODO(5.5.2-sigmoid): compute y, keep it in this.out for backward, and return it.
    throw new Error('TODO(5.5.2-sigmoid): not implemented')
  }

  /** dout: same shape as x → dx = dout·(1 − y)·y. */
  backward(dout: NDArray): NDArray {
    // TODO(5.5.2-sigmoid): return dout·(1 − y)·y as a new array, using the y kept by forward.
    throw new Error('TODO(5.5.2-sigmoid): not implemented')
  }
}
