import { readFileSync } from 'node:fs'
import type { ExerciseDef } from '../../grader/types.js'
import { learnerFile, openSession, templateFile, type Opened, type Session } from '../session.js'
import { exerciseLine } from '../render.js'
import { progressBlock } from './home.js'

/** `list`: each exercise's status and best score, grouped by chapter, in book order. */
export function runList(s: Session, opened: Opened = openSession(s)): number {
  const { state, ws } = opened
  s.out(progressBlock(s, opened))
  let chapter = -1
  for (const def of s.curriculum) {
    if (def.chapter !== chapter) {
      chapter = def.chapter
      s.out(`\n${s.c.bold(s.m.chapter(chapter))}\n`)
    }
    const entry = state.exercises[def.id]
    const status = entry?.status ?? 'not-started'
    // Without a grade on record (new workspace, lost progress file), an edited file still shows as edited.
    const note = !entry?.lastCheckedAt && edited(s, def, learnerFile(ws, def)) ? s.m.editedNotChecked : ''
    s.out(`  ${exerciseLine(s, def, status, entry ? entry.score : null, note)}\n`)
  }
  s.out(`\n${s.c.dim(s.m.listFooter(s.bin))}\n`)
  return 0
}

function edited(s: Session, def: ExerciseDef<any>, file: string): boolean {
  try {
    return readFileSync(file, 'utf8') !== readFileSync(templateFile(s, def), 'utf8')
  } catch {
    return false
  }
}
