import { take, type NDArray, type Rng } from '@dlfs/matrix'
import type { Network } from '../networks/network.js'
import type { Optimizer } from '../optimizers/optimizer.js'
import { TrainingDivergedError } from '../trainer.js'

/** One network of a comparison, with the optimizer that trains it. */
export interface Contender {
  name: string
  network: Network
  optimizer: Optimizer
}

/** Options of `trainOnSharedBatches`. */
export interface SharedBatchOptions {
  iterations: number
  batchSize: number
  /** Draws the batches (one per iteration, shared by every contender). */
  rng: Rng
  log: (line: string) => void
  /** Log every contender's loss every this many iterations (the book prints every 100). */
  logEvery?: number
}

/**
 * The loop of ch06/optimizer_compare_mnist.py and weight_init_compare.py: each iteration draws ONE mini-batch
 * (with replacement, as np.random.choice) and every contender takes a step on it, then records its loss on
 * that batch after the update. x: (N, D); t: (N,). Returns each contender's losses (length `iterations`),
 * by name. Throws TrainingDivergedError when a loss is not finite.
 */
export function trainOnSharedBatches(contenders: readonly Contender[], x: NDArray, t: NDArray, options: SharedBatchOptions): Map<string, number[]> {
  const { iterations, batchSize, rng, log, logEvery = 100 } = options
  const losses = new Map(contenders.map((c) => [c.name, [] as number[]]))
  const trainSize = x.shape[0]!
  const start = Date.now()
  for (let i = 0; i < iterations; i++) {
    const batchMask = rng.choice(trainSize, batchSize)
    const xBatch = take(x, batchMask, 0)
    const tBatch = take(t, batchMask, 0)
    for (const { name, network, optimizer } of contenders) {
      optimizer.update(network.params, network.gradient(xBatch, tBatch))
      const loss = network.loss(xBatch, tBatch)
      if (!Number.isFinite(loss)) throw new TrainingDivergedError(i + 1, loss, iterations, (optimizer as { lr?: number }).lr)
      losses.get(name)!.push(loss)
    }
    if (i % logEvery === 0 || i === iterations - 1) {
      const parts = contenders.map(({ name }) => `${name} ${losses.get(name)![i]!.toFixed(4)}`)
      log(`iteration ${i}/${iterations}: ${parts.join(', ')} (${((Date.now() - start) / 1000).toFixed(1)}s)`)
    }
  }
  return losses
}
