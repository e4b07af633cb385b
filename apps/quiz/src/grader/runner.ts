// gradeExercise: grade one learner file against one exercise. Before anything runs, the file must exist
// and pass the forbidden-import scan; then the sandbox's worker loads it and runs the checks. Every
// way of going wrong ends as a failed result with a sentence for the learner, never as a throw.
import { readFile, realpath } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { curriculum } from '../curriculum/index.js'
import { checkImports } from './imports.js'
import { fileNotFound, notRun } from './messages.js'
import type { CheckResult, ExerciseResult } from './result.js'
import { closeSandbox, runSandbox } from './sandbox.js'
import { summarise } from './score.js'
import type { ExerciseDef, Lang, Text } from './types.js'

export interface GradeOptions {
  /** Decides every random input; the same seed gives the same result. */
  seed?: number
  lang?: Lang
  /** Wall-clock limit of the whole grading, worker start included (default 20 s). */
  timeoutMs?: number
  /** Heap limit of the worker; the process's memory is watched too (default 512 MB). */
  memoryMb?: number
  /** Called as each check finishes (watch mode shows them one by one). */
  onCheck?: (result: CheckResult, index: number) => void
  /**
   * Start a spare worker when this grading ends, so the next one starts in about 0.1 s instead of
   * 0.5–1 s (default true; watch mode and `check` of all benefit, a one-shot command need not).
   */
  keepWarm?: boolean
  /** Stops the grading (the promise rejects with the signal's reason). */
  signal?: AbortSignal
  /** A module whose default export is `def`, for definitions outside the curriculum. */
  definitionUrl?: string
}

/** End the spare worker kept warm for the next grading (exiting the process ends it too). */
export const closeGrader = closeSandbox

/** The exercise of an id; throws for an unknown id (a programming error of the caller). */
export function findExercise(id: string): ExerciseDef<any> {
  const def = curriculum.find((d) => d.id === id)
  if (!def) throw new Error(`unknown exercise id '${id}'; known ids: ${curriculum.map((d) => d.id).join(', ')}`)
  return def
}

/** Every check of `def` with one status and message (not run, not started, or failed for one reason). */
function allChecks(def: ExerciseDef<any>, status: CheckResult['status'], message: Text): CheckResult[] {
  return def.checks.map((c) => ({ id: c.id, title: c.title, weight: c.weight, status, message }))
}

/**
 * Grade `learnerFile` against an exercise (a definition or its id).
 * @example
 *   const result = await gradeExercise('5.6.2-affine', 'exercises/05-backprop/04-affine/affine.ts')
 *   result.status // 'passed' | 'failed' | 'not-started'
 */
export async function gradeExercise(exercise: ExerciseDef<any> | string, learnerFile: string, options: GradeOptions = {}): Promise<ExerciseResult> {
  const started = performance.now()
  const def = typeof exercise === 'string' ? findExercise(exercise) : exercise
  let file = resolve(learnerFile)
  const elapsed = () => Math.round(performance.now() - started)
  // The file could not be graded as a whole: no check ran.
  const fail = (error: Text) => summarise(def.id, allChecks(def, 'skipped', notRun(error)), elapsed(), error)

  let source: string
  try {
    file = await realpath(file) // as the module loader names it: stack frames and the resolve hook compare paths
    source = await readFile(file, 'utf8')
  } catch {
    return fail(fileNotFound(file))
  }
  const { violations, approved } = checkImports(source, def.forbidden)
  if (violations.length > 0) return fail(violations[0]!.message)

  const parent = pathToFileURL(file).href
  const outcome = await runSandbox(
    {
      id: def.id,
      chapter: def.chapter,
      learnerFile: file,
      seed: options.seed ?? 0,
      lang: options.lang ?? 'en',
      ...(options.definitionUrl ? { definitionUrl: options.definitionUrl } : {}),
    },
    {
      forbidden: def.forbidden.map((r) => r.specifier),
      approved: approved.map((specifier) => ({ parent, specifier })),
      trusted: options.definitionUrl ? [options.definitionUrl] : [],
    },
    {
      timeoutMs: options.timeoutMs ?? 20_000,
      memoryMb: options.memoryMb ?? 512,
      keepWarm: options.keepWarm ?? true,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onCheck ? { onCheck: options.onCheck } : {}),
    },
  )
  if (outcome.load) {
    if (outcome.load.status === 'not-started') return summarise(def.id, allChecks(def, 'not-started', outcome.load.error), elapsed())
    return fail(outcome.load.error)
  }
  // Checks the worker did not finish share the reason it stopped (time-out, out of memory, crash).
  const fatal = outcome.fatal
  const checks = def.checks.map(
    (c, i): CheckResult => outcome.results[i] ?? { id: c.id, title: c.title, weight: c.weight, status: 'failed', ...(fatal ? { message: fatal } : {}) },
  )
  const result = summarise(def.id, checks, elapsed(), fatal)
  if (outcome.output) result.output = outcome.output
  return result
}
