import { Rng } from '@dlfs/matrix'
import { TwoLayerNet } from '../src/networks/two-layer-net.js'
import { SimpleConvNet } from '../src/networks/simple-conv-net.js'
import { SGD } from '../src/optimizers/sgd.js'
import { Adam } from '../src/optimizers/adam.js'
import type { Network } from '../src/networks/network.js'
import type { Optimizer } from '../src/optimizers/optimizer.js'
import type { NDArray } from '@dlfs/matrix'
import { medianStepMs } from './_median-step-ms.js'

/** The two steps the bench times; each implementation (dlfs, tfjs, numpy) builds the same two. */
export type StepCase = 'two-layer' | 'conv'

/** One training step as the Trainer runs it, minus sampling the batch and the loss after the update. */
function step(network: Network, optimizer: Optimizer, x: NDArray, t: NDArray): () => number {
  return () => {
    const grads = network.gradient(x, t) // forward + backward
    optimizer.update(network.params, grads) // in place
    return grads.W1!.data[0]!
  }
}

/**
 * Median ms per step of dlfs:
 *   two-layer: TwoLayerNet 784-50-10, x (100, 784), SGD lr 0.1
 *   conv:      SimpleConvNet (30 filters 5×5, hidden 100), x (100, 1, 28, 28), Adam lr 0.001
 * Inputs: uniform [0, 1) pixels, labels 0..9 as indices (what dlfs-train passes).
 */
export function timeDlfsSteps(cases: readonly StepCase[]): Partial<Record<StepCase, number>> {
  const rng = new Rng(0)
  const out: Partial<Record<StepCase, number>> = {}
  if (cases.includes('two-layer')) {
    const net = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10, rng: rng.spawn() })
    out['two-layer'] = medianStepMs(step(net, new SGD({ lr: 0.1 }), rng.rand(100, 784), rng.integers(0, 10, [100])))
  }
  if (cases.includes('conv')) {
    const net = new SimpleConvNet({ rng: rng.spawn() })
    out.conv = medianStepMs(step(net, new Adam({ lr: 0.001 }), rng.rand(100, 1, 28, 28), rng.integers(0, 10, [100])))
  }
  return out
}
