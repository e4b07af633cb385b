import { defineExperiment } from './experiment.js'
import { twoLayerTraining } from './_two-layer-training.js'

/** ch05/train_neuralnet.py: the layered ReLU TwoLayerNet trained by backpropagation. */
export const ch05Train = defineExperiment({
  name: 'ch05-train',
  book: 'ch05/train_neuralnet.py',
  description: 'ReLU TwoLayerNet by backpropagation: loss curve, train/test accuracy per epoch',
  run: (ctx) => twoLayerTraining({ chapter: 'ch05', kind: 'relu', book: { trainAcc: 0.978, testAcc: 0.969 } }, ctx),
})
