import { Rng } from '@dlfs/matrix'
import { loadMnist } from '../datasets/load-mnist.js'
import { MultiLayerNet } from '../networks/multi-layer-net.js'
import { shuffleDataset } from '../utils/shuffle-dataset.js'
import { defineExperiment, differsFromBook, makeResult, type ExperimentMode, type ExperimentRow } from './experiment.js'
import { accuracyCurve, trainLogged } from './_training.js'
import { TRAIN_TEST_COLORS, accuracyY, colorBy, figure, short } from './_spec.js'

/**
 * Per mode: digits (the book: the first 500, 20 % for validation), hidden layers (6 × 100), epochs (50), trials
 * (100), curves drawn (20). A trial takes about 10 s here, so the default runs 10 trials.
 */
const SIZES: Record<ExperimentMode, { digits: number; hidden: number[]; batchSize: number; epochs: number; trials: number; shown: number }> = {
  quick: { digits: 100, hidden: [20, 20, 20, 20, 20, 20], batchSize: 20, epochs: 2, trials: 3, shown: 3 },
  default: { digits: 500, hidden: [100, 100, 100, 100, 100, 100], batchSize: 100, epochs: 50, trials: 10, shown: 10 },
  full: { digits: 500, hidden: [100, 100, 100, 100, 100, 100], batchSize: 100, epochs: 50, trials: 100, shown: 20 },
}
const VALIDATION_RATE = 0.2

interface Trial {
  trial: number
  lr: number
  weightDecay: number
  curve: { epoch: number; train: number; val: number }[]
  val: number
}

/**
 * ch06/hyperparameter_optimization.py: random search of the learning rate (10^U(−6, −2)) and the weight decay
 * λ (10^U(−8, −4)), each trial a 7-layer ReLU MultiLayerNet trained by SGD on 400 digits and validated on
 * 100 held out; the best trials' validation (and train) accuracy curves, and every trial's (lr, λ).
 * Rows `{ rank, trial, lr, weightDecay, panel, series: 'val' | 'train', epoch, accuracy }`, best trial first.
 */
