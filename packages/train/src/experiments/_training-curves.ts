import type { TrainResult } from '../trainer.js'
import { smoothCurve } from '../utils/smooth-curve.js'
import { makeResult, type ExperimentResult, type ExperimentRow } from './experiment.js'
import { accuracyCurve } from './_training.js'
import { TRAIN_TEST_COLORS, colorBy, figure, where } from './_spec.js'

/** Columns of a training-curves table: `metric` 'loss' (x = iteration) or 'accuracy' (x = epoch). */
export const TRAINING_CURVE_COLUMNS = ['metric', 'series', 'x', 'y'] as const

/** What the figure says beside the curves. */
export interface TrainingCurvesText {
  title: string
  /** The settings and how they differ from the book's: the subtitle, and the first lines of the summary. */
  settings: readonly string[]
  /** The rest of the summary: the key numbers beside the book's. */
  results: readonly string[]
  metrics: Record<string, number>
}

/**
 * The two panels of a training run, as the book draws them: the loss of every mini-batch (raw, and smoothed
 * with `smoothCurve`) against iterations, and train/test accuracy against epochs. Rows: loss rows
 * `{ metric: 'loss', series: 'loss' | 'smoothed', x: iteration (1-based), y }` (2 per step), then accuracy
 * rows `{ metric: 'accuracy', series: 'train' | 'test', x: epoch, y }` (2 per point of `accuracyCurve`).
 */
export function trainingCurves(result: TrainResult, epochs: number, text: TrainingCurvesText): ExperimentResult {
  const smoothed = smoothCurve(result.trainLossList)
  const rows: ExperimentRow[] = []
  result.trainLossList.forEach((y, i) => rows.push({ metric: 'loss', series: 'loss', x: i + 1, y }))
  smoothed.forEach((y, i) => rows.push({ metric: 'loss', series: 'smoothed', x: i + 1, y }))
  const curve = accuracyCurve(result, epochs)
  for (const p of curve) rows.push({ metric: 'accuracy', series: 'train', x: p.epoch, y: p.train })
  for (const p of curve) rows.push({ metric: 'accuracy', series: 'test', x: p.epoch, y: p.test })

  const panel = { width: 380, height: 260 }
  const spec = figure(text.title, text.settings, rows, {
    hconcat: [
      {
        ...panel,
        title: 'loss per mini-batch',
        transform: [where('metric', 'loss')],
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'iterations' },
          y: { field: 'y', type: 'quantitative', title: 'loss' },
          color: colorBy('series', ['loss', 'smoothed'], ['#b9d3ea', '#08519c']),
        },
      },
      {
        ...panel,
        title: 'accuracy',
        transform: [where('metric', 'accuracy')],
        mark: { type: 'line', point: curve.length <= 40 ? { size: 25 } : false }, // dots only where they stay apart
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'epochs' },
          y: { field: 'y', type: 'quantitative', title: 'accuracy', scale: { domain: [0, 1] } },
          color: colorBy('series', ['train', 'test'], TRAIN_TEST_COLORS),
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  })
  return makeResult({
    columns: TRAINING_CURVE_COLUMNS,
    rows,
    spec,
    summary: [...text.settings, ...text.results],
    metrics: text.metrics,
    terminal: [
      { title: 'loss (smoothed) per iteration', series: [{ name: 'loss', values: smoothed }] },
      { title: 'accuracy per epoch', series: [{ name: 'train', values: curve.map((p) => p.train) }, { name: 'test', values: curve.map((p) => p.test) }] },
    ],
  })
}
