import { where, type NDArray } from '@dlfs/matrix'
import type { Layer } from './layer.js'
import { checkDout, forwarded } from './_checks.js'

/** ReLU layer (book §5.5.1). x: any shape; returns the same shape. */
export class Relu implements Layer {
  /** 1 where x ≤ 0: those elements output 0 and pass no gradient back. */
  mask: NDArray | null = null

  forward(x: NDArray): NDArray {
    this.mask = x.lessEqual(0)
    return where(this.mask, 0, x)
  }

  /**
   * dx = dout where x > 0, else 0. NOTE: at exactly x = 0 the gradient is 0 (mask is x ≤ 0), as in
   * the book. The book writes into dout in place; we return a new array and leave dout alone.
   */
  backward(dout: NDArray): NDArray {
    const mask = forwarded('Relu', this.mask)
    checkDout('Relu', dout, mask.shape)
    return where(mask, 0, dout)
  }

  params(): Record<string, NDArray> {
    return {}
  }
  grads(): Record<string, NDArray | null> {
    return {}
  }
}
