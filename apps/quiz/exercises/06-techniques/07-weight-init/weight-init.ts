// 6.2-weight-init — 本書 §6.2「重みの初期値」 / book §6.2 "Initial weight values"
// Read README.md beside this file, then run: pnpm quiz check 6.2-weight-init
import { zeros, type NDArray, type Rng } from '@dlfs/matrix'

/** 'relu'/'he' → He's initial value; 'sigmoid'/'xavier' → Xavier's; a number is the standard deviation itself. */
export type WeightInitStd = 'relu' | 'he' | 'sigmoid' | 'xavier' | number

/** Standard deviation of the initial weights of a layer fed by `preNodeNum` nodes (the previous layer's size). */
export function initStd(weightInitStd: WeightInitStd, preNodeNum: number): number {
  // TODO(6.2-weight-init): He √(2/n) for 'relu'/'he', Xavier √(1/n) for 'sigmoid'/'xavier', a number as it is.
  throw new Error('TODO(6.2-weight-init): not implemented')
}

/**
 * W1, b1, …, W(L), b(L) for the layer sizes allSizeList = [input, ...hidden, output]:
 * W(idx) (allSizeList[idx − 1], allSizeList[idx]) drawn from rng.randn times initStd; b(idx) zeros.
 */
export function initWeights(allSizeList: readonly number[], weightInitStd: WeightInitStd, rng: Rng): Record<string, NDArray> {
  // TODO(6.2-weight-init): for idx = 1 … L, params[`W${idx}`] = rng.randn(nIn, nOut) · std, params[`b${idx}`] = zeros([nOut]).
  throw new Error('TODO(6.2-weight-init): not implemented')
}
