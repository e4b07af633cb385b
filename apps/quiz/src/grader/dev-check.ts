// `dlfs-quiz dev check`: prove the whole curriculum sound before a learner sees it. References and
// mutants run in process (fast); the untouched stubs are graded through the real worker, so the
// sandbox is covered too (or, for the rest, imported in process when the caller can load TypeScript).
import { availableParallelism } from 'node:os'
import { curriculum as bookCurriculum } from '../curriculum/index.js'
import {
  duplicateIdProblems,
  fileProblems,
  metadataProblems,
  mutantProblems,
  orderProblems,
  orphanProblems,
  referenceProblems,
  repoRootOf,
  solutionProblems,
  stubProblems,
} from './dev-check-rules.js'
import { gradeExercise } from './runner.js'
import { exercisesDir as defaultExercisesDir, stubFile } from './status.js'
import type { ExerciseDef } from './types.js'

/** One broken rule. `exercise` is absent for rules about the whole curriculum (ids, order, orphans). */
export interface DevProblem {
  exercise?: string
  rule: 'metadata' | 'files' | 'solution' | 'reference' | 'mutants' | 'stub' | 'ids' | 'order' | 'orphans'
  message: string
}

export interface DevCheckReport {
  ok: boolean
  exercises: number
  problems: DevProblem[]
  /** How many stubs went through the worker (the rest were imported in process). */
  stubsInWorker: number
  durationMs: number
}

export interface DevCheckOptions {
  curriculum?: readonly ExerciseDef<any>[]
  exercisesDir?: string
  /**
   * Stubs graded through the worker: 'all' (default), or this many (spread over the chapters) with
   * the rest imported in process by `importStub`.
   */
  stubsInWorker?: 'all' | number
  /** Import a stub in process (a test runner or tsx can load TypeScript): `(file) => import(file)`. */
  importStub?: (file: string) => Promise<Record<string, unknown>>
  /** Worker gradings run side by side (default: the number of cores). */
  concurrency?: number
}

/** Run `fn` over `items`, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane))
}

/** Which exercises get their stub graded through the worker: `n` of them, one chapter after another. */
export function pickForWorker(defs: readonly ExerciseDef<any>[], n: number): Set<string> {
  const byChapter = new Map<number, string[]>()
  for (const d of defs) byChapter.set(d.chapter, [...(byChapter.get(d.chapter) ?? []), d.id])
  const picked = new Set<string>()
  for (let round = 0; picked.size < Math.min(n, defs.length); round++) {
    for (const ids of byChapter.values()) if (ids[round] && picked.size < n) picked.add(ids[round]!)
  }
  return picked
}

/** Check the whole curriculum; never throws (an exception in a rule is reported as a problem). */
export async function devCheck(options: DevCheckOptions = {}): Promise<DevCheckReport> {
  const started = performance.now()
  const defs = options.curriculum ?? bookCurriculum
  const dir = options.exercisesDir ?? defaultExercisesDir()
  const repoRoot = repoRootOf(dir)
  const problems: DevProblem[] = []
  const add = (rule: DevProblem['rule'], messages: string[], exercise?: string) =>
    messages.forEach((message) => problems.push({ ...(exercise ? { exercise } : {}), rule, message }))
  const guarded = async (rule: DevProblem['rule'], exercise: string | undefined, fn: () => string[] | Promise<string[]>) => {
    try {
      add(rule, await fn(), exercise)
    } catch (error) {
      add(rule, [`the rule threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`], exercise)
    }
  }

  await guarded('ids', undefined, () => duplicateIdProblems(defs))
  await guarded('order', undefined, () => orderProblems(defs))
  await guarded('orphans', undefined, () => orphanProblems(defs, dir))
  for (const def of defs) {
    await guarded('metadata', def.id, () => metadataProblems(def))
    await guarded('files', def.id, () => fileProblems(def, dir))
    await guarded('solution', def.id, () => solutionProblems(def, repoRoot))
    await guarded('reference', def.id, () => referenceProblems(def))
    await guarded('mutants', def.id, () => mutantProblems(def))
  }

  const wanted = options.stubsInWorker ?? 'all'
  const inWorker = wanted === 'all' || !options.importStub ? new Set(defs.map((d) => d.id)) : pickForWorker(defs, wanted)
  await pool(
    defs.filter((d) => inWorker.has(d.id)),
    options.concurrency ?? availableParallelism(),
    (def) => guarded('stub', def.id, async () => stubProblems(def, { result: await gradeExercise(def, stubFile(def), { timeoutMs: 30_000 }) })),
  )
  for (const def of defs.filter((d) => !inWorker.has(d.id))) {
    await guarded('stub', def.id, async () => stubProblems(def, { mod: await options.importStub!(stubFile(def)) }))
  }
  return { ok: problems.length === 0, exercises: defs.length, problems, stubsInWorker: inWorker.size, durationMs: Math.round(performance.now() - started) }
}

/** The report as text for a terminal: one line per problem, grouped by exercise, then a summary. */
export function formatDevCheck(report: DevCheckReport): string {
  const lines: string[] = []
  const groups = new Map<string, DevProblem[]>()
  for (const p of report.problems) groups.set(p.exercise ?? '(curriculum)', [...(groups.get(p.exercise ?? '(curriculum)') ?? []), p])
  for (const [where, list] of groups) {
    lines.push(`✗ ${where}`)
    for (const p of list) lines.push(`    [${p.rule}] ${p.message}`)
  }
  const seconds = (report.durationMs / 1000).toFixed(1)
  const n = report.problems.length
  lines.push(
    report.ok
      ? `dev check: ${report.exercises} exercises, all rules hold (${report.stubsInWorker} stubs graded in the worker, ${seconds} s)`
      : `dev check: ${report.exercises} exercises, ${n} problem${n === 1 ? '' : 's'} (${seconds} s)`,
  )
  return lines.join('\n')
}
