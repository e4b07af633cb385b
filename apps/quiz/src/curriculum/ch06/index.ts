import type { ExerciseDef } from '../../grader/types.js'

/** Chapter 6's exercises, in the book's order. */
export const exercises: ExerciseDef<any>[] = []
