import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ExerciseResult, ExerciseStatus } from './grader-api.js'
import { STATE_DIR } from './workspace.js'

/** Bumped when the layout changes; `parseState` reads every older layout. */
export const STATE_SCHEMA = 1

/** What the CLI remembers about one exercise. Everything but `hintLevel` can be rebuilt by re-grading. */
export interface ExerciseState {
  /** The last grade's status. */
  status: ExerciseStatus
  /** The last grade's score in [0, 1], and the best one so far. */
  score: number
  bestScore: number
  /** Hints shown so far (0 = none). */
  hintLevel: number
  lastCheckedAt?: string
  /** The first time it passed: `solution` unlocks from then on, even if the file breaks later. */
  passedAt?: string
}

/** `.dlfs-quiz/state.json` in the workspace. */
export interface QuizState {
  schema: number
  /** @dlfs/quiz's version that last wrote the file. */
  kitVersion: string
  exercises: Record<string, ExerciseState>
}

export interface LoadedState {
  state: QuizState
  /** Why the file could not be used ('corrupt'), or null when it was read or did not exist yet. */
  problem: 'corrupt' | null
}

export function statePath(workspace: string): string {
  return join(workspace, STATE_DIR, 'state.json')
}

export function emptyState(kitVersion: string): QuizState {
  return { schema: STATE_SCHEMA, kitVersion, exercises: {} }
}

/**
 * Read the progress file. A missing file is a fresh start; an unreadable one is set aside as
 * `state.json.corrupt` and replaced by a fresh state: statuses come back with the next `check`.
 */
export function loadState(workspace: string, kitVersion: string): LoadedState {
  const path = statePath(workspace)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return { state: emptyState(kitVersion), problem: null }
  }
  const state = parseState(text, kitVersion)
  if (state) return { state, problem: null }
  try {
    renameSync(path, `${path}.corrupt`)
  } catch {
    // Keep going with a fresh state; the next save overwrites the unreadable file.
  }
  return { state: emptyState(kitVersion), problem: 'corrupt' }
}

/** Parse any schema up to this one, keeping each valid entry and dropping the rest. Null if unusable. */
export function parseState(text: string, kitVersion: string): QuizState | null {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return null
  }
  if (!isObject(raw) || typeof raw.schema !== 'number' || !isObject(raw.exercises)) return null
  const exercises: Record<string, ExerciseState> = {}
  for (const [id, value] of Object.entries(raw.exercises)) {
    const entry = parseEntry(value)
    if (entry) exercises[id] = entry
  }
  return { schema: STATE_SCHEMA, kitVersion, exercises }
}

function parseEntry(v: unknown): ExerciseState | null {
  if (!isObject(v)) return null
  const status = v.status === 'passed' || v.status === 'failed' || v.status === 'not-started' ? v.status : 'not-started'
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0)
  const entry: ExerciseState = { status, score: num(v.score), bestScore: num(v.bestScore), hintLevel: Math.max(0, Math.floor(num(v.hintLevel))) }
  if (typeof v.lastCheckedAt === 'string') entry.lastCheckedAt = v.lastCheckedAt
  if (typeof v.passedAt === 'string') entry.passedAt = v.passedAt
  return entry
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Write the progress file atomically: a temporary file in the same folder, then a rename, so an
 * interrupted write (Ctrl-C, a full disk) leaves the previous file intact.
 */
export function saveState(workspace: string, state: QuizState): void {
  const path = statePath(workspace)
  mkdirSync(join(workspace, STATE_DIR), { recursive: true })
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`)
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}

/** The entry of `id`, created (not started, no hints) if missing. */
export function entryOf(state: QuizState, id: string): ExerciseState {
  return (state.exercises[id] ??= { status: 'not-started', score: 0, bestScore: 0, hintLevel: 0 })
}

/** Record a grade. */
export function recordResult(state: QuizState, result: ExerciseResult, now: Date): ExerciseState {
  const entry = entryOf(state, result.id)
  entry.status = result.status
  entry.score = result.score
  entry.bestScore = Math.max(entry.bestScore, result.score)
  entry.lastCheckedAt = now.toISOString()
  if (result.status === 'passed' && !entry.passedAt) entry.passedAt = entry.lastCheckedAt
  return entry
}
