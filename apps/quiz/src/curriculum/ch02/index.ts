import type { ExerciseDef } from '../../grader/types.js'
import and from './and.js'
import nandOr from './nand-or.js'
import xor from './xor.js'

/** Chapter 2's exercises, in the book's order. */
export const exercises: ExerciseDef<any>[] = [and, nandOr, xor]
