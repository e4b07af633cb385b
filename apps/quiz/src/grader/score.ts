// Partial credit and the exercise's status, from its check results. The same rules serve the worker's
// gradings and the in-process runs of `dev check`, so both agree on what "not started" means.
import type { CheckResult, ExerciseResult, ExerciseStatus } from './result.js'
import type { Text } from './types.js'

/**
 * True when an error message is the stub's own: it names this exercise's TODO and says "not
 * implemented", as `throw new Error('TODO(5.6.2-affine): not implemented')` does.
 */
export function isNotImplemented(message: string, id: string): boolean {
  return message.includes(`TODO(${id})`) && /not implemented/i.test(message)
}

/** Weighted share of the passed checks, in [0, 1]; 0 when there are no weights at all. */
export function scoreOf(checks: readonly CheckResult[]): number {
  let total = 0
  let passed = 0
  for (const c of checks) {
    total += c.weight
    if (c.status === 'passed') passed += c.weight
  }
  return total > 0 ? passed / total : 0
}

/**
 * `not-started` when every check met the stub's TODO (the learner has not begun), `passed` when every
 * check passed, otherwise `failed` (a partly written file is failing, with partial credit).
 */
export function statusOf(checks: readonly CheckResult[], error?: Text): ExerciseStatus {
  if (checks.length > 0 && checks.every((c) => c.status === 'not-started')) return 'not-started'
  if (!error && checks.length > 0 && checks.every((c) => c.status === 'passed')) return 'passed'
  return 'failed'
}

/** Assemble the result of a grading. */
export function summarise(id: string, checks: CheckResult[], durationMs: number, error?: Text): ExerciseResult {
  const status = statusOf(checks, error)
  const result: ExerciseResult = { id, status, score: scoreOf(checks), checks, durationMs }
  if (error) result.error = error
  return result
}
