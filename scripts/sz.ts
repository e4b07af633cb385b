// Line budgets (STYLE.md §1), after tinygrad's sz.py. Counts the non-blank, non-comment lines of the
// TypeScript under each workspace package's src/ folder (tests excluded), prints a table per package
// and file, and exits 1 when a budget is exceeded.
//
//   pnpm sz            the table for this repository
//   pnpm sz <root>     the same for another checkout
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { workspacePackages } from './workspace.mjs'

/** The budgets, in counted lines. */
export const BUDGETS = {
  file: 300, // any source file; past that, split it into a folder (index.ts + types.ts)
  layerFile: 120, // a file directly in packages/layers/src: one layer, forward and backward
  matrixTotal: 2000, // all of packages/matrix/src: the core stays small
} as const

/** One counted source file. `pkg` is the package folder ('packages/matrix'), `file` is relative to it. */
export interface SourceCount {
  pkg: string
  name: string
  file: string
  lines: number
}

/** A budget that a file or a package total goes over. */
export interface Overrun {
  where: string
  lines: number
  limit: number
  rule: string
}

type Mode = 'code' | 'line-comment' | 'block-comment' | 'string' | 'template' | 'regex'

// Keywords after which a '/' starts a regular expression rather than a division.
const REGEX_AFTER_WORD = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else',
  'yield', 'await',
])
const IDENT = /[\w$]/

/**
 * Counts the lines of TypeScript text that hold code: a line counts when it has a non-blank character
 * outside `//` and block comments (JSDoc included). A small scanner, not a regex, so that comment
 * markers inside strings, template literals (with nested `${}`) and regex literals are not mistaken
 * for comments.
 */
export function countCodeLines(text: string): number {
  return codeLineNumbers(text).length
}

/** The 1-based numbers of the lines that `countCodeLines` counts (to see why a line counts or not). */
export function codeLineNumbers(text: string): number[] {
  const counted: number[] = []
  let line = 1
  let hasCode = false // the current line has a non-blank character outside comments
  let mode: Mode = 'code'
  let quote = '' // the quote that closes the current string
  let inClass = false // inside [...] of a regex literal, where '/' does not close it
  let last = '' // last non-blank code character, to tell a regex literal from a division
  let word = '' // the identifier that ends at `last`, if any
  let gap = false // blank or comment since `last`: the next identifier starts a new word
  let depth = 0 // open braces in the current code frame
  const frames: number[] = [] // `depth` of each enclosing code frame around a `${`
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    const next = text[i + 1] ?? ''
    if (c === '\n') {
      if (hasCode) counted.push(line)
      line++
      hasCode = false
      if (mode === 'line-comment') mode = 'code'
      continue
    }
    if (mode === 'line-comment') continue
    if (mode === 'block-comment') {
      if (c === '*' && next === '/') { mode = 'code'; i++ }
      continue
    }
    if (/\s/.test(c)) { gap = true; continue }
    if (mode === 'code' && c === '/' && (next === '/' || next === '*')) {
      mode = next === '/' ? 'line-comment' : 'block-comment'
      gap = true
      i++
      continue
    }
    hasCode = true
    if (mode === 'string' || mode === 'template' || mode === 'regex') {
      if (c === '\\') { if (next !== '\n') i++; continue } // an escape; a line continuation still ends the line
      if (mode === 'string' && c === quote) { mode = 'code'; last = '"'; word = '' }
      if (mode === 'template' && c === '`') { mode = 'code'; last = '`'; word = '' }
      if (mode === 'template' && c === '$' && next === '{') { frames.push(depth); depth = 0; mode = 'code'; i++ }
      if (mode === 'regex') {
        if (c === '[') inClass = true
        else if (c === ']') inClass = false
        else if (c === '/' && !inClass) { mode = 'code'; last = ')'; word = '' } // flags read as an identifier
      }
      continue
    }
    // mode === 'code'
    if (c === '"' || c === "'") { mode = 'string'; quote = c; continue }
    if (c === '`') { mode = 'template'; continue }
    if (c === '/' && regexMayStart(last, word)) { mode = 'regex'; inClass = false; continue }
    if (c === '{') depth++
    if (c === '}') {
      if (depth === 0 && frames.length > 0) { depth = frames.pop() as number; mode = 'template'; continue }
      depth--
    }
    // TypeScript's postfix non-null `x!` still ends an operand: a '/' after it divides.
    const nonNull = c === '!' && next !== '=' && !gap && (IDENT.test(last) || last === ')' || last === ']')
    word = IDENT.test(c) ? (IDENT.test(last) && !gap ? word + c : c) : ''
    last = nonNull ? ')' : c
    gap = false
  }
  if (hasCode) counted.push(line) // a last line without a newline
  return counted
}

