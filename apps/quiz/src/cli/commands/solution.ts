import { readFileSync } from 'node:fs'
import type { ParsedArgs } from '../args.js'
import { QuizError } from '../errors.js'
import { kitFile } from '../kit.js'
import { findExercise, openSession, rel, type Session } from '../session.js'

/**
 * `solution <id>`: the kit's own implementation (ExerciseDef.solution.file: the package source itself,
 * from the clone or from the installed package's src), only once the learner's version has passed.
 */
export function runSolution(s: Session, { args }: ParsedArgs): number {
  if (args[0] === undefined) throw new QuizError('USAGE', s.m.missingId('solution', s.bin))
  const def = findExercise(s, args[0])
  const { state } = openSession(s)
  if (!state.exercises[def.id]?.passedAt) {
    s.out(`${s.m.solutionRefused(def.id, s.bin)}\n`)
    return 1
  }
  const path = kitFile(s.kit, def.solution.file)
  if (!path) throw new QuizError('KIT_FILE_MISSING', s.m.solutionMissing(def.solution.file))
  const symbol = def.solution.symbol ? ` (${def.solution.symbol})` : ''
  s.out(`${s.c.bold(s.m.solutionHeading(def.id))}${symbol}  ${s.c.dim(s.kit.repoRoot ? rel(s, path) : def.solution.file)}\n\n`)
  s.out(readFileSync(path, 'utf8').replace(/\n?$/, '\n'))
  s.out(`\n${s.c.dim(s.m.solutionAfter)}\n`)
  return 0
}
