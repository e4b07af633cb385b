import { defineExperiment, differsFromBook } from './experiment.js'
import { CONV_BOOK, CONV_SIZES, trainSimpleConvNet } from './_conv-training.js'
import { meanOfLast } from './_training.js'
import { trainingCurves } from './_training-curves.js'

/** ch07/train_convnet.py: SimpleConvNet on MNIST with Adam; the loss curve and the accuracy per epoch. */
export const ch07Train = defineExperiment({
  name: 'ch07-train',
  book: 'ch07/train_convnet.py',
  description: 'SimpleConvNet, Adam lr 0.001: loss curve, train/test accuracy per epoch (default: 1 epoch; --full: 20)',
  run: (ctx) => {
    const size = CONV_SIZES[ctx.mode]
    const { result, epochs } = trainSimpleConvNet(ctx)
    const settings = `SimpleConvNet (conv 30×5×5 → ReLU → pool 2×2 → Affine 100 → ReLU → Affine 10), Adam lr ${CONV_BOOK.lr}, ` +
      `batch ${size.batchSize}, ${epochs} epoch${epochs === 1 ? '' : 's'} (${result.iterations} iterations) of ${size.trainSize} digits, ` +
      `per-epoch accuracy on ${size.evalSamples} train / test digits, final test accuracy on all ${size.testSize}, seed ${ctx.seed}`
    const differs = differsFromBook(ctx.mode, epochs === CONV_BOOK.epochs
      ? 'the book: the same 20 epochs on full MNIST (60,000 digits)'
      : `the book: 20 epochs on full MNIST (60,000 digits); ${epochs} here, to finish in about two minutes; --full runs 20`)
    const loss = meanOfLast(result.trainLossList, 50)
    return trainingCurves(result, epochs, {
      title: 'ch07 train_convnet: SimpleConvNet on MNIST',
      settings: [settings, differs],
      results: [
        `final: train acc ${result.trainAcc.toFixed(4)} (on ${size.evalSamples}), test acc ${result.testAcc.toFixed(4)}; ` +
          `mean loss of the last 50 batches ${loss.toFixed(4)} (book after 20 epochs: about 0.998 train / 0.989 test)`],
      metrics: { trainAcc: result.trainAcc, testAcc: result.testAcc, loss, iterations: result.iterations, epochs },
    })
  },
})
