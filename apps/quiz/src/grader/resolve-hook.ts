// Module resolve hook of the grading worker (registered with node:module `register`, after tsx's).
// It does two things:
//   - in the repo, adds the `@dlfs/source` export condition, so workspace packages load from src/
//     (when the grader runs from dist, the packages are installed and resolve to their dist/);
//   - refuses the exercise's forbidden modules to learner code, unless the source scan approved that
//     exact import. The error carries a marker the worker turns into the bilingual message.
import { readFileSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import type { ResolveHook } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { MessagePort } from 'node:worker_threads'

/** The rules of one grading, sent by the main thread through the hook's port before the learner's file loads. */
export interface HookData {
  /** Package specifiers the learner may not reach: '@dlfs/layers'. */
  forbidden: string[]
  /** Imports the source scan allowed: the learner file's URL and the specifier as written. */
  approved: { parent: string; specifier: string }[]
  /** Grader modules outside src/ and dist/ (a definition given by URL, as tests do): never learner code. */
  trusted?: string[]
}

/** What `register` passes: the port the rules arrive on, and whether to add the `@dlfs/source` condition. */
export interface HookInit {
  port: MessagePort
  /** The grader itself runs from TypeScript sources (the repo), so the kit's packages load from src/. */
  sourceConditions: boolean
}

/** The marker of a refused import in the error message: `[dlfs:forbidden:@dlfs/layers]`. */
export const FORBIDDEN_MARK = '[dlfs:forbidden:'

let data: HookData = { forbidden: [], approved: [], trusted: [] }
let sourceConditions = false

/** A worker is started before its grading is known (kept warm): the rules come later, then are acknowledged. */
export function initialize(init: HookInit): void {
  sourceConditions = init.sourceConditions
  init.port.on('message', (rules: HookData) => {
    data = rules
    init.port.postMessage('ready')
  })
  init.port.unref()
}

const packages = new Map<string, { name: string; dir: string } | null>()

/** The nearest package.json above a file, with its name (cached per folder). */
function packageOf(file: string): { name: string; dir: string } | null {
  const dir = dirname(file)
  if (packages.has(dir)) return packages.get(dir)!
  let found: { name: string; dir: string } | null
  try {
    found = { name: String(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name ?? ''), dir }
  } catch {
    found = dirname(dir) === dir ? null : packageOf(dir)
  }
  packages.set(dir, found)
  return found
}

const pathOf = (url: string) => fileURLToPath(url.split('?')[0]!)

/** Learner code: a file outside node_modules and outside the src/ and dist/ of the kit's packages. */
function isLearnerCode(url: string): boolean {
  if (!url.startsWith('file:')) return false
  const file = pathOf(url)
  // The worker's bootstrap is evaluated code; Node names it `<cwd>/[worker eval]`. It is the grader's.
  if (file.endsWith('[worker eval]')) return false
  if (data.trusted?.includes(url.split('?')[0]!)) return false
  if (file.includes(`${sep}node_modules${sep}`)) return false
  const pkg = packageOf(file)
  const kit = pkg?.name.startsWith('@dlfs/') && (file.startsWith(join(pkg.dir, 'src') + sep) || file.startsWith(join(pkg.dir, 'dist') + sep))
  return !kit
}

/** '@dlfs/layers/x' → '@dlfs/layers'; 'lodash/fp' → 'lodash'. */
const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')
const isBare = (specifier: string) => !/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:)/i.test(specifier) && !specifier.startsWith('#')

export const resolve: ResolveHook = async (specifier, context, next) => {
  let result: Awaited<ReturnType<typeof next>> | undefined
  if (sourceConditions && isBare(specifier)) {
    try {
      result = await next(specifier, { ...context, conditions: [...context.conditions, '@dlfs/source'] })
    } catch {
      result = undefined // no source entry: resolve as installed
    }
  }
  result ??= await next(specifier, context)
  const parent = context.parentURL
  if (parent && result.url.startsWith('file:') && isLearnerCode(parent)) {
    const target = packageOf(pathOf(result.url))?.name
    // The grader (its checks and the reference modules of the exercises) is never learner material.
    if (target === '@dlfs/quiz') throw new Error(`${FORBIDDEN_MARK}@dlfs/quiz] import of '${specifier}' refused`)
    const banned = data.forbidden.find((f) => packageName(f) === target)
    const ok = data.approved.some((a) => a.parent === parent.split('?')[0] && a.specifier === specifier)
    if (banned && !ok) throw new Error(`${FORBIDDEN_MARK}${banned}] import of '${specifier}' refused`)
  }
  return result
}
