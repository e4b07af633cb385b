import type { ExerciseDef, Lang } from '../grader/types.js'
import { createColors } from './color.js'
import type { ExerciseResult, ExerciseStatus } from './grader-api.js'
import { detailLines } from './render.js'
import type { Session } from './session.js'

/** Bumped when results.json changes shape. */
export const RESULTS_VERSION = 1

export interface CiCheck {
  id: string
  title: string
  status: ExerciseStatus | 'skipped'
  weight: number
  /** Why it did not pass (plain text, several lines for a value mismatch); null when it passed. */
  message: string | null
}

export interface CiExercise {
  id: string
  title: string
  chapter: number
  section: string
  /** The graded file, workspace-relative. */
  file: string
  status: ExerciseStatus
  /** In [0, 1]: the passed checks' share of the check weights. */
  score: number
  durationMs: number
  error?: string
  checks: CiCheck[]
}

/** `results.json` of `grade --ci`. */
export interface CiResults {
  version: number
  kitVersion: string
  seed: number
  lang: Lang
  exercises: CiExercise[]
  total: {
    /** Mean exercise score in [0, 1]: what --min-score compares with. */
    score: number
    /** Sum of exercise scores, out of `max` (one point per exercise). */
    points: number
    max: number
    passed: number
    failed: number
    notStarted: number
  }
}

/** Assemble results.json from the graded exercises (in book order). */
export function ciResults(s: Session, graded: { def: ExerciseDef<any>; result: ExerciseResult }[], seed: number): CiResults {
  const plain = createColors(false)
  const exercises = graded.map(({ def, result }): CiExercise => {
    const checks = result.checks.map((ch): CiCheck => {
      let message: string | null = null
      if (ch.status === 'failed') message = ch.detail ? detailLines(s, ch.detail, plain).join('\n') : (ch.message?.[s.lang] ?? s.m.status.failed)
      if (ch.status === 'not-started') message = ch.message?.[s.lang] ?? s.m.status['not-started']
      if (ch.status === 'skipped') message = ch.message?.[s.lang] ?? s.m.skipped
      return { id: ch.id, title: ch.title[s.lang], status: ch.status, weight: ch.weight, message }
    })
    const ex: CiExercise = {
      id: def.id,
      title: def.title[s.lang],
      chapter: def.chapter,
      section: def.section,
      file: def.file,
      status: result.status,
      score: result.score,
      durationMs: Math.round(result.durationMs),
      checks,
    }
    if (result.error) ex.error = result.error[s.lang]
    return ex
  })
  const points = exercises.reduce((sum, e) => sum + e.score, 0)
  const count = (st: ExerciseStatus) => exercises.filter((e) => e.status === st).length
  return {
    version: RESULTS_VERSION,
    kitVersion: s.kit.version,
    seed,
    lang: s.lang,
    exercises,
    total: {
      score: exercises.length === 0 ? 0 : round(points / exercises.length),
      points: round(points),
      max: exercises.length,
      passed: count('passed'),
      failed: count('failed'),
      notStarted: count('not-started'),
    },
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6
}
