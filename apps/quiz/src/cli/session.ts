import { join, relative } from 'node:path'
import { findExerciseFile } from '../grader/status.js'
import type { ExerciseDef, Lang } from '../grader/types.js'
import type { Messages } from '../i18n/messages.js'
import { closeMatches } from './close-matches.js'
import type { Colors } from './color.js'
import { QuizError } from './errors.js'
import type { Grader } from './grader-api.js'
import type { CliIO } from './io.js'
import type { Kit } from './kit.js'
import { loadState, saveState, type ExerciseState, type QuizState } from './state.js'
import { openWorkspace, type Workspace } from './workspace.js'

/** What every command receives: the learner's language and streams, the kit, and lazy access to the workspace. */
export interface Session {
  io: CliIO
  lang: Lang
  m: Messages
  /** Styles for stdout and stderr (each on only if that stream is a terminal). */
  c: Colors
  ce: Colors
  kit: Kit
  curriculum: readonly ExerciseDef<any>[]
  grader(): Promise<Grader>
  /** How the learner runs the CLI, for the commands we suggest: 'pnpm quiz' in the clone, else 'dlfs-quiz'. */
  bin: string
  workspaceFlag: string | undefined
  now(): Date
  out(text: string): void
  err(text: string): void
}

/** The workspace (found or created, templates synced) and its progress, opened once per command. */
export interface Opened {
  ws: Workspace
  state: QuizState
  save(): void
}

export function openSession(s: Session): Opened {
  const ws = openWorkspace(s.kit, s.io.cwd, s.workspaceFlag, s.m)
  const { state, problem } = loadState(ws.dir, s.kit.version)
  const snapshot = new Map(Object.entries(state.exercises).map(([id, e]) => [id, { ...e }]))
  if (problem === 'corrupt') s.err(`${s.ce.yellow('!')} ${s.m.stateCorrupt(s.bin)}\n`)
  if (ws.added.length > 0) {
    const where = rel(s, ws.dir)
    s.err(`${s.ce.dim(ws.created ? s.m.workspaceCreated(where) : s.m.templatesAdded(ws.added.length, where))}\n`)
  }
  return { ws, state, save: () => saveMerged(s, ws, state, snapshot) }
}

/**
 * Save only the fields this command changed, over the file as it is now: a `watch` running in one
 * terminal must not undo the hint level a `hint` in another terminal recorded meanwhile.
 */
function saveMerged(s: Session, ws: Workspace, state: QuizState, snapshot: Map<string, ExerciseState>): void {
  const { state: current, problem } = loadState(ws.dir, s.kit.version)
  const merged = problem ? state : current
  for (const [id, entry] of Object.entries(state.exercises)) {
    const before = snapshot.get(id)
    const mine = Object.fromEntries(Object.entries(entry).filter(([k, v]) => before?.[k as keyof ExerciseState] !== v))
    merged.exercises[id] = { ...(merged.exercises[id] ?? entry), ...mine }
  }
  saveState(ws.dir, merged)
  Object.assign(state.exercises, merged.exercises)
  for (const [id, entry] of Object.entries(merged.exercises)) snapshot.set(id, { ...entry })
}

/** The learner's copy of an exercise's file (at the workspace's top, or below an exercises/ folder). */
export function learnerFile(ws: Workspace, def: ExerciseDef<any>): string {
  return findExerciseFile(ws.dir, def) ?? join(ws.dir, def.file)
}

/** The shipped stub of an exercise. */
export function templateFile(s: Session, def: ExerciseDef<any>): string {
  return join(s.kit.templatesDir, def.file)
}

/** A path as the learner would type it from where they ran the command (absolute when that is shorter). */
export function rel(s: Session, path: string): string {
  const r = relative(s.io.cwd, path)
  if (r === '') return '.'
  return r.startsWith('..') && path.length < r.length ? path : r
}

/**
 * The exercise named `query`: its id ('5.6.2-affine'), or unambiguously its concept ('affine') or
 * section ('5.6.2'). Else a QuizError listing the closest ids.
 */
export function findExercise(s: Session, query: string): ExerciseDef<any> {
  const exact = s.curriculum.find((d) => d.id === query)
  if (exact) return exact
  const q = query.toLowerCase()
  const partial = s.curriculum.filter((d) => {
    const dash = d.id.indexOf('-')
    return d.id.slice(dash + 1).toLowerCase() === q || d.id.slice(0, dash) === q
  })
  if (partial.length === 1) return partial[0]!
  const ids = s.curriculum.map((d) => d.id)
  const near = partial.length > 1 ? partial.map((d) => d.id) : closeMatches(query, ids)
  throw new QuizError('UNKNOWN_EXERCISE', s.m.unknownExercise(query, near, s.bin))
}

/** The first exercise in book order whose last grade is not a pass, or null when all passed. */
export function nextExercise(s: Session, state: QuizState): ExerciseDef<any> | null {
  return s.curriculum.find((d) => state.exercises[d.id]?.status !== 'passed') ?? null
}
