// Run an exercise's checks on a module and turn each outcome into a CheckResult. The worker runs the
// learner's module through here; `dev check` runs references and mutants through the same code in
// process, so the kit's own tests and the learner's grading can never disagree.
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createContext } from './context.js'
import { forbiddenImport, notStarted, stackOverflow, threw } from './messages.js'
import { FORBIDDEN_MARK } from './resolve-hook.js'
import type { CheckResult } from './result.js'
import { isNotImplemented } from './score.js'
import { CheckFailure, type Check, type ExerciseDef, type Lang, type Text } from './types.js'

export interface RunOptions {
  seed: number
  lang: Lang
  /** The learner's file, to point an exception at its line. */
  learnerFile?: string
  onStart?: (index: number) => void
  onResult?: (result: CheckResult, index: number) => void
}

/** `file.ts:12:5` of the first stack frame in the learner's file, or null. */
export function locate(error: unknown, learnerFile: string | undefined): string | null {
  if (!learnerFile || !(error instanceof Error) || !error.stack) return null
  for (const frame of error.stack.split('\n').slice(1)) {
    const m = /((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?$/.exec(frame.trim())
    if (!m) continue
    const file = m[1]!.startsWith('file:') ? fileURLToPath(m[1]!.split('?')[0]!) : m[1]!
    if (file === learnerFile) return `${basename(file)}:${m[2]}:${m[3]}`
  }
  return null
}

/** The first line of an error, as `TypeError: …`. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0]}`
  return `a thrown value ${String(error)}`
}

/** An exception, classified. */
export interface DescribedError {
  kind: 'todo' | 'forbidden' | 'threw'
  status: 'failed' | 'not-started'
  message: Text
}

/**
 * What an exception means for a check: the stub's TODO (not started), a refused forbidden import, or
 * an exception of the learner's code (with its line when the stack shows it).
 */
export function describeError(error: unknown, def: ExerciseDef<any>, learnerFile?: string): DescribedError {
  const text = error instanceof Error ? error.message : String(error)
  if (isNotImplemented(text, def.id)) return { kind: 'todo', status: 'not-started', message: notStarted(def.id) }
  const mark = text.indexOf(FORBIDDEN_MARK)
  if (mark >= 0) {
    const specifier = text.slice(mark + FORBIDDEN_MARK.length, text.indexOf(']', mark))
    const rule = def.forbidden.find((r) => r.specifier === specifier)
    return { kind: 'forbidden', status: 'failed', message: forbiddenImport(specifier, rule?.names, null) }
  }
  const message = threw(errorText(error), locate(error, learnerFile))
  if (error instanceof RangeError && /call stack/i.test(text)) {
    return { kind: 'threw', status: 'failed', message: { en: `${message.en}: ${stackOverflow.en}`, ja: `${message.ja}。${stackOverflow.ja}` } }
  }
  return { kind: 'threw', status: 'failed', message }
}

/** Run one check. Never throws: every outcome becomes a result. */
export async function runCheck<M>(def: ExerciseDef<M>, check: Check<M>, mod: M, options: RunOptions): Promise<CheckResult> {
  const base = { id: check.id, title: check.title, weight: check.weight }
  try {
    await check.run(mod, createContext(options.seed, options.lang))
    return { ...base, status: 'passed' }
  } catch (error) {
    if (error instanceof CheckFailure) return { ...base, status: 'failed', detail: error.detail }
    const { status, message } = describeError(error, def as ExerciseDef<any>, options.learnerFile)
    return { ...base, status, message }
  }
}

/** Run every check in order, reporting each as it starts and as it finishes. */
export async function runChecks<M>(def: ExerciseDef<M>, mod: M, options: RunOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  for (const [index, check] of def.checks.entries()) {
    options.onStart?.(index)
    const result = await runCheck(def, check, mod, options)
    results.push(result)
    options.onResult?.(result, index)
    // Let timers the learner's code scheduled fire now, so what they do is charged to this check.
    await new Promise((resolve) => setImmediate(resolve))
  }
  return results
}
