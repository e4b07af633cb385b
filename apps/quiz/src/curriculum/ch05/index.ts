import type { ExerciseDef } from '../../grader/types.js'
import mulAddLayer from './mul-add-layer.js'
import relu from './relu.js'
import sigmoid from './sigmoid.js'
import affine from './affine.js'
import affineNd from './affine-nd.js'
import softmaxWithLoss from './softmax-with-loss.js'
import twoLayerNet from './two-layer-net.js'
import gradientCheck from './gradient-check.js'

/** Chapter 5's exercises, in the book's order; each one's folder number is its place here. */
export const exercises: ExerciseDef<any>[] = [mulAddLayer, relu, sigmoid, affine, affineNd, softmaxWithLoss, twoLayerNet, gradientCheck]
