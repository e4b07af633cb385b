// Load the learner's TypeScript module inside the grading worker and make sure it can be graded: it
// imports without error, exports what the stub exports, and is not the reference in disguise.
// tsx's loader (registered by the worker's bootstrap) strips the types; the worker is new for every
// grading, so an edited file is always read afresh.
import { pathToFileURL } from 'node:url'
import { reusedExports } from './imports.js'
import { loadFailed, missingExports } from './messages.js'
import { describeError, errorText, locate } from './run-checks.js'
import type { ExerciseDef, Text } from './types.js'

export type Loaded =
  | { ok: true; module: Record<string, unknown> }
  | { ok: false; status: 'failed' | 'not-started'; error: Text }

/**
 * An error at import time, for the learner: esbuild's syntax errors already name the file, line and
 * column; a runtime error gets the line from its stack.
 */
function loadError(error: unknown, def: ExerciseDef<any>, learnerFile: string): Loaded {
  const text = error instanceof Error ? error.message : String(error)
  const described = describeError(error, def, learnerFile)
  if (described.kind !== 'threw') return { ok: false, status: described.status, error: described.message }
  const syntax = /Transform failed|SyntaxError|ERR_MODULE_NOT_FOUND|Cannot find/.test(`${text} ${(error as { code?: string })?.code}`)
  const where = locate(error, learnerFile)
  const body = syntax ? text.trim().replace(/^Transform failed with \d+ errors?:\n?/, '') : `${errorText(error)}${where ? ` (at ${where})` : ''}`
  return { ok: false, status: 'failed', error: loadFailed(body) }
}

/** Import the learner's file and validate its exports against the reference's. */
export async function loadLearner(learnerFile: string, def: ExerciseDef<any>, reference: Record<string, unknown>): Promise<Loaded> {
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(learnerFile).href)) as Record<string, unknown>
  } catch (error) {
    return loadError(error, def, learnerFile)
  }
  const expected = Object.keys(reference)
  const missing = expected.filter((name) => module[name] === undefined)
  if (missing.length > 0) return { ok: false, status: 'failed', error: missingExports(missing, expected, Object.keys(module)) }
  const reused = reusedExports(module, reference, def.forbidden)
  if (reused) return { ok: false, status: 'failed', error: reused }
  return { ok: true, module }
}
