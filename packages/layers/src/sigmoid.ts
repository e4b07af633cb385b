import type { NDArray } from '@dlfs/matrix'
import type { Layer } from './layer.js'
import { checkDout, forwarded } from './_checks.js'
import { sigmoid } from './activations.js'

/** Sigmoid layer (book §5.5.2). x: any shape; returns the same shape. */
export class Sigmoid implements Layer {
  /** The forward output y: the derivative is expressed through it alone. */
  out: NDArray | null = null

  forward(x: NDArray): NDArray {
    this.out = sigmoid(x)
    return this.out
  }

  /** y = 1/(1 + exp(−x))  ⇒  dy/dx = y·(1 − y), so dx = dout·(1 − y)·y. */
  backward(dout: NDArray): NDArray {
    const out = forwarded('Sigmoid', this.out)
    checkDout('Sigmoid', dout, out.shape)
    return dout.mul(out.neg().add(1)).mul(out)
  }

  params(): Record<string, NDArray> {
    return {}
  }
  grads(): Record<string, NDArray | null> {
    return {}
  }
}
