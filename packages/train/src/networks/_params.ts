import { ValueError, numericalGradient } from '@dlfs/matrix'
import type { Layer } from '@dlfs/layers'
import type { Params } from '../optimizers/optimizer.js'

/**
 * Central-difference gradient of `loss` for every parameter, keyed like params (the book's
 * `numerical_gradient(loss_W, self.params[key])` for each key). Each array is nudged in place: the
 * layers hold the very same arrays, so `loss` sees the nudge.
 */
export function numericalGradients(params: Params, loss: () => number): Params {
  const grads: Params = {}
  for (const [key, param] of Object.entries(params)) grads[key] = numericalGradient(() => loss(), param)
  return grads
}

/**
 * The gradients backward left in the layers, keyed like params: `W1: 'Affine1'` takes Affine1's `W`
 * gradient (the key without its number names the layer's own parameter: W, b, gamma, beta).
 */
export function layerGrads(op: string, layers: ReadonlyMap<string, Layer>, owners: Record<string, string>): Params {
  const grads: Params = {}
  for (const [key, layerName] of Object.entries(owners)) {
    const grad = layers.get(layerName)?.grads()[key.replace(/\d+$/, '')]
    if (!grad) throw new ValueError(op, `no gradient for '${key}' in layer '${layerName}': run backward first`)
    grads[key] = grad
  }
  return grads
}

/** ½λ Σ‖W‖² over W1 … W(count) (book §6.4.2): the weight decay MultiLayerNet adds to its loss. */
export function weightDecay(params: Params, count: number, weightDecayLambda: number): number {
  if (weightDecayLambda === 0) return 0 // the book sums 0.5·0·Σ W² anyway; the result is the same 0
  let decay = 0
  for (let idx = 1; idx <= count; idx++) {
    const W = params[`W${idx}`]!
    decay += 0.5 * weightDecayLambda * W.mul(W).sum().item()
  }
  return decay
}

/** grads with λ·W added to W1 … W(count): the gradient of the weight decay ½λ‖W‖² (new arrays; b untouched). */
export function addWeightDecay(grads: Params, params: Params, count: number, weightDecayLambda: number): Params {
  if (weightDecayLambda === 0) return grads // dW + 0·W = dW: skip the arithmetic
  for (let idx = 1; idx <= count; idx++) grads[`W${idx}`] = grads[`W${idx}`]!.add(params[`W${idx}`]!.mul(weightDecayLambda))
  return grads
}

/** Throw unless λ is a finite number ≥ 0. */
export function checkWeightDecay(op: string, weightDecayLambda: number): void {
  if (!Number.isFinite(weightDecayLambda) || weightDecayLambda < 0) {
    throw new ValueError(op, `'weightDecayLambda' must be a finite number ≥ 0, got ${weightDecayLambda}`)
  }
}
