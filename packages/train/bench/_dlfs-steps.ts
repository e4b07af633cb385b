import { Rng, zeros } from '@dlfs/matrix'
import { Convolution } from '@dlfs/layers'
import { TwoLayerNet } from '../src/networks/two-layer-net.js'
import { SimpleConvNet } from '../src/networks/simple-conv-net.js'
import { SGD } from '../src/optimizers/sgd.js'
import { Adam } from '../src/optimizers/adam.js'
import type { Network } from '../src/networks/network.js'
import type { Optimizer } from '../src/optimizers/optimizer.js'
import type { NDArray } from '@dlfs/matrix'
import { medianStepMs } from './_median-step-ms.js'

/** The steps the bench times; each implementation (dlfs, numpy, tfjs-cpu, tfjs-wasm) builds the same ones. */
export type StepCase = 'two-layer' | 'conv-layer' | 'simple-conv-net'

/** One training step as the Trainer runs it, minus sampling the batch and the loss after the update. */
function step(network: Network, optimizer: Optimizer, x: NDArray, t: NDArray): () => number {
  return () => {
    const grads = network.gradient(x, t) // forward + backward
    optimizer.update(network.params, grads) // in place
    return grads.W1!.data[0]!
  }
}

/**
 * SimpleConvNet's first layer alone (book §7.4.3): forward on x (100, 1, 28, 28), then backward of a fixed
 * random dout (100, 30, 24, 24), which yields dx, dW and db. W ~ 0.01·N(0, 1), b = 0, as the network's init.
 */
function convLayerStep(rng: Rng): () => number {
  const conv = new Convolution(rng.randn(30, 1, 5, 5).mul(0.01), zeros([30]))
  const x = rng.rand(100, 1, 28, 28)
  const dout = rng.randn(100, 30, 24, 24)
  return () => {
    const out = conv.forward(x) // (100, 30, 24, 24)
    const dx = conv.backward(dout) // (100, 1, 28, 28); sets dW (30, 1, 5, 5) and db (30,)
    return out.data[0]! + dx.data[0]! + conv.dW!.data[0]!
  }
}

/**
 * Median ms per step of dlfs:
 *   two-layer:       TwoLayerNet 784-50-10, x (100, 784), SGD lr 0.1
 *   conv-layer:      Convolution 30 filters 5×5 on x (100, 1, 28, 28), forward + backward
 *   simple-conv-net: SimpleConvNet (30 filters 5×5, hidden 100), x (100, 1, 28, 28), Adam lr 0.001
 * Inputs: uniform [0, 1) pixels, labels 0..9 as indices (what dlfs-train passes).
 */
export function timeDlfsSteps(cases: readonly StepCase[]): Partial<Record<StepCase, number>> {
  const rng = new Rng(0)
  const out: Partial<Record<StepCase, number>> = {}
  if (cases.includes('two-layer')) {
    const net = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10, rng: rng.spawn() })
    out['two-layer'] = medianStepMs(step(net, new SGD({ lr: 0.1 }), rng.rand(100, 784), rng.integers(0, 10, [100])))
  }
  if (cases.includes('conv-layer')) out['conv-layer'] = medianStepMs(convLayerStep(rng.spawn()))
  if (cases.includes('simple-conv-net')) {
    const net = new SimpleConvNet({ rng: rng.spawn() })
    out['simple-conv-net'] = medianStepMs(step(net, new Adam({ lr: 0.001 }), rng.rand(100, 1, 28, 28), rng.integers(0, 10, [100])))
  }
  return out
}
