import { getGrader } from '../grading.js'
import type { Session } from '../session.js'

/**
 * `dev check` (run in the kit's CI, after rustlings' `dev check`): the curriculum's self-test, ids
 * unique, both languages present, every reference passes, every untouched stub is "not started", every
 * mutant gets its targeted message. Prints the engine's report; exit 1 on any problem.
 */
export async function runDevCheck(s: Session): Promise<number> {
  const grader = await getGrader(s)
  const report = await grader.devCheck()
  const ok = report.ok && report.problems.length === 0
  // The engine's text ends with its summary line; colour that line by the verdict.
  const lines = grader.formatDevCheck(report).trimEnd().split('\n')
  const last = lines.pop() ?? ''
  s.out([...lines, ok ? s.c.green(last) : s.c.red(last)].join('\n') + '\n')
  return ok ? 0 : 1
}
