// Optimizers written as one per-key step, so each typical mistake of §6.1 is a few lines. The checks
// use them to recognise a learner's mistake (their step equals the mistaken one) and as the mutants.
import { zerosLike, type NDArray } from '@dlfs/matrix'

/** Parameters or gradients by key (`W1`, `b1`, …), as the book's `params` / `grads` dicts. */
export type Params = Record<string, NDArray>
/** What the checks need of an optimizer: `update` changes every `params[key]` in place. */
export interface OptimizerLike {
  update(params: Params, grads: Params): void
}
/** An optimizer class taking the book's options object, e.g. `new Momentum({ lr: 0.1, momentum: 0.9 })`. */
export type OptimizerClass = new (options?: Record<string, number>) => OptimizerLike

/** One key's update: W (param, changed in place), g (its gradient), o (options), state(name) per key, t. */
export interface StepArgs {
  W: NDArray
  g: NDArray
  o: Record<string, number>
  /** The state array `name` (v, h, m) of this key, zeros like W on first use. */
  state(name: string): NDArray
  /** Number of update calls so far, this one included (Adam's iter). */
  t: number
}

/** How the built optimizer goes wrong around the step (the step itself may be wrong too). */
export interface Quirks {
  /** One state array for all keys instead of one per key. */
  sharedState?: boolean
  /** State forgotten at every call (created anew in update). */
  resetState?: boolean
  /** t counted once per key instead of once per update call. */
  iterPerKey?: boolean
  /** params[key] replaced by a new array instead of changed in place. */
  reassign?: boolean
}

/** An optimizer class whose update applies `step` to each key, with the book's defaults. */
export function optimizerOf(defaults: Record<string, number>, step: (a: StepArgs) => void, quirks: Quirks = {}): OptimizerClass {
  return class {
    readonly o: Record<string, number>
    iter = 0
    states: Record<string, Params> = {}
    constructor(options: Record<string, number> = {}) {
      this.o = { ...defaults, ...options }
    }
    update(params: Params, grads: Params): void {
      if (quirks.resetState) this.states = {}
      if (!quirks.iterPerKey) this.iter += 1
      for (const key of Object.keys(params)) {
        if (quirks.iterPerKey) this.iter += 1
        const W = quirks.reassign ? params[key]!.copy() : params[key]!
        const slot = quirks.sharedState ? '*' : key
        const state = (name: string): NDArray => ((this.states[name] ??= {})[slot] ??= zerosLike(W))
        step({ W, g: grads[key]!, o: this.o, state, t: this.iter })
        if (quirks.reassign) params[key] = W
      }
    }
  }
}
