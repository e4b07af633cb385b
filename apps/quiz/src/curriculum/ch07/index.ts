import type { ExerciseDef } from '../../grader/types.js'
import im2col from './im2col.js'
import convolution from './convolution.js'
import pooling from './pooling.js'
import simpleConvNet from './simple-conv-net.js'

/** Chapter 7's exercises, in the book's order. */
export const exercises: ExerciseDef<any>[] = [im2col, convolution, pooling, simpleConvNet]
