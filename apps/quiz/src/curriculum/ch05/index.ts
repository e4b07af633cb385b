import type { ExerciseDef } from '../../grader/types.js'
import affine from './affine.js'

/** Chapter 5's exercises, in the book's order. */
export const exercises: ExerciseDef<any>[] = [affine]
