import { Rng, take } from '@dlfs/matrix'
import { loadMnist } from '../datasets/load-mnist.js'
import { MultiLayerNetExtend } from '../networks/multi-layer-net-extend.js'
import { SGD } from '../optimizers/sgd.js'
import { epochBoundary } from '../trainer.js'
import { defineExperiment, differsFromBook, makeResult, type ExperimentMode, type ExperimentRow } from './experiment.js'
import { accuracyY, colorBy, figure, short } from './_spec.js'

/** The book's 16 weight scales: np.logspace(0, -4, num=16), 1 down to 1e-4. */
const BOOK_SCALES = Array.from({ length: 16 }, (_, i) => 10 ** ((-4 * i) / 15))
const SERIES = ['Batch Normalization', 'Normal (without BatchNorm)'] as const

/** Per mode: training digits (the book: 1,000), hidden layers (5 × 100), epochs (20) and which of the book's scales. */
const SIZES: Record<ExperimentMode, { trainSize: number; hidden: number[]; batchSize: number; epochs: number; scales: number[] }> = {
  quick: { trainSize: 100, hidden: [20, 20, 20, 20, 20], batchSize: 20, epochs: 3, scales: [BOOK_SCALES[0]!, BOOK_SCALES[15]!] },
  default: { trainSize: 1000, hidden: [100, 100, 100, 100, 100], batchSize: 100, epochs: 20, scales: BOOK_SCALES.filter((_, i) => i % 3 === 0) },
  full: { trainSize: 1000, hidden: [100, 100, 100, 100, 100], batchSize: 100, epochs: 20, scales: BOOK_SCALES },
}

/**
 * ch06/batch_norm_test.py: for each weight scale (the std of every weight), a 5-layer ReLU MultiLayerNetExtend
 * with and one without BatchNormalization, trained on the same mini-batches by SGD lr 0.01; the training
 * accuracy (on all training digits) after the first update of each epoch. Rows `{ scale, panel, series,
 * epoch (0-based), accuracy }`. One seed: per scale a child Rng for each network, then one for the batches.
 */
export const ch06Batchnorm = defineExperiment({
  name: 'ch06-batchnorm',
  book: 'ch06/batch_norm_test.py',
  description: 'with vs without BatchNormalization: training accuracy per epoch for several weight scales',
  run: (ctx) => {
    const size = SIZES[ctx.mode]
    const { xTrain, tTrain } = loadMnist({ trainSize: size.trainSize, testSize: 0 })
    const root = new Rng(ctx.seed)
    const rows: ExperimentRow[] = []
    const finals: string[] = []
    const metrics: Record<string, number> = {}
    for (const scale of size.scales) {
      const make = (useBatchnorm: boolean) => new MultiLayerNetExtend({
        inputSize: 784, hiddenSizeList: size.hidden, outputSize: 10, weightInitStd: scale, useBatchnorm, rng: root.spawn(),
      })
      const networks = [make(true), make(false)] as const // the book's bn_network, network
      const optimizer = new SGD({ lr: 0.01 })
      const batches = root.spawn()
      const panel = `W: ${short(scale)}`
      const start = Date.now()
      // for i in range(…): one batch, both networks step; at i % iter_per_epoch == 0 record both accuracies.
      // NOTE: that float test is computed on integers, as the Trainer does (the same steps when iter_per_epoch is whole).
      for (let i = 0, epoch = 0; epoch < size.epochs; i++) {
        const batchMask = batches.choice(size.trainSize, size.batchSize)
        const xBatch = take(xTrain, batchMask, 0)
        const tBatch = take(tTrain, batchMask, 0)
        for (const network of networks) optimizer.update(network.params, network.gradient(xBatch, tBatch))
        if (i !== epochBoundary(epoch, size.trainSize, size.batchSize)) continue
        networks.forEach((network, k) => rows.push({ scale, panel, series: SERIES[k]!, epoch, accuracy: network.accuracy(xTrain, tTrain) }))
        epoch++
      }
      const [bn, plain] = rows.slice(-2).map((r) => r.accuracy as number) as [number, number]
      metrics[`${panel}.batchnorm`] = bn
      metrics[`${panel}.normal`] = plain
      finals.push(`${panel}: ${bn.toFixed(3)} with / ${plain.toFixed(3)} without`)
      ctx.log(`${panel}: train acc ${bn.toFixed(4)} with BatchNormalization, ${plain.toFixed(4)} without (${((Date.now() - start) / 1000).toFixed(1)}s)`)
    }

    const panels = size.scales.map((s) => `W: ${short(s)}`)
    const settings = `MultiLayerNetExtend 784-${size.hidden.join('-')}-10 (ReLU), SGD lr 0.01, batch ${size.batchSize}, ` +
      `${size.epochs} epochs of ${size.trainSize} digits, weight std = W, seed ${ctx.seed}`
    const differs = differsFromBook(ctx.mode, size.scales.length === BOOK_SCALES.length
      ? "the book's settings and all 16 weight scales"
      : `${size.scales.length} of the book's 16 weight scales (every third of logspace(0, −4, 16)); --full runs all 16`)
    const spec = figure('ch06 batch_norm_test: training accuracy with and without Batch Normalization', [settings, differs], rows, {
      facet: { field: 'panel', type: 'nominal', title: null, sort: panels },
      columns: size.scales.length > 9 ? 4 : 3,
      spec: {
        width: 200,
        height: 130,
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epochs' },
          y: accuracyY(),
          color: { ...colorBy('series', SERIES, ['#1f77b4', '#7f7f7f']), legend: { orient: 'top', title: null } },
          // Same field and legend as colour: one legend showing both the colour and the dash of each series.
          strokeDash: { field: 'series', type: 'nominal', title: null, sort: [...SERIES], scale: { domain: [...SERIES], range: [[1, 0], [5, 3]] }, legend: { orient: 'top', title: null } },
        },
      },
    })
    return makeResult({
      columns: ['scale', 'panel', 'series', 'epoch', 'accuracy'],
      rows,
      spec,
      summary: [settings, differs, `training accuracy at the last epoch, with / without BatchNormalization: ${finals.join('; ')}`,
        'the book: with BatchNormalization the net learns faster, and learns at weight scales where the plain net does not'],
      metrics,
    })
  },
})
