// 6.1.4-momentum — 本書 §6.1.4「Momentum」 / book §6.1.4 "Momentum"
// Read README.md beside this file, then run: pnpm quiz check 6.1.4-momentum
import { zerosLike, type NDArray } from '@dlfs/matrix'

/** Momentum SGD. params/grads: key → array (W1, b1, …), the same shape per key. */
export class Momentum {
  /** Learning rate η (the book's lr). */
  readonly lr: number
  /** α: the share of the last velocity that carries over (the book's momentum). */
  readonly momentum: number
  /** Velocity per key (the book's self.v), shaped like params[key]; created on the key's first update. */
  readonly v: Record<string, NDArray> = {}

  /** The book's Momentum(lr=0.01, momentum=0.9). */
  constructor(options: { lr?: number; momentum?: number } = {}) {
    // TODO(6.1.4-momentum): keep options.lr (default 0.01) and options.momentum (default 0.9).
    throw new Error('TODO(6.1.4-momentum): not implemented')
  }

  /** v ← αv − η·∂L/∂W, then W ← W + v, for every key: change params[key] IN PLACE; leave grads unchanged. */
  update(params: Record<string, NDArray>, grads: Record<string, NDArray>): void {
    // TODO(6.1.4-momentum): per key, create v[key] = zerosLike(params[key]) once, update it, then move params[key] by it.
    throw new Error('TODO(6.1.4-momentum): not implemented')
  }
}
