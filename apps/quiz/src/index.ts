// @dlfs/quiz: the exercises of the book and their grader. The CLI is `dlfs-quiz` (bin/dlfs-quiz.js).
export { defineExercise, CheckFailure, type ExerciseDef, type Check, type CheckContext, type Mutant, type Text, type Lang, type FailureDetail } from './grader/types.js'
export {
  gradeExercise, findExercise, closeGrader, devCheck, formatDevCheck, exercisesDir, stubFile, readmeFile, findExerciseFile,
  type GradeOptions, type DevCheckOptions, type DevCheckReport, type DevProblem,
} from './grader/index.js'
export type { ExerciseResult, CheckResult, CheckStatus, ExerciseStatus } from './grader/index.js'
export { curriculum } from './curriculum/index.js'
