import { defineExperiment } from './experiment.js'
import { twoLayerTraining } from './_two-layer-training.js'

/** ch04/train_neuralnet.py: the sigmoid TwoLayerNet trained with its hand-derived gradient. */
export const ch04Train = defineExperiment({
  name: 'ch04-train',
  book: 'ch04/train_neuralnet.py',
  description: 'sigmoid TwoLayerNet by its hand-derived gradient: loss curve, train/test accuracy per epoch',
  run: (ctx) => twoLayerTraining({ chapter: 'ch04', kind: 'sigmoid', book: { trainAcc: 0.947, testAcc: 0.947 } }, ctx),
})
