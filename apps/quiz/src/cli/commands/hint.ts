import type { ParsedArgs } from '../args.js'
import { QuizError } from '../errors.js'
import { findExercise, nextExercise, openSession, type Opened, type Session } from '../session.js'
import { entryOf } from '../state.js'

/**
 * `hint [id]`: one more hint each time, vague to specific (the level is remembered in the progress file);
 * the earlier ones are repeated dimmed. Without an id, the next exercise's.
 */
export function runHint(s: Session, { args }: Pick<ParsedArgs, 'args'>, opened: Opened = openSession(s)): number {
  const def = args[0] !== undefined ? findExercise(s, args[0]) : nextExercise(s, opened.state)
  if (!def) throw new QuizError('USAGE', s.m.nothingToHint(s.bin))
  const hints = def.hints[s.lang]
  const entry = entryOf(opened.state, def.id)
  const before = Math.min(entry.hintLevel, hints.length)
  const level = Math.min(before + 1, hints.length)
  entry.hintLevel = level
  opened.save()
  s.out(`${s.c.bold(def.id)}  ${def.title[s.lang]}\n\n`)
  for (let i = 0; i < level; i++) {
    const head = s.m.hintHeading(i + 1, hints.length)
    const text = `${head}  ${hints[i]}`
    s.out(`${i + 1 === level && before < level ? `${s.c.yellow(head)}  ${hints[i]}` : s.c.dim(text)}\n`)
  }
  s.out(`\n${s.c.dim(before >= hints.length ? s.m.hintsAllShownAgain(s.bin, def.id) : level === hints.length ? s.m.hintsAllShown(s.bin, def.id) : s.m.moreHints(s.bin, def.id))}\n`)
  return 0
}
