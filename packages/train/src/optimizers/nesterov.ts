import type { Optimizer, Params } from './optimizer.js'
import { checkFraction, checkLr, emptyState, paramGradPairs, readOptions, stateFor } from './_checks.js'

/** Options of {@link Nesterov}, as the book's `Nesterov(lr=0.01, momentum=0.9)`. */
export interface NesterovOptions {
  /** Learning rate η, finite and > 0. Default 0.01. */
  lr?: number
  /** Momentum α in [0, 1). Default 0.9. */
  momentum?: number
}

/**
 * Nesterov's accelerated gradient (common/optimizer.py `Nesterov`, arXiv:1212.0901; the book's text
 * names it only in passing). params/grads: key → array of any shape, the same shape per key; each
 * `params[key]` is updated IN PLACE. `v[key]` starts as zeros like the param.
 *
 * NOTE(book): the current common/optimizer.py updates v FIRST and then moves W with the NEW v, as here.
 * Older copies of that file (and many forks) move W first with the old v (Bengio et al.'s form).
 *
 * @example
 * const optimizer = new Nesterov({ lr: 0.01, momentum: 0.9 })
 * optimizer.update(network.params, network.gradient(xBatch, tBatch))
 */
export class Nesterov implements Optimizer {
  readonly lr: number
  readonly momentum: number
  /** Velocity per key, shaped like the param (the book's `self.v`). */
  readonly v: Params = emptyState()

  constructor(options: NesterovOptions = {}) {
    const o = readOptions('Nesterov', options, { lr: 0.01, momentum: 0.9 })
    this.lr = checkLr('Nesterov', o.lr)
    this.momentum = checkFraction('Nesterov', 'momentum', o.momentum)
  }

  update(params: Params, grads: Params): void {
    const a = this.momentum
    for (const [key, W, g] of paramGradPairs('Nesterov.update', params, grads, { v: this.v })) {
      const v = stateFor(this.v, key, W)
      // v ← αv − η·g;  W ← W + α²·v − (1 + α)·η·g   (v already updated: the current code's order)
      v.mulInPlace(a).subInPlace(g.mul(this.lr))
      W.addInPlace(v.mul(a * a))
      W.subInPlace(g.mul((1 + a) * this.lr))
    }
  }
}
