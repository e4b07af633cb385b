// 5.6.2-affine-nd — 本書 §5.6.2「バッチ版Affineレイヤ」（common/layers.py の Affine） / book §5.6.2, the Affine of common/layers.py
// Read README.md beside this file, then run: pnpm quiz check 5.6.2-affine-nd
import type { NDArray } from '@dlfs/matrix'

/**
 * Fully connected layer for input of any rank ≥ 2. x: (N, ...) such as (N, C, H, W), flattened to
 * (N, D) with D = C·H·W; W: (D, M); b: (M,); forward returns (N, M); backward returns dx of x's shape.
 */
export class Affine {
  /** (D, M): set by backward. */
  dW: NDArray | null = null
  /** (M,): set by backward. */
  db: NDArray | null = null
  /** (N, D): the flattened input, kept for dW. */
  x: NDArray | null = null
  /** x's shape before flattening, e.g. (N, C, H, W): dx goes back to it. */
  originalXShape: readonly number[] | null = null

  constructor(
    public W: NDArray,
    public b: NDArray,
  ) {}

  /** x: (N, ...) → out = x.reshape(N, D)·W + b, (N, M). */
  forward(x: NDArray): NDArray {
    // TODO(5.6.2-affine-nd): keep x's shape in originalXShape, flatten x to (N, D), keep it, return x·W + b.
    throw new Error('TODO(5.6.2-affine-nd): not implemented')
  }

  /** dout: (N, M) → dx of x's original shape; also sets this.dW (D, M) and this.db (M,). */
  backward(dout: NDArray): NDArray {
    // TODO(5.6.2-affine-nd): dx = dout·Wᵀ reshaped to originalXShape, dW = xᵀ·dout, db = Σ dout over axis 0.
    throw new Error('TODO(5.6.2-affine-nd): not implemented')
  }
}
