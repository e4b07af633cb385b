import type { Optimizer, Params } from './optimizer.js'
import { checkFraction, checkLr, emptyState, paramGradPairs, readOptions, stateFor } from './_checks.js'

/** Options of {@link Momentum}, as the book's `Momentum(lr=0.01, momentum=0.9)`. */
export interface MomentumOptions {
  /** Learning rate η, finite and > 0. Default 0.01. */
  lr?: number
  /** Momentum α in [0, 1): the share of the last step that carries over. Default 0.9. */
  momentum?: number
}

/**
 * Momentum SGD (book §6.1.4, common/optimizer.py `Momentum`). params/grads: key → array of any shape,
 * the same shape per key; each `params[key]` is updated IN PLACE. The velocity `v[key]` starts as zeros
 * like the param on that key's first update.
 *
 * @example
 * const optimizer = new Momentum({ lr: 0.01, momentum: 0.9 })
 * optimizer.update(network.params, network.gradient(xBatch, tBatch))
 */
export class Momentum implements Optimizer {
  readonly lr: number
  readonly momentum: number
  /** Velocity per key, shaped like the param (the book's `self.v`). */
  readonly v: Params = emptyState()

  constructor(options: MomentumOptions = {}) {
    const o = readOptions('Momentum', options, { lr: 0.01, momentum: 0.9 })
    this.lr = checkLr('Momentum', o.lr)
    this.momentum = checkFraction('Momentum', 'momentum', o.momentum)
  }

  update(params: Params, grads: Params): void {
    for (const [key, W, g] of paramGradPairs('Momentum.update', params, grads, { v: this.v })) {
      const v = stateFor(this.v, key, W)
      // v ← αv − η·∂L/∂W;  W ← W + v   (book eqs. 6.3 and 6.4)
      v.mulInPlace(this.momentum).subInPlace(g.mul(this.lr))
      W.addInPlace(v)
    }
  }
}
