import { ValueError } from '@dlfs/matrix'
import type { Optimizer } from './optimizer.js'
import { SGD, type SGDOptions } from './sgd.js'
import { Momentum, type MomentumOptions } from './momentum.js'
import { Nesterov, type NesterovOptions } from './nesterov.js'
import { AdaGrad, type AdaGradOptions } from './adagrad.js'
import { RMSprop, type RMSpropOptions } from './rmsprop.js'
import { Adam, type AdamOptions } from './adam.js'

// The one list of optimizers: the names below and the lookup are both derived from it.
const OPTIMIZER_CLASSES = { SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam } as const

/** An optimizer's name as the book writes it (`createOptimizer` also takes any letter case). */
export type OptimizerName = keyof typeof OPTIMIZER_CLASSES
/** The book's optimizer names, in the book's order: SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam. */
export const optimizerNames = Object.keys(OPTIMIZER_CLASSES) as OptimizerName[]
/** Any optimizer's options; each optimizer rejects the names that are not its own (Adam has no `momentum`). */
export type OptimizerOptions = SGDOptions & MomentumOptions & NesterovOptions & AdaGradOptions & RMSpropOptions & AdamOptions

/**
 * The optimizer called `name` with `options`, as the book's Trainer builds it from `optimizer` and
 * `optimizer_param`. `name` is case-insensitive ('adam', 'Adam', 'ADAM'), as the Trainer lowercases it.
 * NOTE(book): the book's Trainer spells the RMSprop key 'rmsprpo', so RMSprop is unreachable there; here
 * 'rmsprop' works.
 *
 * @example
 * const optimizer = createOptimizer('Momentum', { lr: 0.01, momentum: 0.9 })
 */
export function createOptimizer(name: string, options: OptimizerOptions = {}): Optimizer {
  const wanted = String(name).toLowerCase()
  const key = optimizerNames.find((n) => n.toLowerCase() === wanted)
  if (key === undefined) {
    throw new ValueError('createOptimizer', `unknown optimizer '${name}' (valid names: ${optimizerNames.join(', ')}; any letter case)`)
  }
  return new OPTIMIZER_CLASSES[key](options)
}
