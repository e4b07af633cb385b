// What a grading returns. Plain data (no classes), so it crosses the worker boundary unchanged and
// serialises straight into the CLI's results.json.
import type { FailureDetail, Text } from './types.js'

/** `not-started`: the code still throws the stub's `TODO(<id>): not implemented`. */
export type CheckStatus = 'passed' | 'failed' | 'not-started' | 'skipped'
export type ExerciseStatus = 'passed' | 'failed' | 'not-started'

/** The outcome of one check of an exercise. */
export interface CheckResult {
  id: string
  title: Text
  weight: number
  status: CheckStatus
  /** Set by the context's expect helpers: which output, where, expected vs got, the likely mistake. */
  detail?: FailureDetail
  /** Set for every other outcome worth a sentence: an exception, a time-out, a check not run. */
  message?: Text
}

/** The outcome of grading one learner file against one exercise. */
export interface ExerciseResult {
  id: string
  status: ExerciseStatus
  /** Weighted share of the passed checks, in [0, 1] (partial credit). */
  score: number
  checks: CheckResult[]
  durationMs: number
  /** Why the file could not be graded as a whole: not found, does not load, forbidden import, crash. */
  error?: Text
  /** What the learner's code printed (console.log), truncated; absent when it printed nothing. */
  output?: string
}
