import { Rng } from '@dlfs/matrix'
import { loadMnist } from '../datasets/load-mnist.js'
import { MultiLayerNet } from '../networks/multi-layer-net.js'
import { createOptimizer, type OptimizerName } from '../optimizers/create-optimizer.js'
import { defineExperiment, type ExperimentMode } from './experiment.js'
import { trainOnSharedBatches } from './_shared-batches.js'
import { BOOK_ITERATIONS, comparisonDiffers, lossComparison } from './_loss-comparison.js'

/** The book's four, each with its default learning rate (SGD(), Momentum(), AdaGrad(), Adam()). */
const OPTIMIZERS: readonly OptimizerName[] = ['SGD', 'Momentum', 'AdaGrad', 'Adam']
/** Losses the book's run printed at iteration 1,900 (BOOK.md). */
const BOOK_LOSS = { SGD: 0.15, Momentum: 0.05, AdaGrad: 0.016, Adam: 0.032 }

/** Per mode: the training digits, the hidden layers, the batch and the iterations (the book: 4 × 100, 128, 2,000). */
const SIZES: Record<ExperimentMode, { trainSize: number; hidden: number[]; batchSize: number; iterations: number }> = {
  quick: { trainSize: 200, hidden: [20, 20, 20, 20], batchSize: 32, iterations: 25 },
  default: { trainSize: 8000, hidden: [100, 100, 100, 100], batchSize: 128, iterations: 1000 }, // 2,000 take ~3 min here
  full: { trainSize: 8000, hidden: [100, 100, 100, 100], batchSize: 128, iterations: BOOK_ITERATIONS },
}

/**
 * ch06/optimizer_compare_mnist.py: a 5-layer ReLU MultiLayerNet (He init) per optimizer, all trained on the
 * same mini-batches; the smoothed loss curves. One seed: a child Rng per network's weights, then one for
 * the batches.
 */
export const ch06OptimizerMnist = defineExperiment({
  name: 'ch06-optimizer-mnist',
  book: 'ch06/optimizer_compare_mnist.py',
  description: '5-layer ReLU net, batch 128: SGD / Momentum / AdaGrad / Adam loss curves (smoothed)',
  run: (ctx) => {
    const size = SIZES[ctx.mode]
    const { xTrain, tTrain } = loadMnist({ trainSize: size.trainSize, testSize: 0 })
    const root = new Rng(ctx.seed)
    const contenders = OPTIMIZERS.map((name) => ({
      name,
      network: new MultiLayerNet({ inputSize: 784, hiddenSizeList: size.hidden, outputSize: 10, rng: root.spawn() }),
      optimizer: createOptimizer(name),
    }))
    const losses = trainOnSharedBatches(contenders, xTrain, tTrain, {
      iterations: size.iterations, batchSize: size.batchSize, rng: root.spawn(), log: ctx.log,
    })
    const layers = `784-${size.hidden.join('-')}-10`
    const settings = `MultiLayerNet ${layers} (ReLU, He init), batch ${size.batchSize}, ${size.iterations} iterations ` +
      `on ${size.trainSize} digits, each optimizer with the book's default lr (SGD 0.01, Momentum 0.01, AdaGrad 0.01, Adam 0.001), seed ${ctx.seed}`
    return lossComparison(losses, {
      title: 'ch06 optimizer_compare_mnist: optimizers on MNIST',
      yMax: 1,
      settings: [settings, comparisonDiffers(ctx.mode, size.iterations)],
      book: BOOK_LOSS,
    })
  },
})
