import { ValueError, zeros, type Rng } from '@dlfs/matrix'
import type { Params } from '../optimizers/optimizer.js'

/**
 * The weight scale MultiLayerNet takes (book §6.2): 'relu' or 'he' → He's √(2/n), 'sigmoid' or
 * 'xavier' → Xavier's √(1/n), with n the previous layer's size; a number is the standard deviation itself.
 */
export type WeightInitStd = 'relu' | 'he' | 'sigmoid' | 'xavier' | number

/** Standard deviation for a weight matrix fed by `preNodeNum` inputs (book common/multi_layer_net.py `__init_weight`). */
export function initStd(op: string, weightInitStd: WeightInitStd, preNodeNum: number): number {
  if (typeof weightInitStd === 'number') {
    if (!Number.isFinite(weightInitStd) || weightInitStd < 0) {
      throw new ValueError(op, `'weightInitStd' must be a finite number ≥ 0 or one of 'relu', 'he', 'sigmoid', 'xavier', got ${weightInitStd}`)
    }
    return weightInitStd
  }
  // The book lower-cases the name (str(weight_init_std).lower()), so 'He' works too.
  const name = String(weightInitStd).toLowerCase()
  if (name === 'relu' || name === 'he') return Math.sqrt(2.0 / preNodeNum)
  if (name === 'sigmoid' || name === 'xavier') return Math.sqrt(1.0 / preNodeNum)
  throw new ValueError(op, `'weightInitStd' must be a number or one of 'relu', 'he', 'sigmoid', 'xavier', got '${String(weightInitStd)}'`)
}

/**
 * W1, b1, …, W(L), b(L) for the sizes [inputSize, ...hiddenSizeList, outputSize]: W(idx) is
 * (size[idx−1], size[idx]) drawn as scale · randn in order, b(idx) zeros (book `__init_weight`).
 */
export function initWeights(op: string, rng: Rng, allSizeList: readonly number[], weightInitStd: WeightInitStd): Params {
  const params: Params = {}
  for (let idx = 1; idx < allSizeList.length; idx++) {
    const [nIn, nOut] = [allSizeList[idx - 1]!, allSizeList[idx]!]
    const scale = initStd(op, weightInitStd, nIn)
    params[`W${idx}`] = rng.randn(nIn, nOut).mul(scale)
    params[`b${idx}`] = zeros([nOut])
  }
  return params
}
