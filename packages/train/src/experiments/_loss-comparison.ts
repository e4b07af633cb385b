import { smoothCurve } from '../utils/smooth-curve.js'
import { differsFromBook, makeResult, type ExperimentMode, type ExperimentResult, type ExperimentRow } from './experiment.js'
import { meanOfLast } from './_training.js'
import { colorBy, figure, short } from './_spec.js'

/** Text and scale of a loss-comparison figure. */
export interface LossComparisonText {
  title: string
  /** The settings and how they differ from the book's: the subtitle, and the first lines of the summary. */
  settings: readonly string[]
  /** The book's plt.ylim upper bound (1 for the optimizers, 2.5 for weight init). */
  yMax: number
  /** The book's loss per series at iteration 1,900, for the summary. */
  book: Record<string, number>
}

/** The iteration at which the book's printed losses were read (its last `i % 100 == 0` print). */
const BOOK_PRINTED_AT = 1900
/** The book's comparisons run 2,000 iterations on full MNIST. */
export const BOOK_ITERATIONS = 2000

/** How a comparison of `iterations` on the bundled digits differs from the book's run (see differsFromBook). */
export function comparisonDiffers(mode: ExperimentMode, iterations: number): string {
  return differsFromBook(mode, iterations === BOOK_ITERATIONS
    ? 'the book: the same on full MNIST (60,000 digits)'
    : `the book: ${BOOK_ITERATIONS} iterations on full MNIST (60,000 digits); --full runs all ${BOOK_ITERATIONS}`)
}

/**
 * Smoothed loss curves of several networks trained on the same batches (the book's optimizer and weight-init
 * comparisons). Rows `{ series, iteration (1-based), loss, smoothed }`: `loss` is the raw batch loss,
 * `smoothed` = smoothCurve(loss), the curve drawn (as in the book; the y axis is cut at `yMax` like its plt.ylim).
 */
export function lossComparison(losses: Map<string, number[]>, text: LossComparisonText): ExperimentResult {
  const rows: ExperimentRow[] = []
  const metrics: Record<string, number> = {}
  const results: string[] = []
  const series = [...losses.keys()]
  for (const [name, raw] of losses) {
    const smoothed = smoothCurve(raw)
    raw.forEach((loss, i) => rows.push({ series: name, iteration: i + 1, loss, smoothed: smoothed[i]! }))
    const last100 = meanOfLast(raw, 100)
    metrics[`${name}.smoothedFinal`] = smoothed.at(-1)!
    metrics[`${name}.meanLast100`] = last100
    // The book printed the loss of one batch at i = 1900 (0-based), our iteration 1901.
    const at1900 = raw[BOOK_PRINTED_AT]
    if (at1900 !== undefined) metrics[`${name}.at1900`] = at1900
    const at = at1900 === undefined ? '' : `, at iteration ${BOOK_PRINTED_AT} ${at1900.toFixed(3)}`
    const book = text.book[name] === undefined ? '' : ` (book at ${BOOK_PRINTED_AT}: ${text.book[name]})`
    results.push(`${name}: mean loss of the last 100 batches ${last100.toFixed(3)}, smoothed end ${smoothed.at(-1)!.toFixed(3)}${at}${book}`)
  }
  const spec = figure(text.title, text.settings, rows, {
    width: 560,
    height: 320,
    mark: { type: 'line', strokeWidth: 2, clip: true },
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'iterations' },
      y: { field: 'smoothed', type: 'quantitative', title: `loss (smoothed; axis cut at ${short(text.yMax)})`, scale: { domain: [0, text.yMax] } },
      color: colorBy('series', series), // legend outside, on the right: inside it would hide the flat std=0.01 curve
    },
  })
  return makeResult({
    columns: ['series', 'iteration', 'loss', 'smoothed'],
    rows,
    spec,
    summary: [...text.settings, ...results],
    metrics,
    terminal: [{
      title: 'loss (smoothed) per iteration',
      series: series.map((name) => ({ name, values: rows.filter((r) => r.series === name).map((r) => r.smoothed as number) })),
    }],
  })
}
