import { Rng } from '@dlfs/matrix'
import { loadMnist } from '../datasets/load-mnist.js'
import { MultiLayerNet, type WeightInitStd } from '../networks/multi-layer-net.js'
import { SGD } from '../optimizers/sgd.js'
import { defineExperiment, type ExperimentMode } from './experiment.js'
import { trainOnSharedBatches } from './_shared-batches.js'
import { BOOK_ITERATIONS, comparisonDiffers, lossComparison } from './_loss-comparison.js'

/** The book's three initialisations: std 0.01, Xavier (√(1/n), its 'sigmoid'), He (√(2/n), its 'relu'). */
const INITS: readonly { name: string; std: WeightInitStd }[] = [
  { name: 'std=0.01', std: 0.01 },
  { name: 'Xavier', std: 'sigmoid' },
  { name: 'He', std: 'relu' },
]
/** Losses the book's run printed at iteration 1,900 (BOOK.md). */
const BOOK_LOSS = { 'std=0.01': 2.3, Xavier: 0.38, He: 0.29 }

/** Per mode: training digits, hidden layers, batch, iterations (the book: 4 × 100, 128, 2,000). */
const SIZES: Record<ExperimentMode, { trainSize: number; hidden: number[]; batchSize: number; iterations: number }> = {
  quick: { trainSize: 200, hidden: [20, 20, 20, 20], batchSize: 32, iterations: 25 },
  default: { trainSize: 8000, hidden: [100, 100, 100, 100], batchSize: 128, iterations: BOOK_ITERATIONS },
  full: { trainSize: 8000, hidden: [100, 100, 100, 100], batchSize: 128, iterations: BOOK_ITERATIONS },
}

/**
 * ch06/weight_init_compare.py: a 5-layer ReLU MultiLayerNet per weight initialisation, SGD lr 0.01, all on
 * the same mini-batches; the smoothed loss curves. One seed: a child Rng per network, then one for the batches.
 */
export const ch06WeightInit = defineExperiment({
  name: 'ch06-weight-init',
  book: 'ch06/weight_init_compare.py',
  description: '5-layer ReLU net, SGD lr 0.01: loss curves for weight init std 0.01 / Xavier / He',
  run: (ctx) => {
    const size = SIZES[ctx.mode]
    const { xTrain, tTrain } = loadMnist({ trainSize: size.trainSize, testSize: 0 })
    const root = new Rng(ctx.seed)
    const contenders = INITS.map(({ name, std }) => ({
      name,
      network: new MultiLayerNet({ inputSize: 784, hiddenSizeList: size.hidden, outputSize: 10, weightInitStd: std, rng: root.spawn() }),
      optimizer: new SGD({ lr: 0.01 }), // the book shares one SGD: it has no state, so one each is the same
    }))
    const losses = trainOnSharedBatches(contenders, xTrain, tTrain, {
      iterations: size.iterations, batchSize: size.batchSize, rng: root.spawn(), log: ctx.log,
    })
    const settings = `MultiLayerNet 784-${size.hidden.join('-')}-10 (ReLU), SGD lr 0.01, batch ${size.batchSize}, ` +
      `${size.iterations} iterations on ${size.trainSize} digits, seed ${ctx.seed}`
    return lossComparison(losses, {
      title: 'ch06 weight_init_compare: weight initialisation on MNIST',
      yMax: 2.5,
      settings: [settings, comparisonDiffers(ctx.mode, size.iterations)],
      book: BOOK_LOSS,
    })
  },
})
