export { defineExercise, CheckFailure, type ExerciseDef, type Check, type CheckContext, type Mutant, type Text, type Lang, type FailureDetail } from './grader/types.js'
