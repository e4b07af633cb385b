import type { Rng } from '@dlfs/matrix'
import type { Network } from '../networks/network.js'
import { TwoLayerNet } from '../networks/two-layer-net.js'
import { TwoLayerNetSigmoid } from '../networks/two-layer-net-sigmoid.js'
import { MultiLayerNet } from '../networks/multi-layer-net.js'
import { MultiLayerNetExtend } from '../networks/multi-layer-net-extend.js'
import { SimpleConvNet } from '../networks/simple-conv-net.js'
import { DeepConvNet } from '../networks/deep-conv-net.js'
import type { NetName, TrainArgs } from './args.js'

/** MNIST: 28×28 grey images, 10 classes. */
const INPUT_SIZE = 784
const OUTPUT_SIZE = 10

/** The settings that shape a network (what `--save` records so `--load` can check them). */
export type NetworkSpec = Pick<TrainArgs, 'net' | 'hidden' | 'weightDecay' | 'dropout' | 'batchnorm'>

/** True for the nets that take images as (N, 1, 28, 28) rather than rows of 784 (loadMnist's flatten = false). */
export function isConvNet(net: NetName): boolean {
  return net === 'simple-conv' || net === 'deep-conv'
}

/**
 * The network `--net` names, with the book's default initialisation; `rng` draws the weights (and the
 * dropout masks of nets with Dropout). Args are already validated by parseCliArgs.
 */
export function buildNetwork(spec: NetworkSpec, rng: Rng): Network {
  const hiddenSize = spec.hidden[0] ?? 0
  switch (spec.net) {
    case 'two-layer':
      return new TwoLayerNet({ inputSize: INPUT_SIZE, hiddenSize, outputSize: OUTPUT_SIZE, rng })
    case 'two-layer-sigmoid':
      return new TwoLayerNetSigmoid({ inputSize: INPUT_SIZE, hiddenSize, outputSize: OUTPUT_SIZE, rng })
    case 'multi-layer':
      return new MultiLayerNet({
        inputSize: INPUT_SIZE, hiddenSizeList: spec.hidden, outputSize: OUTPUT_SIZE, weightDecayLambda: spec.weightDecay, rng,
      })
    case 'multi-layer-extend':
      return new MultiLayerNetExtend({
        inputSize: INPUT_SIZE, hiddenSizeList: spec.hidden, outputSize: OUTPUT_SIZE, weightDecayLambda: spec.weightDecay,
        useDropout: spec.dropout > 0, dropoutRatio: spec.dropout, useBatchnorm: spec.batchnorm, rng,
      })
    case 'simple-conv':
      return new SimpleConvNet({ inputDim: [1, 28, 28], hiddenSize, outputSize: OUTPUT_SIZE, rng })
    case 'deep-conv':
      return new DeepConvNet({ rng })
  }
}
