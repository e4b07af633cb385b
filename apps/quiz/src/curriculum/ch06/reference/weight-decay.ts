import type { NDArray } from '@dlfs/matrix'

/** The weights that decay: W1, W2, … (not the biases b, nor BatchNormalization's gamma and beta). */
export const isWeight = (key: string): boolean => /^W\d*$/.test(key)

/**
 * The weight decay term of the loss, ½λ Σ‖W‖² over the weights W1, W2, … (book §6.4.2,
 * common/multi_layer_net.py `loss`). params: key → array; returns a number.
 *
 * @example
 * weightDecayLoss({ W1: array([[1, 2]]), b1: array([5]) }, 0.1) // 0.25 = ½·0.1·(1 + 4)
 */
export function weightDecayLoss(params: Record<string, NDArray>, lambda: number): number {
  let decay = 0
  for (const [key, W] of Object.entries(params)) if (isWeight(key)) decay += 0.5 * lambda * W.mul(W).sum().item()
  return decay
}

/**
 * grads with λW added to each weight's gradient, the derivative of ½λ‖W‖² (common/multi_layer_net.py
 * `gradient`): a new record; other keys keep their arrays; neither grads nor params is changed.
 *
 * @example
 * addWeightDecay({ W1: array([[0, 0]]) }, { W1: array([[1, 2]]) }, 0.1).W1 // [[0.1, 0.2]]
 */
export function addWeightDecay(grads: Record<string, NDArray>, params: Record<string, NDArray>, lambda: number): Record<string, NDArray> {
  const out: Record<string, NDArray> = { ...grads }
  for (const key of Object.keys(grads)) if (isWeight(key)) out[key] = grads[key]!.add(params[key]!.mul(lambda))
  return out
}
