// @dlfs/losses: the loss functions of chapters 3–5 and the SoftmaxWithLoss layer.
export { softmax } from './softmax.js'
export { crossEntropyError } from './cross-entropy-error.js'
export { sumSquaredError } from './sum-squared-error.js'
export { SoftmaxWithLoss } from './softmax-with-loss.js'
export type { Labels } from './_labels.js'
