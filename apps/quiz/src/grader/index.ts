// The grading engine's public API (the CLI builds on it). Internal helpers stay unexported.
export type { CheckResult, CheckStatus, ExerciseResult, ExerciseStatus } from './result.js'
export { gradeExercise, findExercise, closeGrader, type GradeOptions } from './runner.js'
export { devCheck, formatDevCheck, type DevCheckOptions, type DevCheckReport, type DevProblem } from './dev-check.js'
export { exercisesDir, stubFile, readmeFile, findExerciseFile } from './status.js'
export { scoreOf, statusOf, isNotImplemented } from './score.js'
export { checkImports, type ForbiddenRule, type Violation } from './imports.js'
export { scanImports, type ImportRef } from './scan-imports.js'
