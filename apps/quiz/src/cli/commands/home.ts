import type { ExerciseDef } from '../../grader/types.js'
import { forTerminal, readStatement } from '../statement.js'
import { learnerFile, nextExercise, openSession, rel, type Opened, type Session } from '../session.js'

const BAR_WIDTH = 30

/** `dlfs-quiz` with no command: the progress bar and counts, then the next exercise and its statement. */
export function runHome(s: Session): number {
  const opened = openSession(s)
  s.out(progressBlock(s, opened))
  const next = nextExercise(s, opened.state)
  if (!next) {
    s.out(`\n${s.c.green(s.m.allPassed(s.curriculum.length, s.bin))}\n`)
    return 0
  }
  s.out(`\n${exerciseBlock(s, opened, next)}`)
  return 0
}

/** `[█████░░░] 3/35 passed  (1 failed, 31 not started)`. */
export function progressBlock(s: Session, { state }: Opened): string {
  const total = s.curriculum.length
  const count = (status: string) => s.curriculum.filter((d) => (state.exercises[d.id]?.status ?? 'not-started') === status).length
  const passed = count('passed')
  const filled = total === 0 ? 0 : Math.round((passed / total) * BAR_WIDTH)
  const bar = `${s.c.green('█'.repeat(filled))}${s.c.dim('░'.repeat(BAR_WIDTH - filled))}`
  return `${s.c.bold(s.m.heading)}\n${bar} ${s.m.progress(passed, total)}  ${s.c.dim(s.m.progressDetail(count('failed'), count('not-started')))}\n`
}

/** The exercise to work on: id, title, section, the file to edit (relative to cwd), the statement, what to run. */
export function exerciseBlock(s: Session, { ws }: Opened, def: ExerciseDef<any>): string {
  const { m, c } = s
  const text = readStatement(s.kit.templatesDir, def, s.lang)
  const statement = text === null ? m.statementMissing : forTerminal(text, c)
  return [
    `${m.next}: ${c.bold(c.cyan(def.id))}  ${c.bold(def.title[s.lang])}`,
    `${m.section(def.section, def.chapter)}`,
    `${m.editFile}: ${c.cyan(rel(s, learnerFile(ws, def)))}`,
    '',
    statement,
    '',
    c.dim(m.whatToRun(s.bin, def.id)),
    '',
  ].join('\n')
}
