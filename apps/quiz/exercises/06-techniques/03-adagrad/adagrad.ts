// 6.1.5-adagrad — 本書 §6.1.5「AdaGrad」 / book §6.1.5 "AdaGrad"
// Read README.md beside this file, then run: pnpm quiz check 6.1.5-adagrad
import { zerosLike, type NDArray } from '@dlfs/matrix'

/** AdaGrad. params/grads: key → array (W1, b1, …), the same shape per key. */
export class AdaGrad {
  /** Learning rate η (the book's lr). */
  readonly lr: number
  /** Sum of the squared gradients so far, per key (the book's self.h), shaped like params[key]. */
  readonly h: Record<string, NDArray> = {}

  /** The book's AdaGrad(lr=0.01). */
  constructor(options: { lr?: number } = {}) {
    // TODO(6.1.5-adagrad): keep options.lr (default 0.01).
    throw new Error('TODO(6.1.5-adagrad): not implemented')
  }

  /** h ← h + g⊙g, then W ← W − η·g / (√h + 1e-7), for every key: change params[key] IN PLACE; leave grads unchanged. */
  update(params: Record<string, NDArray>, grads: Record<string, NDArray>): void {
    // TODO(6.1.5-adagrad): per key, create h[key] = zerosLike(params[key]) once, add g⊙g to it, then step params[key].
    throw new Error('TODO(6.1.5-adagrad): not implemented')
  }
}
