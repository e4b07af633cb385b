// 6.1.6-nesterov — 本書 §6.1「パラメータの更新」、common/optimizer.py の Nesterov / book §6.1, Nesterov in common/optimizer.py
// Read README.md beside this file, then run: pnpm quiz check 6.1.6-nesterov
import { zerosLike, type NDArray } from '@dlfs/matrix'

/** Nesterov's accelerated gradient. params/grads: key → array (W1, b1, …), the same shape per key. */
export class Nesterov {
  /** Learning rate η (the book's lr). */
  readonly lr: number
  /** α (the book's momentum). */
  readonly momentum: number
  /** Velocity per key (the book's self.v), shaped like params[key]. */
  readonly v: Record<string, NDArray> = {}

  /** The book's Nesterov(lr=0.01, momentum=0.9). */
  constructor(options: { lr?: number; momentum?: number } = {}) {
    // TODO(6.1.6-nesterov): keep options.lr (default 0.01) and options.momentum (default 0.9).
    throw new Error('TODO(6.1.6-nesterov): not implemented')
  }

  /** v ← αv − η·g; then W ← W + α²·v − (1 + α)·η·g with the new v, for every key: params[key] IN PLACE; grads unchanged. */
  update(params: Record<string, NDArray>, grads: Record<string, NDArray>): void {
    // TODO(6.1.6-nesterov): per key, create v[key] = zerosLike(params[key]) once, update v first, then params[key].
    throw new Error('TODO(6.1.6-nesterov): not implemented')
  }
}
