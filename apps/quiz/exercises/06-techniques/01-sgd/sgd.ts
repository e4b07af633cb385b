// 6.1.2-sgd — 本書 §6.1.2「SGD」 / book §6.1.2 "SGD"
// Read README.md beside this file, then run: pnpm quiz check 6.1.2-sgd
import type { NDArray } from '@dlfs/matrix'

/** Stochastic gradient descent. params/grads: key → array (W1, b1, …), the same shape per key. */
export class SGD {
  /** Learning rate η (the book's lr). */
  readonly lr: number

  /** The book's SGD(lr=0.01): options.lr, or 0.01 when it is not given. */
  constructor(options: { lr?: number } = {}) {
    // TODO(6.1.2-sgd): keep options.lr in this.lr (the book's default is 0.01).
    throw new Error('TODO(6.1.2-sgd): not implemented')
  }

  /** W ← W − lr·∂L/∂W for every key: change each params[key] IN PLACE; leave grads unchanged. */
  update(params: Record<string, NDArray>, grads: Record<string, NDArray>): void {
    // TODO(6.1.2-sgd): for each key of params, subtract lr·grads[key] from params[key] in place.
    throw new Error('TODO(6.1.2-sgd): not implemented')
  }
}
