// 5.6.2-affine — 本書 §5.6.2「バッチ版Affineレイヤ」 / book §5.6.2 "Affine layer for batches"
// Read README.md beside this file, then run: pnpm quiz check 5.6.2-affine
import type { NDArray } from '@dlfs/matrix'

/** Fully connected layer. x: (N, D); W: (D, M); b: (M,); forward returns (N, M). */
export class Affine {
  /** (D, M): set by backward. */
  dW: NDArray | null = null
  /** (M,): set by backward. */
  db: NDArray | null = null

  constructor(
    public W: NDArray,
    public b: NDArray,
  ) {}

  /** out = x·W + b. */
  forward(x: NDArray): NDArray {
    // TODO(5.6.2-affine): keep what backward needs, then return x·W + b.
    throw new Error('TODO(5.6.2-affine): not implemented')
  }

  /** dout: (N, M) → dx: (N, D); also sets this.dW and this.db. */
  backward(dout: NDArray): NDArray {
    // TODO(5.6.2-affine): dx = dout·Wᵀ, dW = xᵀ·dout, db = Σ dout over the batch axis.
    throw new Error('TODO(5.6.2-affine): not implemented')
  }
}
