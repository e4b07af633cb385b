import type { Optimizer, Params } from './optimizer.js'
import { checkFraction, checkLr, emptyState, paramGradPairs, readOptions, stateFor } from './_checks.js'

/** Options of {@link RMSprop}, as the book's `RMSprop(lr=0.01, decay_rate=0.99)`. */
export interface RMSpropOptions {
  /** Learning rate η, finite and > 0. Default 0.01. */
  lr?: number
  /** Decay rate ρ in [0, 1): how slowly old squared gradients are forgotten. Default 0.99. */
  decayRate?: number
}

/**
 * RMSprop (book §6.1.5, common/optimizer.py `RMSprop`): AdaGrad with an exponential moving average of
 * g², so steps do not shrink to nothing. params/grads: key → array of any shape, the same shape per key;
 * each `params[key]` is updated IN PLACE. `h[key]` starts as zeros like the param.
 *
 * @example
 * const optimizer = new RMSprop({ lr: 0.01, decayRate: 0.99 })
 * optimizer.update(network.params, network.gradient(xBatch, tBatch))
 */
export class RMSprop implements Optimizer {
  readonly lr: number
  readonly decayRate: number
  /** Moving average of squared gradients per key, shaped like the param (the book's `self.h`). */
  readonly h: Params = emptyState()

  constructor(options: RMSpropOptions = {}) {
    const o = readOptions('RMSprop', options, { lr: 0.01, decayRate: 0.99 })
    this.lr = checkLr('RMSprop', o.lr)
    this.decayRate = checkFraction('RMSprop', 'decayRate', o.decayRate)
  }

  update(params: Params, grads: Params): void {
    const rho = this.decayRate
    for (const [key, W, g] of paramGradPairs('RMSprop.update', params, grads, { h: this.h })) {
      const h = stateFor(this.h, key, W)
      // h ← ρh + (1 − ρ)·g⊙g;  W ← W − η·g / (√h + 1e-7)
      h.mulInPlace(rho).addInPlace(g.mul(1 - rho).mul(g))
      // NOTE(book): 1e-7 keeps the division finite where h is still 0.
      W.subInPlace(g.mul(this.lr).div(h.sqrt().add(1e-7)))
    }
  }
}
