import type { CheckResult, DevCheckReport, ExerciseResult, ExerciseStatus, GradeOptions } from '../grader/index.js'
import type { ExerciseDef } from '../grader/types.js'

// The grading engine as the CLI uses it. The engine is loaded on first use (dynamic import), so
// commands that grade nothing (hint, list, reset, --help) start without fast-check or worker threads.

export type { CheckResult, DevCheckReport, ExerciseResult, ExerciseStatus, GradeOptions }

export interface Grader {
  gradeExercise(def: ExerciseDef<any> | string, learnerFile: string, opts: GradeOptions): Promise<ExerciseResult>
  devCheck(): Promise<DevCheckReport>
  /** The report as terminal text. */
  formatDevCheck(report: DevCheckReport): string
}

/** The real engine (src/grader). */
export async function loadGrader(): Promise<Grader> {
  const { gradeExercise, devCheck, formatDevCheck } = await import('../grader/index.js')
  return { gradeExercise, devCheck: () => devCheck(), formatDevCheck }
}
