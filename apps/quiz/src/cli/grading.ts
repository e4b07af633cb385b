import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import type { ExerciseDef } from '../grader/types.js'
import { en } from '../i18n/en.js'
import { ja } from '../i18n/ja.js'
import type { ParsedArgs } from './args.js'
import { QuizError } from './errors.js'
import type { ExerciseResult, GradeOptions, Grader } from './grader-api.js'
import { learnerFile, rel, templateFile, type Session } from './session.js'
import type { Workspace } from './workspace.js'

/** The grading seed when --seed is not given: results repeat from run to run. */
export const DEFAULT_SEED = 0

/** `--seed` and `--timeout` (ms) as grade options, validated. */
export function gradeOptions(s: Session, values: ParsedArgs['values']): GradeOptions {
  const opts: GradeOptions = { lang: s.lang, seed: DEFAULT_SEED }
  if (values.seed !== undefined) opts.seed = numberFlag(s, 'seed', values.seed, { integer: true, min: 0 })
  if (values.timeout !== undefined) opts.timeoutMs = numberFlag(s, 'timeout', values.timeout, { integer: true, min: 1 })
  return opts
}

/** A numeric flag, or a QuizError saying what is expected. */
export function numberFlag(s: Session, name: string, value: string, rule: { integer?: boolean; min?: number; max?: number }): number {
  const n = Number(value)
  const ok =
    value.trim() !== '' && Number.isFinite(n) && (!rule.integer || Number.isInteger(n)) && n >= (rule.min ?? -Infinity) && n <= (rule.max ?? Infinity)
  if (!ok) throw new QuizError('USAGE', s.m.badNumber(name, value, rule))
  return n
}

/**
 * Grade the learner's copy of `def`. The engine already turns the learner's crashes and time-outs into
 * failed results; anything it throws anyway is reported the same way, so one exercise never stops `check`.
 */
export async function gradeOne(s: Session, grader: Grader, ws: Workspace, def: ExerciseDef<any>, opts: GradeOptions): Promise<ExerciseResult> {
  const file = learnerFile(ws, def)
  if (!existsSync(file)) throw new QuizError('MISSING_FILE', s.m.missingFile(rel(s, file), s.bin, def.id))
  const started = Date.now()
  if (isPristine(s, def, file)) return pristineResult(def)
  try {
    return await grader.gradeExercise(def, file, opts)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    return { id: def.id, status: 'failed', score: 0, checks: [], durationMs: Date.now() - started, error: { en: en.graderCrashed(message), ja: ja.graderCrashed(message) } }
  }
}

/** True when the learner's file is still byte for byte the shipped stub. */
function isPristine(s: Session, def: ExerciseDef<any>, file: string): boolean {
  try {
    return readFileSync(file, 'utf8') === readFileSync(templateFile(s, def), 'utf8')
  } catch {
    return false
  }
}

/**
 * The grade of an untouched stub, without starting a worker: `dev check` proves that every shipped stub
 * grades as "not started", so `check` of all costs only the exercises the learner has touched.
 */
function pristineResult(def: ExerciseDef<any>): ExerciseResult {
  const message = { en: en.pristine(def.id), ja: ja.pristine(def.id) }
  const checks = def.checks.map((c) => ({ id: c.id, title: c.title, weight: c.weight, status: 'not-started' as const, message }))
  return { id: def.id, status: 'not-started', score: 0, checks, durationMs: 0 }
}

/** The engine, or a QuizError saying the kit is incomplete. */
export async function getGrader(s: Session): Promise<Grader> {
  try {
    return await s.grader()
  } catch (e) {
    throw new QuizError('GRADER_UNAVAILABLE', s.m.graderUnavailable(e instanceof Error ? e.message : String(e)))
  }
}

/**
 * Grade `defs` (each in its own worker), as many at a time as there are cores (at most 4), calling
 * `onResult` in book order as soon as each result and all before it are in. Resolves with the results.
 */
export async function gradeMany(
  s: Session,
  grader: Grader,
  ws: Workspace,
  defs: readonly ExerciseDef<any>[],
  opts: GradeOptions,
  onResult: (def: ExerciseDef<any>, result: ExerciseResult) => void,
): Promise<ExerciseResult[]> {
  const results: (ExerciseResult | undefined)[] = new Array(defs.length)
  let next = 0
  let reported = 0
  const lane = async () => {
    while (next < defs.length) {
      const i = next++
      results[i] = await gradeOne(s, grader, ws, defs[i]!, opts)
      for (; reported < defs.length && results[reported]; reported++) onResult(defs[reported]!, results[reported]!)
    }
  }
  const lanes = Math.max(1, Math.min(4, availableParallelism(), defs.length))
  await Promise.all(Array.from({ length: lanes }, lane))
  return results as ExerciseResult[]
}
