// Finds every module a TypeScript source imports, with the names it takes, without running it: static
// `import`/`export … from`, `import('…')`, `require('…')` and TS's `import x = require('…')`. A small
// tokenizer skips comments, strings, template literals and regular expressions, so an import written
// in a comment or a string is not mistaken for one. Type-only imports are left out: they vanish at run
// time. A computed `import(name)` is reported with specifier null; the worker's resolve hook is what
// stops those.

/** One import found in the source. `names` is '*' when the whole module is taken (namespace, dynamic, require). */
export interface ImportRef {
  kind: 'import' | 'export' | 'dynamic' | 'require'
  /** The module specifier, or null when it is computed at run time (`import('@dlfs/lay' + 'ers')`). */
  specifier: string | null
  /** Imported names ('default' for a default import); [] for a side-effect `import 'm'`. */
  names: string[] | '*'
  line: number
}

interface Token {
  kind: 'word' | 'string' | 'template' | 'number' | 'regex' | 'punct'
  value: string
  line: number
}

// After these words a '/' starts a regular expression, not a division.
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await'])
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF' || c === '\u00A0'
const isWordStart = (c: string) => /[A-Za-z_$]/.test(c) || c.charCodeAt(0) > 127
const isWordPart = (c: string) => /[\w$]/.test(c) || c.charCodeAt(0) > 127

function regexAllowed(prev: Token | undefined): boolean {
  if (!prev) return true
  if (prev.kind === 'word') return REGEX_AFTER_WORD.has(prev.value)
  if (prev.kind !== 'punct') return false
  return prev.value !== ')' && prev.value !== ']'
}

/** Split a source into tokens. Comments and whitespace are dropped; line numbers are kept. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = []
  const braces: ('{' | '${')[] = [] // open `{` and template `${`, so a `}` knows what it closes
  let i = 0
  let line = 1
  const push = (kind: Token['kind'], value: string, at = line) => tokens.push({ kind, value, line: at })

  // Read template characters from i up to the closing backtick or the next `${`.
  const template = (head: boolean) => {
    const at = line
    let text = ''
    while (i < src.length) {
      const c = src[i]!
      if (c === '\\') [text, i] = [text + src.slice(i, i + 2), i + 2]
      else if (c === '`') {
        i++
        return push(head ? 'string' : 'template', text, at) // a template without `${` is a plain string
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2
        braces.push('${')
        return push('template', text, at)
      } else {
        if (c === '\n') line++
        text += c
        i++
      }
    }
    push('template', text, at)
  }

  while (i < src.length) {
    const c = src[i]!
    const next = src[i + 1]
    if (c === '\n') [line, i] = [line + 1, i + 1]
    else if (isSpace(c)) i++
    else if (c === '/' && next === '/') while (i < src.length && src[i] !== '\n') i++
    else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2)
      const stop = end < 0 ? src.length : end + 2
      for (let k = i; k < stop; k++) if (src[k] === '\n') line++
      i = stop
    } else if (c === '"' || c === "'") {
      let text = ''
      i++
      while (i < src.length && src[i] !== c && src[i] !== '\n') [text, i] = src[i] === '\\' ? [text + src.slice(i, i + 2), i + 2] : [text + src[i], i + 1]
      i++
      push('string', text)
    } else if (c === '`') {
      i++
      template(true)
    } else if (c === '}' && braces.at(-1) === '${') {
      braces.pop()
      i++
      template(false)
    } else if (c === '/' && regexAllowed(tokens.at(-1))) {
      // A regex cannot span lines: reaching a newline means this '/' was a division after all.
      let k = i + 1
      let inClass = false
      while (k < src.length && src[k] !== '\n' && (inClass || src[k] !== '/')) {
        if (src[k] === '\\') k++
        else if (src[k] === '[') inClass = true
        else if (src[k] === ']') inClass = false
        k++
      }
      if (src[k] === '/') {
        k++
        while (k < src.length && isWordPart(src[k]!)) k++
        push('regex', src.slice(i, k))
        i = k
      } else {
        push('punct', '/')
        i++
      }
    } else if (isWordStart(c)) {
      let k = i + 1
      while (k < src.length && isWordPart(src[k]!)) k++
      push('word', src.slice(i, k))
      i = k
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(next ?? ''))) {
      let k = i + 1
      while (k < src.length && /[\w.]/.test(src[k]!)) k++
      push('number', src.slice(i, k))
      i = k
    } else {
      const three = src.slice(i, i + 3)
      const op = three === '...' ? three : c === '?' && next === '.' && !/\d/.test(src[i + 2] ?? '') ? '?.' : c
      if (op === '{') braces.push('{')
      if (op === '}') braces.pop()
      push('punct', op)
      i += op.length
    }
  }
  return tokens
}

/** Read `{ a, b as c, type d, 'e' as f }` from tokens[k] = '{'; returns the first names and the index after '}'. */
function readBraces(tokens: Token[], k: number): { names: string[]; end: number } {
  const names: string[] = []
  let j = k + 1
  while (j < tokens.length && tokens[j]!.value !== '}') {
    const tok = tokens[j]!
    const after = tokens[j + 1]?.value
    const typeOnly = tok.value === 'type' && tok.kind === 'word' && after !== ',' && after !== '}' && after !== 'as'
    if (typeOnly) j++
    else if (tok.kind === 'word' || tok.kind === 'string') names.push(tok.value)
    // skip to the next item
    while (j < tokens.length && tokens[j]!.value !== ',' && tokens[j]!.value !== '}') j++
    if (tokens[j]?.value === ',') j++
  }
  return { names, end: j + 1 }
}

