import { ShapeError, formatShape, sizeOf, withContext, type NDArray } from '@dlfs/matrix'
import type { Layer } from './layer.js'
import { checkDout, checkRank, forwarded } from './_checks.js'

/**
 * Fully connected layer (book §5.6.2). x: (N, D) or (N, ...) flattened to (N, D), as a conv
 * feature map (N, C, H, W) is; W: (D, M); b: (M,); returns (N, M).
 */
export class Affine implements Layer {
  /** (D, M), set by backward. */
  dW: NDArray | null = null
  /** (M,): dout summed over the batch axis, because b was broadcast over it. */
  db: NDArray | null = null
  /** (N, D), the flattened input, kept for dW = xᵀ·dout. */
  x: NDArray | null = null
  /** x's shape before flattening, so dx comes back in it (e.g. (N, C, H, W)). */
  originalXShape: readonly number[] | null = null

  constructor(
    public W: NDArray,
    public b: NDArray,
  ) {
    checkRank('Affine', 'W', W, 2, '(D, M)')
    if (b.ndim !== 1 || b.shape[0] !== W.shape[1]) {
      throw new ShapeError('Affine', `'b' must be (M,) = (${W.shape[1]},) to match 'W' ${formatShape(W.shape)}, got ${formatShape(b.shape)}`, [W.shape, b.shape])
    }
  }

  forward(x: NDArray): NDArray {
    if (x.ndim < 2) {
      throw new ShapeError('Affine.forward', `'x' must have a batch axis, (N, D), got ${formatShape(x.shape)}; for one sample use x.reshape(1, -1)`, [x.shape])
    }
    this.originalXShape = x.shape
    this.x = x.reshape(x.shape[0]!, sizeOf(x.shape.slice(1))) // not -1: an empty batch reshapes too
    const x2 = this.x
    // out = x·W + b, with b (M,) broadcast over the N rows.
    return withContext('Affine.forward', () => x2.dot(this.W).add(this.b))
  }

  backward(dout: NDArray): NDArray {
    const x = forwarded('Affine', this.x)
    checkDout('Affine', dout, [x.shape[0]!, this.W.shape[1]!])
    // out = x·W + b  ⇒  dx = dout·Wᵀ,  dW = xᵀ·dout,  db = Σₙ dout
    const dx = dout.dot(this.W.T)
    this.dW = x.T.dot(dout)
    this.db = dout.sum(0)
    return dx.reshape(this.originalXShape!)
  }

  params(): Record<string, NDArray> {
    return { W: this.W, b: this.b }
  }
  grads(): Record<string, NDArray | null> {
    return { W: this.dW, b: this.db }
  }
}
