// @dlfs/train: optimizers, networks, the Trainer, MNIST and parameter files (chapters 4–8).
export type { Optimizer, Params } from './optimizers/optimizer.js'
export { SGD, type SGDOptions } from './optimizers/sgd.js'
export { Momentum, type MomentumOptions } from './optimizers/momentum.js'
export { Nesterov, type NesterovOptions } from './optimizers/nesterov.js'
export { AdaGrad, type AdaGradOptions } from './optimizers/adagrad.js'
export { RMSprop, type RMSpropOptions } from './optimizers/rmsprop.js'
export { Adam, type AdamOptions } from './optimizers/adam.js'
export { createOptimizer, optimizerNames, type OptimizerName, type OptimizerOptions } from './optimizers/create-optimizer.js'
export type { Network } from './networks/network.js'
export { smoothCurve, kaiser, i0 } from './utils/smooth-curve.js'
export { shuffleDataset } from './utils/shuffle-dataset.js'
export { loadMnist, BUNDLED_MNIST_SIZE, type LoadMnistOptions, type MnistData } from './datasets/load-mnist.js'
export { parseIdx, encodeIdx, readIdxFile, writeIdxFile, type IdxArray, type IdxDtype, type IdxInput, type IdxExpect } from './datasets/idx.js'
export {
  encodeSafetensors, decodeSafetensors, saveParams, loadParams, loadParamsInto,
  type SafetensorsMetadata, type DecodedSafetensors,
} from './io/safetensors.js'
export { Trainer, TrainingDivergedError, formatPyFloat, type TrainerOptions, type TrainResult, type IterationInfo, type EpochInfo } from './trainer.js'
