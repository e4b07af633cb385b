import type { Experiment } from './experiment.js'
import { ch04Train } from './ch04-train.js'
import { ch05Train } from './ch05-train.js'
import { ch06OptimizerToy } from './ch06-optimizer-toy.js'
import { ch06OptimizerMnist } from './ch06-optimizer-mnist.js'
import { ch06WeightInit } from './ch06-weight-init.js'
import { ch06ActivationHistogram } from './ch06-activation-histogram.js'
import { ch06Batchnorm } from './ch06-batchnorm.js'
import { ch06Overfit } from './ch06-overfit.js'
import { ch06HyperparameterSearch } from './ch06-hyperparameter-search.js'
import { ch07Train } from './ch07-train.js'
import { ch07Filters } from './ch07-filters.js'
import { misclassified } from './misclassified.js'

/**
 * Every experiment, in the book's order. Each lives in `<name>.ts` of this folder; a test checks that the
 * files and this list agree, so an experiment cannot be written and forgotten here.
 */
export const EXPERIMENTS: readonly Experiment[] = [
  ch04Train, ch05Train,
  ch06OptimizerToy, ch06OptimizerMnist, ch06WeightInit, ch06ActivationHistogram, ch06Batchnorm, ch06Overfit, ch06HyperparameterSearch,
  ch07Train, ch07Filters,
  misclassified,
]

/** The experiment called `name`, or undefined. */
export function findExperiment(name: string): Experiment | undefined {
  return EXPERIMENTS.find((e) => e.name === name)
}
