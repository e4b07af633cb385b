import type { ParsedArgs } from '../args.js'
import { getGrader, gradeMany, gradeOne, gradeOptions } from '../grading.js'
import { exerciseLine, firstFailure, renderResult } from '../render.js'
import { findExercise, learnerFile, nextExercise, openSession, rel, type Session } from '../session.js'
import { recordResult } from '../state.js'

/** `check [id]`: grade one exercise in detail, or all with a summary. Exit 0 only when every graded exercise passed. */
export async function runCheck(s: Session, { args, values }: ParsedArgs): Promise<number> {
  const opts = gradeOptions(s, values)
  const def = args[0] !== undefined ? findExercise(s, args[0]) : null
  const opened = openSession(s)
  const grader = await getGrader(s)
  if (def) {
    const result = await gradeOne(s, grader, opened.ws, def, opts)
    recordResult(opened.state, result, s.now())
    opened.save()
    s.out(renderResult(s, def, result, rel(s, learnerFile(opened.ws, def))))
    if (result.status === 'passed') {
      const next = nextExercise(s, opened.state)
      s.out(`\n${s.c.green(next ? s.m.passedNext(s.bin, next.id) : s.m.allPassed(s.curriculum.length, s.bin))}\n`)
    } else s.out(`\n${s.c.dim(s.m.stuck(s.bin, def.id))}\n`)
    return result.status === 'passed' ? 0 : 1
  }
  const started = Date.now()
  const results = await gradeMany(s, grader, opened.ws, s.curriculum, opts, (d, result) => {
    recordResult(opened.state, result, s.now())
    s.out(`${exerciseLine(s, d, result.status, result.score)}\n`)
    const why = result.status === 'failed' ? firstFailure(s, result) : null
    if (why) s.out(`    ${s.c.red(why)}\n`)
  })
  opened.save()
  const count = (st: string) => results.filter((r) => r.status === st).length
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  s.out(`\n${s.m.summary(count('passed'), count('failed'), count('not-started'), results.length, seconds)}\n`)
  if (count('passed') < results.length) s.out(`${s.c.dim(s.m.seeDetails(s.bin))}\n`)
  return count('passed') === results.length ? 0 : 1
}
