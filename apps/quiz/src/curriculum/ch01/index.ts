import type { ExerciseDef } from '../../grader/types.js'
import dotShape from './dot-shape.js'
import sumAxis from './sum-axis.js'
import broadcast from './broadcast.js'
import accuracy from './accuracy.js'

/**
 * Chapter 1's exercises: the array skills of §1.5 (NumPy, here @dlfs/matrix) that chapters 3–5 rely on,
 * in the order of §1.5's subsections (axes before the keepdims of broadcasting); each README also cites
 * where the book puts the skill to use.
 */
export const exercises: ExerciseDef<any>[] = [dotShape, sumAxis, broadcast, accuracy]
