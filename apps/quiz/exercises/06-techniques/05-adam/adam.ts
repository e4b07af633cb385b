// 6.1.6-adam — 本書 §6.1.6「Adam」 / book §6.1.6 "Adam"
// Read README.md beside this file, then run: pnpm quiz check 6.1.6-adam
import { zerosLike, type NDArray } from '@dlfs/matrix'

/** Adam, as the book's common/optimizer.py. params/grads: key → array (W1, b1, …), the same shape per key. */
export class Adam {
  /** Learning rate (the book's lr). */
  readonly lr: number
  /** Decay of m, the moving average of g. */
  readonly beta1: number
  /** Decay of v, the moving average of g⊙g. */
  readonly beta2: number
  /** Number of update calls so far: the t of lr_t. */
  iter = 0
  /** First moment per key (the book's self.m), shaped like params[key]. */
  readonly m: Record<string, NDArray> = {}
  /** Second moment per key (the book's self.v), shaped like params[key]. */
  readonly v: Record<string, NDArray> = {}

  /** The book's Adam(lr=0.001, beta1=0.9, beta2=0.999). */
  constructor(options: { lr?: number; beta1?: number; beta2?: number } = {}) {
    // TODO(6.1.6-adam): keep options.lr (default 0.001), options.beta1 (0.9) and options.beta2 (0.999).
    throw new Error('TODO(6.1.6-adam): not implemented')
  }

  /**
   * iter += 1; lr_t = lr·√(1 − β2^iter)/(1 − β1^iter); then per key
   * m += (1 − β1)(g − m), v += (1 − β2)(g⊙g − v), W −= lr_t·m/(√v + 1e-7): params[key] IN PLACE; grads unchanged.
   */
  update(params: Record<string, NDArray>, grads: Record<string, NDArray>): void {
    // TODO(6.1.6-adam): count this update, compute lr_t, then update m[key], v[key] and params[key] for every key.
    throw new Error('TODO(6.1.6-adam): not implemented')
  }
}
