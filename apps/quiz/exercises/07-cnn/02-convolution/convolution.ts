// 7.4.3-convolution — 本書 §7.4.3「Convolutionレイヤの実装」 / book §7.4.3 "Implementing the Convolution layer"
// Read README.md beside this file, then run: pnpm quiz check 7.4.3-convolution
import type { NDArray } from '@dlfs/matrix'

/**
 * Convolution layer. W: (FN, C, FH, FW); b: (FN,).
 * forward: x (N, C, H, W) → (N, FN, OH, OW), OH = 1 + (H + 2·pad − FH) / stride, likewise OW.
 */
export class Convolution {
  /** (FN, C, FH, FW): set by backward. */
  dW: NDArray | null = null
  /** (FN,): set by backward. */
  db: NDArray | null = null

  constructor(
    public W: NDArray,
    public b: NDArray,
    public stride = 1,
    public pad = 0,
  ) {}

  /** x: (N, C, H, W) → out: (N, FN, OH, OW). Keep what backward needs. */
  forward(x: NDArray): NDArray {
    // TODO(7.4.3-convolution): col = im2col(x, …), out = col·W.reshape(FN, −1).T + b, back to (N, FN, OH, OW).
    throw new Error('TODO(7.4.3-convolution): not implemented')
  }

  /** dout: (N, FN, OH, OW) → dx: (N, C, H, W); also sets this.dW and this.db. */
  backward(dout: NDArray): NDArray {
    // TODO(7.4.3-convolution): dout to (N·OH·OW, FN); db, dW as in Affine; dx = col2im(dout·colWᵀ, …).
    throw new Error('TODO(7.4.3-convolution): not implemented')
  }
}
