import type { Optimizer, Params } from './optimizer.js'
import { checkFraction, checkLr, emptyState, paramGradPairs, readOptions, stateFor } from './_checks.js'

/** Options of {@link Adam}, as the book's `Adam(lr=0.001, beta1=0.9, beta2=0.999)`. */
export interface AdamOptions {
  /** Learning rate α, finite and > 0. Default 0.001. */
  lr?: number
  /** Decay of the first moment (mean of g), in [0, 1). Default 0.9. */
  beta1?: number
  /** Decay of the second moment (mean of g²), in [0, 1). Default 0.999. */
  beta2?: number
}

/**
 * Adam (book §6.1.6, common/optimizer.py `Adam`, arXiv:1412.6980). params/grads: key → array of any
 * shape, the same shape per key; each `params[key]` is updated IN PLACE. `m[key]`, `v[key]` start as
 * zeros like the param; `iter` counts `update` calls (one count for all keys, as in the book).
 *
 * NOTE(book): the bias correction is folded into the step size lr_t and 1e-7 is added to the
 * UNcorrected √v (the paper's "efficient version", §2). PyTorch (eps 1e-8) and TF.js (eps 1e-7) add eps
 * to the corrected √v̂ instead; the book's form equals theirs with eps = 1e-7/√(1 − β2ᵗ) (about 3.2e-6
 * at t = 1, falling to 1e-7), so the results differ at the eps level in the early steps.
 *
 * @example
 * const optimizer = new Adam({ lr: 0.001, beta1: 0.9, beta2: 0.999 })
 * optimizer.update(network.params, network.gradient(xBatch, tBatch))
 */
export class Adam implements Optimizer {
  readonly lr: number
  readonly beta1: number
  readonly beta2: number
  /** Number of `update` calls so far: t in the bias correction. */
  iter = 0
  /** First moment per key, shaped like the param (the book's `self.m`). */
  readonly m: Params = emptyState()
  /** Second moment per key, shaped like the param (the book's `self.v`). */
  readonly v: Params = emptyState()

  constructor(options: AdamOptions = {}) {
    const o = readOptions('Adam', options, { lr: 0.001, beta1: 0.9, beta2: 0.999 })
    this.lr = checkLr('Adam', o.lr)
    this.beta1 = checkFraction('Adam', 'beta1', o.beta1)
    this.beta2 = checkFraction('Adam', 'beta2', o.beta2)
  }

  update(params: Params, grads: Params): void {
    const { beta1, beta2 } = this
    const pairs = paramGradPairs('Adam.update', params, grads, { m: this.m, v: this.v }) // checked before iter moves
    this.iter += 1
    // lr_t = α·√(1 − β2ᵗ) / (1 − β1ᵗ): the bias correction of m and v, folded into the step size
    const lrT = (this.lr * Math.sqrt(1 - beta2 ** this.iter)) / (1 - beta1 ** this.iter)
    for (const [key, W, g] of pairs) {
      const m = stateFor(this.m, key, W)
      const v = stateFor(this.v, key, W)
      // m ← m + (1 − β1)(g − m);  v ← v + (1 − β2)(g⊙g − v);  W ← W − lr_t·m / (√v + 1e-7)
      m.addInPlace(g.sub(m).mul(1 - beta1))
      v.addInPlace(g.mul(g).sub(v).mul(1 - beta2))
      // NOTE(book): 1e-7 on the uncorrected √v (see the class comment).
      W.subInPlace(m.mul(lrT).div(v.sqrt().add(1e-7)))
    }
  }
}
