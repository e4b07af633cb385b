import { Rng, type NDArray } from '@dlfs/matrix'
import { loadMnist } from '../datasets/load-mnist.js'
import { SimpleConvNet } from '../networks/simple-conv-net.js'
import type { TrainResult } from '../trainer.js'
import type { ExperimentContext, ExperimentMode } from './experiment.js'
import { trainLogged } from './_training.js'

/** ch07/train_convnet.py: Adam lr 0.001, batch 100, 20 epochs, per-epoch accuracy on 1,000 samples. */
export const CONV_BOOK = { lr: 0.001, batchSize: 100, epochs: 20, evalSamples: 1000 } as const

/** Per mode: the data and the epochs; `default` trains 1 epoch to stay near two minutes (a step takes about 1 s here). */
export const CONV_SIZES: Record<ExperimentMode, { trainSize: number; testSize: number; batchSize: number; epochs: number; evalSamples: number }> = {
  quick: { trainSize: 20, testSize: 10, batchSize: 10, epochs: 1, evalSamples: 10 },
  default: { trainSize: 8000, testSize: 2000, batchSize: 100, epochs: 1, evalSamples: 1000 },
  full: { trainSize: 8000, testSize: 2000, batchSize: 100, epochs: CONV_BOOK.epochs, evalSamples: 1000 },
}

/** A trained SimpleConvNet, its first-layer filters before training, and the Trainer's result. */
export interface ConvTraining {
  network: SimpleConvNet
  /** W1 as initialised: (30, 1, 5, 5). */
  W1Before: NDArray
  result: TrainResult
  epochs: number
}

/**
 * SimpleConvNet (30 filters 5×5, Affine 100, init std 0.01) trained as ch07/train_convnet.py: Adam lr 0.001,
 * batch 100, the per-epoch accuracies on the first 1,000 train and test images (the final test accuracy on
 * all of them). One seed: a child Rng draws the weights, the next the batches, as `dlfs-train --net simple-conv`.
 */
export function trainSimpleConvNet(ctx: ExperimentContext, epochs = CONV_SIZES[ctx.mode].epochs): ConvTraining {
  const size = CONV_SIZES[ctx.mode]
  const data = loadMnist({ normalize: true, flatten: false, trainSize: size.trainSize, testSize: size.testSize })
  const root = new Rng(ctx.seed)
  const network = new SimpleConvNet({ inputDim: [1, 28, 28], hiddenSize: 100, outputSize: 10, rng: root.spawn() })
  const W1Before = network.params.W1!.copy()
  const result = trainLogged('', network, data, {
    epochs, miniBatchSize: size.batchSize, optimizer: 'Adam', optimizerParam: { lr: CONV_BOOK.lr },
    evaluateSampleNumPerEpoch: size.evalSamples, rng: root.spawn(),
  }, ctx.log)
  return { network, W1Before, result, epochs }
}