export const ch06HyperparameterSearch = defineExperiment({
  name: 'ch06-hyperparameter-search',
  book: 'ch06/hyperparameter_optimization.py',
  description: 'random search of lr and weight decay (log-uniform): the best trials’ validation curves',
  run: (ctx) => {
    const size = SIZES[ctx.mode]
    const root = new Rng(ctx.seed)
    const all = loadMnist({ trainSize: size.digits, testSize: 0 })
    const [x, t] = shuffleDataset(all.xTrain, all.tTrain, root.spawn())
    const validationNum = Math.floor(size.digits * VALIDATION_RATE) // NOTE(book): it slices with a float (500 * 0.2), which newer numpy rejects
    const data = {
      xTrain: x.slice([validationNum, size.digits]), tTrain: t.slice([validationNum, size.digits]),
      xTest: x.slice([0, validationNum]), tTest: t.slice([0, validationNum]),
    }
    const trials: Trial[] = []
    for (let trial = 1; trial <= size.trials; trial++) {
      const rng = root.spawn()
      // weight_decay = 10 ** np.random.uniform(-8, -4); lr = 10 ** np.random.uniform(-6, -2)
      const weightDecay = 10 ** rng.uniform(-8, -4).item()
      const lr = 10 ** rng.uniform(-6, -2).item()
      const network = new MultiLayerNet({ inputSize: 784, hiddenSizeList: size.hidden, outputSize: 10, weightDecayLambda: weightDecay, rng: rng.spawn() })
      const result = trainLogged(`trial ${trial}/${size.trials} (lr ${short(lr)}, weight decay ${short(weightDecay)}): `, network, data, {
        epochs: size.epochs, miniBatchSize: size.batchSize, optimizer: 'SGD', optimizerParam: { lr }, rng: rng.spawn(),
      }, () => {})
      const curve = accuracyCurve(result, size.epochs).map((p) => ({ epoch: p.epoch, train: p.train, val: p.test }))
      trials.push({ trial, lr, weightDecay, curve, val: result.testAcc })
      ctx.log(`trial ${trial}/${size.trials}: val acc ${result.testAcc.toFixed(3)} | lr ${short(lr)}, weight decay ${short(weightDecay)}`)
    }
    // sorted(results_val.items(), key=lambda x: x[1][-1], reverse=True): best final validation accuracy first
    const ranked = [...trials].sort((a, b) => b.val - a.val || a.trial - b.trial)
    const rows: ExperimentRow[] = []
    ranked.forEach((tr, i) => {
      const panel = `Best-${i + 1}: lr ${short(tr.lr, 2)}, λ ${short(tr.weightDecay, 2)}`
      for (const series of ['val', 'train'] as const) {
        for (const p of tr.curve) rows.push({ rank: i + 1, trial: tr.trial, lr: tr.lr, weightDecay: tr.weightDecay, panel, series, epoch: p.epoch, accuracy: p[series] })
      }
    })

    const settings = `MultiLayerNet 784-${size.hidden.join('-')}-10 (ReLU), SGD, batch ${size.batchSize}, ${size.epochs} epochs; ` +
      `${size.digits - validationNum} training / ${validationNum} validation digits; ${size.trials} trials, seed ${ctx.seed}`
    const differs = differsFromBook(ctx.mode,
      size.trials === 100 ? "the book's settings (100 trials, best 20 drawn)" : 'the book: 100 trials, best 20 drawn; --full runs those')
    const shownPanels = ranked.slice(0, size.shown).map((_, i) => rows.find((r) => r.rank === i + 1)!.panel as string)
    const finalEpoch = size.epochs
    const spec = figure('ch06 hyperparameter_optimization: random search of lr and weight decay', [settings, differs], rows, {
      vconcat: [
        {
          transform: [{ filter: { field: 'rank', lte: size.shown } }],
          facet: { field: 'panel', type: 'nominal', title: null, sort: shownPanels, header: { labelFontSize: 11 } },
          columns: 5,
          spec: {
            width: 150,
            height: 90,
            mark: { type: 'line', strokeWidth: 1.5 },
            encoding: {
              x: { field: 'epoch', type: 'quantitative', title: 'epochs' },
              y: accuracyY(),
              color: { ...colorBy('series', ['val', 'train'], TRAIN_TEST_COLORS), legend: { orient: 'top', title: null } },
              strokeDash: { field: 'series', type: 'nominal', title: null, sort: ['val', 'train'], scale: { domain: ['val', 'train'], range: [[1, 0], [4, 3]] }, legend: { orient: 'top', title: null } },
            },
          },
        },
        {
          title: 'every trial: final validation accuracy by learning rate and weight decay',
          width: 420,
          height: 260,
          transform: [{ filter: { and: [{ field: 'series', equal: 'val' }, { field: 'epoch', equal: finalEpoch }] } }],
          mark: { type: 'point', filled: true, size: 90, stroke: '#333', strokeWidth: 0.5 },
          encoding: {
            x: { field: 'lr', type: 'quantitative', title: 'learning rate', scale: { type: 'log', domain: [1e-6, 1e-2] }, axis: { format: '.0e', values: [1e-6, 1e-5, 1e-4, 1e-3, 1e-2] } },
            y: { field: 'weightDecay', type: 'quantitative', title: 'weight decay λ', scale: { type: 'log', domain: [1e-8, 1e-4] }, axis: { format: '.0e', values: [1e-8, 1e-7, 1e-6, 1e-5, 1e-4] } },
            color: { field: 'accuracy', type: 'quantitative', title: 'val acc', scale: { scheme: 'viridis', domain: [0, 1] } },
          },
        },
      ],
      // independent colours: the curves' val/train and the scatter's accuracy scale; the dash follows the colour, so
    // val/train get one legend (a shared strokeDash would split it in two)
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
    })
    const best = ranked.slice(0, 5).map((tr, i) => `Best-${i + 1} val acc ${tr.val.toFixed(3)} (lr ${short(tr.lr)}, λ ${short(tr.weightDecay)})`)
    return makeResult({
      columns: ['rank', 'trial', 'lr', 'weightDecay', 'panel', 'series', 'epoch', 'accuracy'],
      rows,
      spec,
      summary: [settings, differs, ...best,
        'the book: the good runs have lr around 0.001–0.01 and λ around 1e-8–1e-6; narrow the ranges there and search again'],
      metrics: { bestValAcc: ranked[0]!.val, bestLr: ranked[0]!.lr, bestWeightDecay: ranked[0]!.weightDecay },
    })
  },
})
