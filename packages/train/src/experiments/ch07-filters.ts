import { Rng, ValueError, type NDArray } from '@dlfs/matrix'
import { SimpleConvNet } from '../networks/simple-conv-net.js'
import { defineExperiment, makeResult, type ExperimentRow } from './experiment.js'
import { CONV_SIZES, trainSimpleConvNet } from './_conv-training.js'
import { imageGridSpec, imageRows, type GridImage } from './_image-grid.js'
import { loadSavedNetwork } from './_load-network.js'
import { figure } from './_spec.js'

/** The book's filter_show: 8 filters per line. */
const PER_LINE = 8

/**
 * ch07/visualize_filter.py: the first convolution layer's filters W1 (FN, 1, FH, FW) as greyscale images,
 * as initialised and after training (or from a `--load` file saved by `dlfs-train --net simple-conv --save`,
 * as the book loads params.pkl). Each filter is stretched to its own min…max, dark = large (imshow gray_r).
 * Rows `{ phase: 'before' | 'after', filter, caption, row, col, value, shade }`.
 */
export const ch07Filters = defineExperiment({
  name: 'ch07-filters',
  book: 'ch07/visualize_filter.py',
  takesLoad: true,
  description: 'the first-layer filters of SimpleConvNet before and after training, as a grid of images (--load FILE to use a saved net)',
  run: (ctx) => {
    let before: NDArray
    let after: NDArray
    let how: string
    if (ctx.load !== null) {
      const root = new Rng(ctx.seed)
      const saved = loadSavedNetwork(ctx.load, root.spawn())
      const W1 = saved.network.params.W1
      if (W1 === undefined || W1.ndim !== 4) {
        throw new ValueError('experiment --load', `${ctx.load}: its net '${saved.spec.net}' has no convolution filters W1: save a simple-conv or deep-conv net`)
      }
      after = W1
      before = new SimpleConvNet({ rng: new Rng(ctx.seed).spawn() }).params.W1!
      how = `after: ${ctx.load} (${saved.spec.net}, test acc ${saved.metadata.testAcc ?? '?'}); before: a fresh SimpleConvNet, seed ${ctx.seed}`
    } else {
      const { network, W1Before, result, epochs } = trainSimpleConvNet(ctx)
      before = W1Before
      after = network.params.W1!
      const size = CONV_SIZES[ctx.mode]
      how = `SimpleConvNet trained ${epochs} epoch${epochs === 1 ? '' : 's'} with Adam lr 0.001 on ${size.trainSize} digits ` +
        `(test acc ${result.testAcc.toFixed(4)}), seed ${ctx.seed}; the book shows its 20-epoch net (train with --full or --load a saved net)`
    }
    const [FN, , FH, FW] = after.shape as [number, number, number, number]
    const filters = (W: NDArray, phase: string): GridImage[] =>
      Array.from({ length: W.shape[0]! }, (_, i) => ({ caption: `${phase} ${i + 1}`, pixels: W.slice(i, 0).flatten().data, h: FH, w: FW }))
    const rows: ExperimentRow[] = []
    for (const [phase, W] of [['before', before], ['after', after]] as const) {
      rows.push(...imageRows(filters(W, phase), { scale: 'each', skipWhite: false, extra: (_, i) => ({ phase, filter: i + 1 }) }))
    }
    const grid = (phase: string, title: string, count: number) => imageGridSpec({
      captions: Array.from({ length: count }, (_, i) => `${phase} ${i + 1}`), h: FH, w: FW, cell: 9, columns: PER_LINE,
      showCaptions: false, title, filter: { field: 'phase', equal: phase },
    })
    const spec = figure('ch07 visualize_filter: first-layer filters', [how, `${FN} filters ${FH}×${FW}, each stretched to its own range, dark = large weight`], rows, {
      vconcat: [grid('before', 'before training (random, std 0.01)', before.shape[0]!), grid('after', 'after training', FN)],
      spacing: 24,
    })
    return makeResult({
      columns: ['phase', 'filter', 'caption', 'row', 'col', 'value', 'shade'],
      rows,
      spec,
      summary: [how, 'the book: random filters show no pattern; trained ones show edges and blobs (white-to-black transitions)'],
      metrics: {},
    })
  },
})
