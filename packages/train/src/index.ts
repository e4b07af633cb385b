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
export { randomShift } from './utils/random-shift.js'
export { loadMnist, BUNDLED_MNIST_SIZE, type LoadMnistOptions, type MnistData } from './datasets/load-mnist.js'
export { parseIdx, encodeIdx, readIdxFile, writeIdxFile, type IdxArray, type IdxDtype, type IdxInput, type IdxExpect } from './datasets/idx.js'
export {
  encodeSafetensors, decodeSafetensors, saveParams, loadParams, loadParamsInto,
  type SafetensorsMetadata, type DecodedSafetensors,
} from './io/safetensors.js'
export { Trainer, TrainingDivergedError, formatPyFloat, type TrainerOptions, type TrainResult, type IterationInfo, type EpochInfo } from './trainer.js'
export { TwoLayerNet, type TwoLayerNetOptions } from './networks/two-layer-net.js'
export { TwoLayerNetSigmoid } from './networks/two-layer-net-sigmoid.js'
export { MultiLayerNet, type MultiLayerNetOptions, type Activation, type WeightInitStd } from './networks/multi-layer-net.js'
export { MultiLayerNetExtend, type MultiLayerNetExtendOptions } from './networks/multi-layer-net-extend.js'
export { SimpleConvNet, type SimpleConvNetOptions, type ConvParam } from './networks/simple-conv-net.js'
export { DeepConvNet, deepConvNetConvParams, type DeepConvNetOptions } from './networks/deep-conv-net.js'
export { gradientCheck, formatGradientCheck, type GradientCheckEntry, type GradientCheckOptions } from './networks/gradient-check.js'
// The experiments (their list and types). Running one renders its figure with Vega, which the CLI
// (`dlfs-train experiment NAME`) loads only then, so importing @dlfs/train stays light.
export {
  defineExperiment, makeResult,
  type Experiment, type ExperimentContext, type ExperimentResult, type ExperimentMode, type ExperimentRow, type ExperimentCell, type TerminalChart,
} from './experiments/experiment.js'
export { EXPERIMENTS, findExperiment } from './experiments/experiments.js'
export { terminalChart, lossChart, resample, type ChartSeries, type TerminalChartOptions } from './cli/loss-chart.js'
