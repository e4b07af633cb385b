import { ShapeError, ValueError, withContext, type NDArray } from '@dlfs/matrix'
import { softmax } from './softmax.js'
import { crossEntropyError } from './cross-entropy-error.js'
import { labelIndices, toLabelArray, type Labels } from './_labels.js'

/**
 * Softmax followed by cross-entropy, as one layer (book §5.6.3). x: (N, C) scores or (C,) one sample;
 * t: one-hot like x, or class indices (N,) (a number for one sample). forward → the loss, a number;
 * backward → dx of x's shape.
 */
export class SoftmaxWithLoss {
  /** The last loss, for logging. */
  loss: number | null = null
  /** (N, C) softmax of x: backward's (y − t)/N needs it. */
  y: NDArray | null = null
  /** Labels as given to forward: one-hot (N, C) or indices (N,). */
  t: NDArray | null = null
  /** x's shape, so dx of a single sample comes back as (C,). */
  private xShape: readonly number[] = []

  forward(x: NDArray, t: Labels): number {
    if (x.ndim !== 1 && x.ndim !== 2) {
      throw new ShapeError('SoftmaxWithLoss.forward', `'x' must be (N, C) or (C,), got (${x.shape.join(',')})`, [x.shape])
    }
    const tt = toLabelArray(t)
    const y = softmax(x)
    // Computed before any field is set, so a forward that throws leaves the layer as it was.
    const loss = withContext('SoftmaxWithLoss.forward', () => crossEntropyError(y, tt))
    this.xShape = x.shape
    this.t = tt
    this.y = y
    this.loss = loss
    return loss
  }

  /** dL/dx = (y − t)/N for one-hot t; with indices, y with 1 subtracted at each label, /N. Times dout. */
  backward(dout = 1): NDArray {
    if (!this.y || !this.t) throw new ValueError('SoftmaxWithLoss.backward', 'called before forward: run forward(x, t) first')
    const y = this.y.ndim === 1 ? this.y.reshape(1, -1) : this.y
    const n = y.shape[0]!
    const scale = dout / n
    let dx: NDArray
    if (this.t.size === y.size && this.t.size !== n) {
      dx = y.sub(this.t.reshape(y.shape)).mul(scale)
    } else {
      const labels = labelIndices('SoftmaxWithLoss.backward', y, this.t.reshape(-1))
      dx = y.copy()
      labels.forEach((label, i) => dx.set([i, label], dx.get(i, label) - 1))
      dx = dx.mul(scale)
    }
    return dx.reshape(this.xShape)
  }
}
