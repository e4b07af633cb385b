import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { ExerciseDef, Lang } from '../grader/types.js'
import type { Colors } from './color.js'

/**
 * The statement of an exercise in one language: the part of its README.md between `<!-- lang:xx -->`
 * and the next marker (a README without markers is shown whole). Read from the shipped templates, so an
 * upgrade's corrected statement shows even though the learner's copy of README.md is never overwritten.
 * Null when the README is missing.
 */
export function readStatement(templatesDir: string, def: ExerciseDef<any>, lang: Lang): string | null {
  let text: string
  try {
    text = readFileSync(join(templatesDir, dirname(def.file), 'README.md'), 'utf8')
  } catch {
    return null
  }
  return statementSection(text, lang)
}

/** The `lang` section of a README; everything after the title when there are no markers. */
export function statementSection(text: string, lang: Lang): string {
  const marker = /<!--\s*lang:(ja|en)\s*-->/g
  const parts: { lang: string; start: number; end: number }[] = []
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (parts.length > 0) parts[parts.length - 1]!.end = m.index
    parts.push({ lang: m[1]!, start: m.index + m[0].length, end: text.length })
  }
  const part = parts.find((p) => p.lang === lang) ?? parts[0]
  if (part) return text.slice(part.start, part.end).trim()
  return text.replace(/^#[^\n]*\n/, '').trim()
}

/**
 * A README section for the terminal: the leading "**Book §x.y**" line is dropped (the section is shown
 * above it), **bold** becomes bold and `code` cyan when colours are on (the backticks stay otherwise).
 */
export function forTerminal(text: string, c: Colors): string {
  const body = text.replace(/^\*\*[^*\n]*§[^*\n]*\*\*\s*\n+/, '')
  return body.replace(/\*\*([^*\n]+)\*\*/g, (_, t: string) => c.bold(t)).replace(/`([^`\n]+)`/g, (m, t: string) => (c.enabled ? c.cyan(t) : m))
}
