// 6.1.5-rmsprop — 本書 §6.1.5「AdaGrad」の RMSProp / book §6.1.5 "AdaGrad", the RMSprop note
// Read README.md beside this file, then run: pnpm quiz check 6.1.5-rmsprop
import { zerosLike, type NDArray } from '@dlfs/matrix'

/** RMSprop. params/grads: key → array (W1, b1, …), the same shape per key. */
export class RMSprop {
  /** Learning rate η (the book's lr). */
  readonly lr: number
  /** ρ: the share of the old h that stays at each update (the book's decay_rate). */
  readonly decayRate: number
  /** Moving average of the squared gradients, per key (the book's self.h), shaped like params[key]. */
  readonly h: Record<string, NDArray> = {}

  /** The book's RMSprop(lr=0.01, decay_rate=0.99). */
  constructor(options: { lr?: number; decayRate?: number } = {}) {
    // TODO(6.1.5-rmsprop): keep options.lr (default 0.01) and options.decayRate (default 0.99).
    throw new Error('TODO(6.1.5-rmsprop): not implemented')
  }

  /** h ← ρh + (1 − ρ)·g⊙g, then W ← W − η·g / (√h + 1e-7), for every key: params[key] IN PLACE; grads unchanged. */
  update(params: Record<string, NDArray>, grads: Record<string, NDArray>): void {
    // TODO(6.1.5-rmsprop): per key, create h[key] = zerosLike(params[key]) once, move it toward g⊙g, then step params[key].
    throw new Error('TODO(6.1.5-rmsprop): not implemented')
  }
}
