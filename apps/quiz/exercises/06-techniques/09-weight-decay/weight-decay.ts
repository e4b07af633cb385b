// 6.4.2-weight-decay — 本書 §6.4.2「Weight decay」 / book §6.4.2 "Weight decay"
// Read README.md beside this file, then run: pnpm quiz check 6.4.2-weight-decay
import type { NDArray } from '@dlfs/matrix'

/** The term weight decay adds to the loss: ½λ Σ‖W‖² over the weights W1, W2, … (keys starting with W). */
export function weightDecayLoss(params: Record<string, NDArray>, lambda: number): number {
  // TODO(6.4.2-weight-decay): sum 0.5·λ·(sum of W²) over the keys that are weights; skip b, gamma, beta.
  throw new Error('TODO(6.4.2-weight-decay): not implemented')
}

/** grads with λW added to each weight's gradient (dW + λW); other keys as they are; no array changed in place. */
export function addWeightDecay(grads: Record<string, NDArray>, params: Record<string, NDArray>, lambda: number): Record<string, NDArray> {
  // TODO(6.4.2-weight-decay): return a copy of grads in which every weight key holds grads[key] + λ·params[key].
  throw new Error('TODO(6.4.2-weight-decay): not implemented')
}
