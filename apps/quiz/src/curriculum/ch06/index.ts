import type { ExerciseDef } from '../../grader/types.js'
import sgd from './sgd.js'
import momentum from './momentum.js'
import adagrad from './adagrad.js'
import rmsprop from './rmsprop.js'
import adam from './adam.js'
import nesterov from './nesterov.js'
import weightInit from './weight-init.js'
import batchNormalization from './batch-normalization.js'
import weightDecay from './weight-decay.js'
import dropout from './dropout.js'

/** Chapter 6's exercises, in the book's order (§6.1 update methods, §6.2 initial weights, §6.3 BatchNormalization, §6.4 regularisation). */
export const exercises: ExerciseDef<any>[] = [sgd, momentum, adagrad, rmsprop, adam, nesterov, weightInit, batchNormalization, weightDecay, dropout]
