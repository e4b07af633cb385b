import type { Optimizer, Params } from './optimizer.js'
import { checkLr, paramGradPairs, readOptions } from './_checks.js'

/** Options of {@link SGD}, as the book's `SGD(lr=0.01)`. */
export interface SGDOptions {
  /** Learning rate η, finite and > 0. Default 0.01. */
  lr?: number
}

/**
 * Stochastic gradient descent (book §6.1.2, common/optimizer.py `SGD`). params/grads: key → array of any
 * shape, the same shape per key; each `params[key]` is updated IN PLACE (the layers hold these arrays).
 *
 * @example
 * const optimizer = new SGD({ lr: 0.1 })
 * optimizer.update(network.params, network.gradient(xBatch, tBatch))
 */
export class SGD implements Optimizer {
  readonly lr: number

  constructor(options: SGDOptions = {}) {
    const o = readOptions('SGD', options, { lr: 0.01 })
    this.lr = checkLr('SGD', o.lr)
  }

  update(params: Params, grads: Params): void {
    for (const [, W, g] of paramGradPairs('SGD.update', params, grads)) {
      // W ← W − η·∂L/∂W   (book eq. 6.1)
      W.subInPlace(g.mul(this.lr))
    }
  }
}
