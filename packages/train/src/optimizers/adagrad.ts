import type { Optimizer, Params } from './optimizer.js'
import { checkLr, emptyState, paramGradPairs, readOptions, stateFor } from './_checks.js'

/** Options of {@link AdaGrad}, as the book's `AdaGrad(lr=0.01)`. */
export interface AdaGradOptions {
  /** Learning rate η, finite and > 0. Default 0.01. */
  lr?: number
}

/**
 * AdaGrad (book §6.1.5, common/optimizer.py `AdaGrad`): each element's step shrinks with the sum of its
 * squared gradients so far. params/grads: key → array of any shape, the same shape per key; each
 * `params[key]` is updated IN PLACE. `h[key]` starts as zeros like the param.
 *
 * @example
 * const optimizer = new AdaGrad({ lr: 0.01 })
 * optimizer.update(network.params, network.gradient(xBatch, tBatch))
 */
export class AdaGrad implements Optimizer {
  readonly lr: number
  /** Sum of squared gradients per key, shaped like the param (the book's `self.h`). */
  readonly h: Params = emptyState()

  constructor(options: AdaGradOptions = {}) {
    const o = readOptions('AdaGrad', options, { lr: 0.01 })
    this.lr = checkLr('AdaGrad', o.lr)
  }

  update(params: Params, grads: Params): void {
    for (const [key, W, g] of paramGradPairs('AdaGrad.update', params, grads, { h: this.h })) {
      const h = stateFor(this.h, key, W)
      // h ← h + g⊙g;  W ← W − η·g / (√h + 1e-7)   (book eqs. 6.5 and 6.6)
      h.addInPlace(g.mul(g))
      // NOTE(book): 1e-7 keeps the division finite where h is still 0.
      W.subInPlace(g.mul(this.lr).div(h.sqrt().add(1e-7)))
    }
  }
}
