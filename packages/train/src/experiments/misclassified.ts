import { Rng, type NDArray } from '@dlfs/matrix'
import { isConvNet } from '../cli/build-network.js'
import { loadMnist } from '../datasets/load-mnist.js'
import type { Network } from '../networks/network.js'
import { TwoLayerNet } from '../networks/two-layer-net.js'
import { defineExperiment, makeResult, type ExperimentMode, type ExperimentRow } from './experiment.js'
import { imageGridSpec, imageRows, type GridImage } from './_image-grid.js'
import { loadSavedNetwork } from './_load-network.js'
import { trainLogged } from './_training.js'
import { figure } from './_spec.js'

/** The book shows the first 20 misclassified test images, 5 per line (misclassified_mnist.py: 4 × 5 subplots). */
const MAX_VIEW = 20
const PER_LINE = 5

/** Per mode: the data and the epochs of the TwoLayerNet trained when no `--load` file is given (ch05's recipe). */
const SIZES: Record<ExperimentMode, { trainSize: number; testSize: number; epochs: number }> = {
  quick: { trainSize: 300, testSize: 100, epochs: 2 },
  default: { trainSize: 8000, testSize: 2000, epochs: 20 },
  full: { trainSize: 8000, testSize: 2000, epochs: 20 },
}

/**
 * ch08/misclassified_mnist.py, for any network: the first 20 test images the network gets wrong, with their
 * true and predicted labels. The network is a `--load` file saved by `dlfs-train --save` (the book loads its
 * trained DeepConvNet), or else a TwoLayerNet trained by ch05's recipe (SGD lr 0.1, batch 100, 20 epochs).
 * Rows `{ view, index, label, predicted, caption, row, col, value, shade }`: one per inked pixel (white
 * background pixels are left out).
 */
export const misclassified = defineExperiment({
  name: 'misclassified',
  book: 'ch08/misclassified_mnist.py',
  takesLoad: true,
  description: 'a grid of misclassified test digits with true/predicted labels, from a trained TwoLayerNet or a --load file',
  run: (ctx) => {
    const size = SIZES[ctx.mode]
    const root = new Rng(ctx.seed)
    let network: Network
    let flatten = true
    let how: string
    if (ctx.load !== null) {
      const saved = loadSavedNetwork(ctx.load, root.spawn())
      network = saved.network
      flatten = !isConvNet(saved.spec.net)
      how = `network: ${ctx.load} (${saved.spec.net}${saved.spec.hidden.length > 0 ? ` ${saved.spec.hidden.join(',')}` : ''})`
    } else {
      network = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10, rng: root.spawn() })
      how = `network: TwoLayerNet 784-50-10 trained by ch05's recipe (SGD lr 0.1, batch 100, ${size.epochs} epochs of ${size.trainSize} digits, seed ${ctx.seed})`
    }
    const data = loadMnist({ normalize: true, flatten, trainSize: size.trainSize, testSize: size.testSize })
    if (ctx.load === null) {
      trainLogged('', network, data, { epochs: size.epochs, miniBatchSize: 100, optimizer: 'SGD', optimizerParam: { lr: 0.1 }, rng: root.spawn() }, ctx.log)
    }

    const predicted = predictLabels(network, data.xTest)
    const labels = data.tTest.flatten().data
    const wrong: number[] = []
    labels.forEach((t, i) => {
      if (predicted[i] !== t) wrong.push(i)
    })
    const accuracy = 1 - wrong.length / labels.length
    const shown = wrong.slice(0, MAX_VIEW)
    const images: GridImage[] = shown.map((i, k) => ({
      caption: `${k + 1}. ${labels[i]} → ${predicted[i]}`,
      pixels: data.xTest.slice(i).flatten().data,
      h: 28,
      w: 28,
    }))
    const rows: ExperimentRow[] = imageRows(images, {
      scale: 'unit',
      skipWhite: true,
      extra: (_, k) => ({ view: k + 1, index: shown[k]!, label: labels[shown[k]!]!, predicted: predicted[shown[k]!]! }),
    })
    const pairs = shown.map((i, k) => `${k + 1}: (${labels[i]}, ${predicted[i]})`).join(', ')
    const spec = figure('misclassified test digits', [
      how,
      `test accuracy ${accuracy.toFixed(4)}: ${wrong.length} of ${labels.length} wrong; the first ${shown.length}, captioned "n. true → predicted"`,
    ], rows, imageGridSpec({ captions: images.map((im) => im.caption), h: 28, w: 28, cell: 3, columns: PER_LINE, showCaptions: true }))
    return makeResult({
      columns: ['view', 'index', 'label', 'predicted', 'caption', 'row', 'col', 'value', 'shade'],
      rows,
      spec,
      summary: [how, `test accuracy ${accuracy.toFixed(4)} (${wrong.length} of ${labels.length} wrong)`,
        `{view: (label, inference)} as the book prints it: {${pairs}}`],
      metrics: { testAcc: accuracy, wrong: wrong.length, shown: shown.length },
    })
  },
})

/** argmax of predict(x) per sample, in batches of 100 as the book. x: (N, …) → N labels. */
function predictLabels(network: Network, x: NDArray): number[] {
  const out: number[] = []
  const n = x.shape[0]!
  for (let i = 0; i < n; i += 100) {
    const y = network.predict(x.slice([i, Math.min(n, i + 100)]), false).argmax(1)
    out.push(...y.flatten().data)
  }
  return out
}
