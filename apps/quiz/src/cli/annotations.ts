import { readFileSync } from 'node:fs'
import type { CiResults } from './ci-results.js'

/**
 * GitHub Actions workflow commands: an `::error` on the learner's file for each failed check (or a file
 * that does not load), a `::notice` for each exercise not started. `fileOf` maps an exercise's
 * workspace-relative file to the path GitHub shows (relative to the checkout), `symbolOf` the class or
 * function to point the line at.
 */
export function githubAnnotations(
  results: CiResults,
  fileOf: (file: string) => { shown: string; abs: string },
  symbolOf: (id: string) => string | undefined,
  notStarted = 'not started',
): string {
  const lines: string[] = []
  for (const ex of results.exercises) {
    const { shown, abs } = fileOf(ex.file)
    const line = lineOf(abs, symbolOf(ex.id))
    const where = `file=${prop(shown)},line=${line}`
    if (ex.status === 'not-started') {
      lines.push(`::notice ${where},title=${prop(`${ex.id}: ${notStarted}`)}::${data(`${ex.title}: ${notStarted}`)}`)
      continue
    }
    if (ex.error) lines.push(`::error ${where},title=${prop(ex.id)}::${data(ex.error)}`)
    for (const c of ex.checks) {
      if (c.status !== 'failed') continue
      lines.push(`::error ${where},title=${prop(`${ex.id} ${c.id}`)}::${data(`${c.title}: ${c.message ?? ''}`)}`)
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : ''
}

/** The 1-based line declaring `symbol` (class, function or const), else the first TODO, else 1. */
export function lineOf(path: string, symbol: string | undefined): number {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return 1
  }
  const lines = text.split('\n')
  const decl = symbol ? new RegExp(`\\b(class|function|const|let)\\s+${symbol.replace(/[^\w$]/g, '')}\\b`) : null
  const at = decl ? lines.findIndex((l) => decl.test(l)) : -1
  if (at >= 0) return at + 1
  const todo = lines.findIndex((l) => l.includes('TODO('))
  return todo >= 0 ? todo + 1 : 1
}

/** Escaping of a workflow command's message. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escaping of a workflow command's property value. */
function prop(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
