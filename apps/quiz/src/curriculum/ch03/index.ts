import type { ExerciseDef } from '../../grader/types.js'

/** Chapter 3's exercises, in the book's order. */
export const exercises: ExerciseDef<any>[] = []