/** `import … from 'm'`, `import 'm'`, `import('m')`, `import x = require('m')` at tokens[k] = 'import'. */
function readImport(tokens: Token[], k: number): ImportRef | null {
  const line = tokens[k]!.line
  const next = tokens[k + 1]
  if (!next || next.value === '.') return null // import.meta
  if (next.value === '(') {
    const arg = tokens[k + 2]
    const literal = arg?.kind === 'string' && (tokens[k + 3]?.value === ')' || tokens[k + 3]?.value === ',')
    return { kind: 'dynamic', specifier: literal ? arg.value : null, names: '*', line }
  }
  if (next.kind === 'string') return { kind: 'import', specifier: next.value, names: [], line }
  const third = tokens[k + 2]
  if (next.value === 'type' && third && (third.value === '{' || third.value === '*' || (third.kind === 'word' && third.value !== 'from'))) return null
  const names: string[] = []
  let whole = false
  let j = k + 1
  while (j < tokens.length) {
    const tok = tokens[j]!
    if (tok.value === 'from' && tokens[j + 1]?.kind === 'string') {
      return { kind: 'import', specifier: tokens[j + 1]!.value, names: whole ? '*' : names, line }
    } else if (tok.value === '{') {
      const read = readBraces(tokens, j)
      names.push(...read.names)
      j = read.end
    } else if (tok.value === '*') {
      whole = true // * as ns
      j += 3
    } else if (tok.value === ',') j++
    else if (tok.kind === 'word' && tokens[j + 1]?.value === '=') {
      // TS: import x = require('m')
      const req = tokens[j + 2]?.value === 'require' && tokens[j + 3]?.value === '(' && tokens[j + 4]?.kind === 'string'
      return req ? { kind: 'require', specifier: tokens[j + 4]!.value, names: '*', line } : null
    } else if (tok.kind === 'word') {
      names.push('default')
      j++
    } else return null
  }
  return null
}

/** `export * from 'm'`, `export * as ns from 'm'`, `export { a, b as c } from 'm'` at tokens[k] = 'export'. */
function readExportFrom(tokens: Token[], k: number): ImportRef | null {
  const line = tokens[k]!.line
  const next = tokens[k + 1]?.value
  let names: string[] | '*'
  let j: number
  if (next === '*') [names, j] = ['*', tokens[k + 2]?.value === 'as' ? k + 4 : k + 2]
  else if (next === '{') ({ names, end: j } = readBraces(tokens, k + 1))
  else return null
  const from = tokens[j + 1]
  return tokens[j]?.value === 'from' && from?.kind === 'string' ? { kind: 'export', specifier: from.value, names, line } : null
}

/** Every import of a TypeScript (or JavaScript) source, in source order. */
export function scanImports(source: string): ImportRef[] {
  const tokens = tokenize(source)
  const found: ImportRef[] = []
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k]!
    const prev = tokens[k - 1]?.value
    if (tok.kind !== 'word' || prev === '.' || prev === '?.') continue
    let ref: ImportRef | null = null
    if (tok.value === 'import') ref = readImport(tokens, k)
    else if (tok.value === 'export') ref = readExportFrom(tokens, k)
    else if (tok.value === 'require' && tokens[k + 1]?.value === '(' && tokens[k - 3]?.value !== 'import') {
      const arg = tokens[k + 2]
      const literal = arg?.kind === 'string' && tokens[k + 3]?.value === ')'
      ref = { kind: 'require', specifier: literal ? arg.value : null, names: '*', line: tok.line }
    }
    if (ref) found.push(ref)
  }
  return found
}
