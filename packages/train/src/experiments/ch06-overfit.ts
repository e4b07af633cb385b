import { Rng } from '@dlfs/matrix'
import { loadMnist } from '../datasets/load-mnist.js'
import { MultiLayerNet } from '../networks/multi-layer-net.js'
import { MultiLayerNetExtend } from '../networks/multi-layer-net-extend.js'
import type { Network } from '../networks/network.js'
import { defineExperiment, differsFromBook, makeResult, type ExperimentMode, type ExperimentRow } from './experiment.js'
import { accuracyCurve, trainLogged } from './_training.js'
import { TRAIN_TEST_COLORS, accuracyY, colorBy, figure } from './_spec.js'

/** The three runs: no regularisation, weight decay λ 0.1 (overfit_weight_decay.py), Dropout 0.15 (overfit_dropout.py). */
const CONFIGS = [
  { name: 'no regularisation', weightDecay: 0, dropout: 0 },
  { name: 'weight decay λ=0.1', weightDecay: 0.1, dropout: 0 },
  { name: 'Dropout 0.15', weightDecay: 0, dropout: 0.15 },
] as const

/** Per mode: training digits (the book: the first 300), test digits, hidden layers (6 × 100), batch, epochs. */
// `evalSamples`: the per-epoch accuracies use the first 300 test digits (all 300 training digits); measuring all
// 2,000 test digits 200 times would cost more than the training itself (about 5 minutes here). `full` does.
const SIZES: Record<ExperimentMode, { trainSize: number; testSize: number; hidden: number[]; batchSize: number; epochs: number; evalSamples: number | null }> = {
  quick: { trainSize: 60, testSize: 50, hidden: [20, 20, 20, 20, 20, 20], batchSize: 20, epochs: 4, evalSamples: null },
  default: { trainSize: 300, testSize: 2000, hidden: [100, 100, 100, 100, 100, 100], batchSize: 100, epochs: 200, evalSamples: 300 },
  full: { trainSize: 300, testSize: 2000, hidden: [100, 100, 100, 100, 100, 100], batchSize: 100, epochs: 200, evalSamples: null },
}

/**
 * ch06/overfit_weight_decay.py and overfit_dropout.py: a 7-layer ReLU net trained on only 300 digits by SGD
 * lr 0.01 for 200 epochs, without regularisation, with weight decay and with Dropout; train vs test accuracy.
 * Rows `{ config, series: 'train' | 'test', epoch, accuracy }` (epochs 0 … E−1 at each epoch's first step, on
 * the first 300 test digits by default, then E: the final accuracies, on all test digits). One seed: per
 * run a child Rng for the net (its weights and dropout masks), then one for the batches.
 */
export const ch06Overfit = defineExperiment({
  name: 'ch06-overfit',
  book: 'ch06/overfit_weight_decay.py, ch06/overfit_dropout.py',
  description: '300 digits, 200 epochs: train vs test accuracy without regularisation, with weight decay 0.1, with Dropout 0.15',
  run: (ctx) => {
    const size = SIZES[ctx.mode]
    const data = loadMnist({ trainSize: size.trainSize, testSize: size.testSize })
    const root = new Rng(ctx.seed)
    const rows: ExperimentRow[] = []
    const metrics: Record<string, number> = {}
    const finals: string[] = []
    for (const config of CONFIGS) {
      const common = { inputSize: 784, hiddenSizeList: size.hidden, outputSize: 10, weightDecayLambda: config.weightDecay, rng: root.spawn() }
      const network: Network = config.dropout > 0
        ? new MultiLayerNetExtend({ ...common, useDropout: true, dropoutRatio: config.dropout })
        : new MultiLayerNet(common)
      const result = trainLogged(`${config.name}: `, network, data, {
        epochs: size.epochs, miniBatchSize: size.batchSize, optimizer: 'SGD', optimizerParam: { lr: 0.01 },
        evaluateSampleNumPerEpoch: size.evalSamples, rng: root.spawn(),
      }, ctx.log)
      for (const p of accuracyCurve(result, size.epochs)) {
        rows.push({ config: config.name, series: 'train', epoch: p.epoch, accuracy: p.train })
        rows.push({ config: config.name, series: 'test', epoch: p.epoch, accuracy: p.test })
      }
      metrics[`${config.name}.trainAcc`] = result.trainAcc
      metrics[`${config.name}.testAcc`] = result.testAcc
      finals.push(`${config.name}: train ${result.trainAcc.toFixed(3)} / test ${result.testAcc.toFixed(3)} (gap ${(result.trainAcc - result.testAcc).toFixed(3)})`)
    }

    const settings = `MultiLayerNet 784-${size.hidden.join('-')}-10 (ReLU, He init), SGD lr 0.01, batch ${size.batchSize}, ` +
      `${size.epochs} epochs of the first ${size.trainSize} training digits, tested on ${size.testSize}` +
      `${size.evalSamples === null ? '' : ` (per epoch on the first ${size.evalSamples}; --full: all)`}, seed ${ctx.seed}`
    const differs = differsFromBook(ctx.mode,
      'the book: tested on 10,000 digits; its overfit_weight_decay.py runs 201 epochs, its overfit_dropout.py 301 epochs with ratio 0.2')
    const spec = figure('ch06 overfitting: 300 training digits, with and without regularisation', [settings, differs], rows, {
      facet: { field: 'config', type: 'nominal', title: null, sort: CONFIGS.map((c) => c.name) },
      columns: 3,
      spec: {
        width: 260,
        height: 200,
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epochs' },
          y: accuracyY(),
          color: { ...colorBy('series', ['train', 'test'], TRAIN_TEST_COLORS), legend: { orient: 'top', title: null } },
        },
      },
    })
    return makeResult({
      columns: ['config', 'series', 'epoch', 'accuracy'],
      rows,
      spec,
      summary: [settings, differs, `final accuracies: ${finals.join('; ')}`,
        'the book (λ 0.1, full MNIST test set): train 0.93 / test 0.72; without regularisation train reaches 1.0 with a wide gap'],
      metrics,
      terminal: CONFIGS.map(({ name }) => ({
        title: `${name}: accuracy per epoch`,
        series: (['train', 'test'] as const).map((s) => ({
          name: s, values: rows.filter((r) => r.config === name && r.series === s).map((r) => r.accuracy as number),
        })),
      })),
    })
  },
})