// After an operand (identifier, number, ')' or ']', a closed string) '/' divides; elsewhere it opens a regex.
function regexMayStart(last: string, word: string): boolean {
  if (last === '') return true
  if (IDENT.test(last)) return REGEX_AFTER_WORD.has(word)
  return !(last === ')' || last === ']' || last === '"' || last === '`')
}

/** True for the files that sz counts: TypeScript sources, not tests (`*.test.ts`, `*.test-d.ts`). */
export function isCountedSource(path: string): boolean {
  return path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.test-d.ts')
}

/** Counts every source file under `src/` of each workspace package (packages/*, apps/*). */
export function countWorkspace(root: string): SourceCount[] {
  const counts: SourceCount[] = []
  for (const pkg of workspacePackages(root)) {
    const src = join(root, pkg.dir, 'src')
    if (!existsSync(src)) continue
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .map((f) => f.split('\\').join('/'))
      .filter((f) => isCountedSource(f) && !f.split('/').includes('node_modules'))
      .sort()
    for (const f of files) {
      const lines = countCodeLines(readFileSync(join(src, f), 'utf8'))
      counts.push({ pkg: pkg.dir, name: pkg.name, file: `src/${f}`, lines })
    }
  }
  return counts
}

/** The budgets that `counts` exceed: per file (≤ 300; a layer file ≤ 120) and the matrix total (≤ 2,000). */
export function checkBudgets(counts: readonly SourceCount[]): Overrun[] {
  const overruns: Overrun[] = []
  for (const c of counts) {
    const isLayer = c.pkg === 'packages/layers' && /^src\/[^/]+\.ts$/.test(c.file)
    const limit = isLayer ? BUDGETS.layerFile : BUDGETS.file
    const rule = isLayer ? 'a layer file (packages/layers/src/*.ts)' : 'any source file'
    if (c.lines > limit) overruns.push({ where: `${c.pkg}/${c.file}`, lines: c.lines, limit, rule })
  }
  const matrix = counts.filter((c) => c.pkg === 'packages/matrix').reduce((sum, c) => sum + c.lines, 0)
  if (matrix > BUDGETS.matrixTotal) {
    overruns.push({ where: 'packages/matrix/src', lines: matrix, limit: BUDGETS.matrixTotal, rule: 'the matrix core in all' })
  }
  return overruns
}

/** The report printed by `pnpm sz`: one table per package, then the budget verdict. */
export function formatReport(counts: readonly SourceCount[], overruns: readonly Overrun[]): string {
  const out: string[] = []
  const over = new Set(overruns.map((o) => o.where))
  const pkgs = [...new Set(counts.map((c) => c.pkg))]
  for (const pkg of pkgs) {
    const rows = counts.filter((c) => c.pkg === pkg)
    const total = rows.reduce((sum, c) => sum + c.lines, 0)
    out.push(`${rows[0]?.name} (${pkg})`)
    for (const r of rows) out.push(`  ${String(r.lines).padStart(5)}  ${r.file}${over.has(`${pkg}/${r.file}`) ? '  <-- over budget' : ''}`)
    const budget = pkg === 'packages/matrix' ? ` (budget ${BUDGETS.matrixTotal})` : ''
    out.push(`  ${String(total).padStart(5)}  total in ${rows.length} file${rows.length === 1 ? '' : 's'}${budget}`, '')
  }
  const all = counts.reduce((sum, c) => sum + c.lines, 0)
  out.push(`${all} lines in ${counts.length} files of ${pkgs.length} package${pkgs.length === 1 ? '' : 's'}`)
  out.push(`budgets: any file <= ${BUDGETS.file}, a layer file <= ${BUDGETS.layerFile}, packages/matrix/src <= ${BUDGETS.matrixTotal}`)
  if (overruns.length === 0) out.push('sz: all within budget')
  for (const o of overruns) out.push(`sz: over budget: ${o.where} has ${o.lines} lines; ${o.rule} may have ${o.limit}`)
  return out.join('\n')
}

function main(): void {
  const root = resolve(process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..'))
  const counts = countWorkspace(root)
  const overruns = checkBudgets(counts)
  console.log(formatReport(counts, overruns))
  process.exitCode = overruns.length > 0 ? 1 : 0
}

// Run only as a script (`tsx scripts/sz.ts`), not when a test imports this file.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
