import { ValueError } from '@dlfs/matrix'
import { Relu, Sigmoid, type Layer } from '@dlfs/layers'

/** The activation layers MultiLayerNet can put after each hidden Affine (the book's `activation_layer`). */
export type Activation = 'relu' | 'sigmoid'

/** The layer class for an activation name, or a clear error. */
export function activationLayer(op: string, activation: Activation): Layer {
  if (activation === 'relu') return new Relu()
  if (activation === 'sigmoid') return new Sigmoid()
  throw new ValueError(op, `'activation' must be 'relu' or 'sigmoid', got '${String(activation)}'`)
}
