import type { NDArray } from '@dlfs/matrix'
import type { Network } from '../networks/network.js'
import { Trainer, type TrainerOptions, type TrainResult } from '../trainer.js'

/** The data a Trainer run needs. x: (N, 784) or (N, 1, 28, 28); t: (N,) class indices. */
export interface Split {
  xTrain: NDArray
  tTrain: NDArray
  xTest: NDArray
  tTest: NDArray
}

/** One point of an accuracy curve: `epoch` passes over the training set done when it was measured. */
export interface AccuracyPoint {
  epoch: number
  train: number
  test: number
}

/**
 * `new Trainer(…).train()` (verbose off) with a progress line through `log` about ten times per run, each
 * prefixed by `label`. Returns the Trainer's result.
 */
export function trainLogged(label: string, network: Network, data: Split, options: TrainerOptions, log: (line: string) => void): TrainResult {
  const epochs = options.epochs ?? 20
  const every = Math.max(1, Math.round(epochs / 10))
  const trainer = new Trainer(network, data.xTrain, data.tTrain, data.xTest, data.tTest, {
    ...options,
    verbose: false,
    onEpoch: ({ epoch, trainAcc, testAcc }) => {
      if ((epoch - 1) % every === 0) log(`${label}epoch ${epoch - 1}/${epochs}: train acc ${trainAcc.toFixed(4)}, test acc ${testAcc.toFixed(4)}`)
    },
  })
  const result = trainer.train()
  log(`${label}done: train acc ${result.trainAcc.toFixed(4)}, test acc ${result.testAcc.toFixed(4)} (${result.iterations} iterations, ${result.seconds.toFixed(1)}s)`)
  return result
}

/**
 * The accuracy curve of a run: the Trainer measures epoch k (0-based) right after step floor(k·iterPerEpoch) + 1,
 * so list entry k is plotted at epoch k (the book plots it at k too), and the final accuracies, measured
 * after the last step, at `epochs`. Length: the lists' length + 1.
 */
export function accuracyCurve(result: TrainResult, epochs: number): AccuracyPoint[] {
  const points = result.trainAccList.map((train, k) => ({ epoch: k, train, test: result.testAccList[k]! }))
  points.push({ epoch: epochs, train: result.trainAcc, test: result.testAcc })
  return points
}

/** The mean of the last `n` values (all of them when there are fewer). NaN for an empty list. */
export function meanOfLast(values: readonly number[], n: number): number {
  const tail = values.slice(-n)
  return tail.reduce((a, b) => a + b, 0) / tail.length
}
