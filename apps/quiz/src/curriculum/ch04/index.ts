import type { ExerciseDef } from '../../grader/types.js'
import sumSquaredError from './sum-squared-error.js'
import crossEntropyError from './cross-entropy-error.js'
import numericalDiff from './numerical-diff.js'
import numericalGradient from './numerical-gradient.js'
import gradientDescent from './gradient-descent.js'
import twoLayerNet from './two-layer-net.js'

/** Chapter 4's exercises, in the book's order. */
export const exercises: ExerciseDef<any>[] = [sumSquaredError, crossEntropyError, numericalDiff, numericalGradient, gradientDescent, twoLayerNet]
