import type { ExerciseDef } from '../../grader/types.js'
import stepFunction from './step-function.js'
import sigmoid from './sigmoid.js'
import relu from './relu.js'
import threeLayerForward from './three-layer-forward.js'
import softmax from './softmax.js'

/** Chapter 3's exercises, in the book's order. */
export const exercises: ExerciseDef<any>[] = [stepFunction, sigmoid, relu, threeLayerForward, softmax]
