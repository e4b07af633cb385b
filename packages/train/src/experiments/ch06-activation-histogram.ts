import { Rng, type NDArray } from '@dlfs/matrix'
import { relu, sigmoid } from '@dlfs/layers'
import { defineExperiment, makeResult, type ExperimentMode, type ExperimentRow } from './experiment.js'
import { figure } from './_spec.js'

type Activation = 'sigmoid' | 'tanh' | 'relu'

/** One histogram row of the figure: an activation and a weight scale, as in the book's figures 6-10 … 6-14. */
interface Setting {
  label: string
  activation: Activation
  /** std of the weights for n = nodeNum inputs per unit. */
  std: (n: number) => number
}

const SETTINGS: readonly Setting[] = [
  { label: 'sigmoid, std 1', activation: 'sigmoid', std: () => 1 },
  { label: 'sigmoid, std 0.01', activation: 'sigmoid', std: () => 0.01 },
  { label: 'sigmoid, Xavier', activation: 'sigmoid', std: (n) => Math.sqrt(1 / n) },
  { label: 'tanh, Xavier', activation: 'tanh', std: (n) => Math.sqrt(1 / n) },
  { label: 'ReLU, std 0.01', activation: 'relu', std: () => 0.01 },
  { label: 'ReLU, Xavier', activation: 'relu', std: (n) => Math.sqrt(1 / n) },
  { label: 'ReLU, He', activation: 'relu', std: (n) => Math.sqrt(2 / n) },
]

const ACTIVATIONS: Record<Activation, (a: NDArray) => NDArray> = { sigmoid, tanh: (a) => a.tanh(), relu }

/** The book's script: 30 bins over (0, 1) (over (−1, 1) for tanh, whose outputs are signed); y cut at 7,000. */
const BINS = 30
const Y_MAX = 7000

/** Per mode: the samples (the book: 1,000 of 100 features), units per layer (100) and layers (5). */
const SIZES: Record<ExperimentMode, { samples: number; nodeNum: number; layers: number }> = {
  quick: { samples: 100, nodeNum: 100, layers: 5 },
  default: { samples: 1000, nodeNum: 100, layers: 5 },
  full: { samples: 1000, nodeNum: 100, layers: 5 },
}

/**
 * ch06/weight_init_activation_histogram.py: 1,000 random inputs (randn, 100 features) through 5 layers of
 * 100 units, x·W then the activation, no bias; a histogram of each layer's activations, for each activation
 * and weight scale of the book's figures. Rows `{ setting, layer (1-based), bin, x0, x1, count }`: the count
 * of activations in [x0, x1) (the last bin includes x1, as numpy's histogram).
 */
export const ch06ActivationHistogram = defineExperiment({
  name: 'ch06-activation-histogram',
  book: 'ch06/weight_init_activation_histogram.py',
  description: "activations of 5 layers of 100 units: histograms for std 1 / 0.01 / Xavier / He (sigmoid, tanh, ReLU)",
  run: (ctx) => {
    const { samples, nodeNum, layers } = SIZES[ctx.mode]
    const root = new Rng(ctx.seed)
    const inputData = root.randn(samples, nodeNum) // the same inputs for every setting, as one run of the book's script
    const rows: ExperimentRow[] = []
    const notes: string[] = []
    for (const setting of SETTINGS) {
      const rng = root.spawn()
      const f = ACTIVATIONS[setting.activation]
      const [lo, hi] = setting.activation === 'tanh' ? [-1, 1] : [0, 1]
      let x = inputData
      const spread: string[] = []
      for (let layer = 1; layer <= layers; layer++) {
        const w = rng.randn(nodeNum, nodeNum).mul(setting.std(nodeNum))
        const z = f(x.dot(w)) // a = x·w; z = activation(a)
        histogram(z, lo, hi).forEach((count, bin) => {
          const x0 = lo + ((hi - lo) * bin) / BINS
          rows.push({ setting: setting.label, layer, bin, x0, x1: lo + ((hi - lo) * (bin + 1)) / BINS, count })
        })
        spread.push(z.std().item().toFixed(3))
        x = z
      }
      notes.push(`${setting.label}: std of the activations per layer ${spread.join(', ')}`)
    }
    const labels = SETTINGS.map((s) => s.label)
    const spec = figure('ch06 weight_init_activation_histogram: activations per layer', [
      `x: activation value, y: count. ${samples} inputs (randn, ${nodeNum} features) through ${layers} layers of ${nodeNum} units (x·W, no bias), ` +
        `histograms of ${BINS} bins over (0, 1), over (−1, 1) for tanh; seed ${ctx.seed}`,
      `y axis cut at ${Y_MAX} as in the book's script (its plt.ylim(0, 7000)): the CSV holds every full count`,
    ], rows, {
      facet: {
        row: { field: 'setting', type: 'nominal', title: null, sort: labels, header: { labelAngle: 0, labelAlign: 'left', labelFontWeight: 'bold' } },
        column: { field: 'layer', type: 'ordinal', title: null, header: { labelExpr: "datum.value + '-layer'" } },
      },
      spec: {
        width: 130,
        height: 70,
        mark: { type: 'rect', color: '#1f77b4', clip: true },
        encoding: {
          x: { field: 'x0', type: 'quantitative', title: null, scale: { zero: false, nice: false }, axis: { tickCount: 3 } },
          x2: { field: 'x1' },
          y: { field: 'count', type: 'quantitative', title: 'count', scale: { domain: [0, Y_MAX] }, axis: { tickCount: 3 } },
        },
      },
      resolve: { scale: { x: 'independent' } },
    })
    return makeResult({
      columns: ['setting', 'layer', 'bin', 'x0', 'x1', 'count'],
      rows,
      spec,
      summary: [
        `${samples} random inputs through ${layers} layers of ${nodeNum} units, for ${labels.join(' / ')} (the book's sizes)`,
        ...notes,
        "the book: sigmoid with std 1 piles up at 0 and 1 (vanishing gradients), std 0.01 at 0.5 (little expressiveness); Xavier spreads sigmoid/tanh and He spreads ReLU evenly over the layers",
      ],
      metrics: {},
    })
  },
})

/** numpy's histogram(z, BINS, range=(lo, hi)): values outside [lo, hi] are left out; the last bin is closed. */
function histogram(z: NDArray, lo: number, hi: number): number[] {
  const counts = new Array<number>(BINS).fill(0)
  for (const v of z.flatten().data) {
    if (!(v >= lo && v <= hi)) continue
    counts[Math.min(BINS - 1, Math.floor(((v - lo) / (hi - lo)) * BINS))]! += 1
  }
  return counts
}
