import { zeros, type NDArray, type Rng } from '@dlfs/matrix'

/** 'relu'/'he' → He's √(2/n); 'sigmoid'/'xavier' → Xavier's √(1/n); a number is the standard deviation itself. */
export type WeightInitStd = 'relu' | 'he' | 'sigmoid' | 'xavier' | number

/**
 * Standard deviation of the initial weights of a layer fed by `preNodeNum` nodes (book §6.2.2–6.2.3,
 * common/multi_layer_net.py `__init_weight`).
 *
 * @example
 * initStd('he', 100) // 0.1414… = √(2/100)
 * initStd('xavier', 100) // 0.1 = √(1/100)
 * initStd(0.01, 100) // 0.01
 */
export function initStd(weightInitStd: WeightInitStd, preNodeNum: number): number {
  if (typeof weightInitStd === 'number') return weightInitStd
  // The book lower-cases the name (str(weight_init_std).lower()), so 'He' and 'ReLU' work too.
  const name = String(weightInitStd).toLowerCase()
  if (name === 'relu' || name === 'he') return Math.sqrt(2.0 / preNodeNum)
  if (name === 'sigmoid' || name === 'xavier') return Math.sqrt(1.0 / preNodeNum)
  throw new Error(`initStd: weightInitStd must be a number or one of 'relu', 'he', 'sigmoid', 'xavier', got '${name}'`)
}

/**
 * W1, b1, …, W(L), b(L) for the layer sizes [input, ...hidden, output]: W(idx) is
 * (allSizeList[idx − 1], allSizeList[idx]) drawn as initStd(…, allSizeList[idx − 1]) · rng.randn, b(idx) zeros.
 *
 * @example
 * const params = initWeights([784, 100, 10], 'he', new Rng(0)) // W1 (784,100), b1 (100,), W2 (100,10), b2 (10,)
 */
export function initWeights(allSizeList: readonly number[], weightInitStd: WeightInitStd, rng: Rng): Record<string, NDArray> {
  const params: Record<string, NDArray> = {}
  for (let idx = 1; idx < allSizeList.length; idx++) {
    const [nIn, nOut] = [allSizeList[idx - 1]!, allSizeList[idx]!]
    // n is the number of nodes of the PREVIOUS layer: each output sums nIn inputs.
    params[`W${idx}`] = rng.randn(nIn, nOut).mul(initStd(weightInitStd, nIn))
    params[`b${idx}`] = zeros([nOut])
  }
  return params
}
