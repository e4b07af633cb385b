import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ParsedArgs } from '../args.js'
import { QuizError } from '../errors.js'
import { findExercise, learnerFile, openSession, rel, templateFile, type Session } from '../session.js'
import { entryOf } from '../state.js'
import { askYesNo } from '../prompt.js'

/**
 * `reset <id>`: put the original stub back. The learner's file is first copied to `<file>.bak-<time>`
 * (never lost); on a terminal it asks first, unless --yes.
 */
export async function runReset(s: Session, { args, values }: ParsedArgs): Promise<number> {
  if (args[0] === undefined) throw new QuizError('USAGE', s.m.missingId('reset', s.bin))
  const def = findExercise(s, args[0])
  const opened = openSession(s)
  const file = learnerFile(opened.ws, def)
  const stub = templateFile(s, def)
  if (!existsSync(stub)) throw new QuizError('KIT_FILE_MISSING', s.m.solutionMissing(stub))
  const shown = rel(s, file)
  if (existsSync(file) && readFileSync(file, 'utf8') === readFileSync(stub, 'utf8')) {
    s.out(`${s.m.resetUnchanged(shown)}\n`)
    return 0
  }
  if (values.yes !== true && s.io.stdin?.isTTY && s.io.stdout.isTTY) {
    if (!(await askYesNo(s.io, s.m.resetConfirm(shown)))) {
      s.out(`${s.m.resetCancelled}\n`)
      return 1
    }
  }
  let backup: string | null = null
  if (existsSync(file)) {
    backup = `${file}.bak-${stamp(s.now())}`
    for (let n = 2; existsSync(backup); n++) backup = `${file}.bak-${stamp(s.now())}-${n}`
    copyFileSync(file, backup)
  }
  mkdirSync(dirname(file), { recursive: true })
  copyFileSync(stub, file)
  const entry = entryOf(opened.state, def.id)
  entry.status = 'not-started'
  entry.score = 0
  opened.save()
  s.out(`${s.c.green('✓')} ${s.m.resetDone(shown, backup ? rel(s, backup) : null)}\n`)
  return 0
}

/** 20251128-172301: sorts by time and is safe in file names on every OS. */
function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
}
