import type { ExerciseDef } from '../grader/types.js'
import { exercises as ch01 } from './ch01/index.js'
import { exercises as ch02 } from './ch02/index.js'
import { exercises as ch03 } from './ch03/index.js'
import { exercises as ch04 } from './ch04/index.js'
import { exercises as ch05 } from './ch05/index.js'
import { exercises as ch06 } from './ch06/index.js'
import { exercises as ch07 } from './ch07/index.js'

/**
 * Every exercise in the book's order. Each chapter lists its own in `chNN/index.ts`; the kit's tests
 * (and `dlfs-quiz dev check`) prove that this list and the exercises/ folder match one to one.
 */
export const curriculum: readonly ExerciseDef<any>[] = [...ch01, ...ch02, ...ch03, ...ch04, ...ch05, ...ch06, ...ch07]
