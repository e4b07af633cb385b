// The grading worker: one per grading, started by sandbox.ts after its bootstrap registered tsx and
// the resolve hook. It may be started ahead of time (kept warm): it loads the grader and a chapter's
// definitions, then waits for its one job. It loads the exercise's definition by id, the reference
// and the learner's file, runs the checks and posts each result as it finishes, so a hang in check 4
// keeps checks 1–3. It never takes a second job: the learner's code has run in it.
import { parentPort, workerData } from 'node:worker_threads'
import { loadLearner } from './load-learner.js'
import { graderFailed } from './messages.js'
import type { CheckResult } from './result.js'
import { errorText, runChecks } from './run-checks.js'
import type { ExerciseDef, Lang, Text } from './types.js'

/** The job, sent as the one message the worker waits for. */
export interface WorkerJob {
  id: string
  /** Where to look first: `curriculum/chNN/index.ts` lists the chapter's exercises (cheaper than all). */
  chapter: number
  /** A module whose default export is the definition; by default the curriculum is searched for `id`. */
  definitionUrl?: string
  learnerFile: string
  seed: number
  lang: Lang
  /** Tags every message, so results the learner's code might post are told apart. */
  token: string
}

/** What the worker reports, in order: `started`, a `check` per finished check or a `load` failure, `done`. */
export type WorkerMessage =
  | { type: 'started' }
  | { type: 'check'; index: number; result: CheckResult }
  | { type: 'load'; status: 'failed' | 'not-started'; error: Text }
  | { type: 'done' }

// Bound now: a learner who patches postMessage later cannot touch the grader's own messages.
const post = parentPort!.postMessage.bind(parentPort)

// A spare worker loads a chapter's definitions (and so the kit) while it waits: the chapter of the
// last grading, most likely the next one's. Errors are left for the job's own import to report.
const chapterIndex = (chapter: number) => `../curriculum/ch${String(chapter).padStart(2, '0')}/index.js`
const preload = (workerData as { preload?: number } | null)?.preload
if (preload !== undefined) import(chapterIndex(preload)).catch(() => undefined)

async function definition(job: WorkerJob): Promise<ExerciseDef<any>> {
  if (job.definitionUrl) return ((await import(job.definitionUrl)) as { default: ExerciseDef<any> }).default
  const chapter = await import(chapterIndex(job.chapter)).then((m: { exercises: ExerciseDef<any>[] }) => m.exercises, () => [])
  const def = chapter.find((d) => d.id === job.id) ?? (await import('../curriculum/index.js')).curriculum.find((d) => d.id === job.id)
  if (!def) throw new Error(`exercise ${job.id} is not in the curriculum`)
  return def
}

async function grade(job: WorkerJob): Promise<void> {
  const send = (message: WorkerMessage) => post({ ...message, token: job.token })
  send({ type: 'started' })
  let def: ExerciseDef<any>
  let reference: Record<string, unknown>
  try {
    def = await definition(job)
    reference = (await def.reference()) as Record<string, unknown>
  } catch (error) {
    return send({ type: 'load', status: 'failed', error: graderFailed(errorText(error)) })
  }
  const loaded = await loadLearner(job.learnerFile, def, reference)
  if (!loaded.ok) return send({ type: 'load', status: loaded.status, error: loaded.error })
  await runChecks(def, loaded.module, {
    seed: job.seed,
    lang: job.lang,
    learnerFile: job.learnerFile,
    onResult: (result, index) => send({ type: 'check', index, result }),
  })
  send({ type: 'done' })
}

// Any other error of the grader itself is an unhandled rejection: it surfaces as the worker's error event.
parentPort!.once('message', (job: WorkerJob) => void grade(job))
