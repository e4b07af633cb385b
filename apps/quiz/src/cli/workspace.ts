import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import type { Messages } from '../i18n/messages.js'
import { QuizError } from './errors.js'
import { packageDir, type Kit } from './kit.js'

/** The folder of the learner's own copies of the exercises, and its progress file. */
export interface Workspace {
  dir: string
  /** Template files copied in this run (first use, or new exercises after an upgrade), workspace-relative. */
  added: string[]
  /** True when this run created the workspace (or filled an empty folder). */
  created: boolean
}

/** The folder holding the progress file; also what marks a folder as a workspace. */
export const STATE_DIR = '.dlfs-quiz'

/**
 * Find the workspace, in this order: `--workspace <dir>`; the nearest folder above `cwd` marked as one
 * (`"dlfs": { "workspace": 1 }` in its package.json, as `init` writes, or a .dlfs-quiz folder); in the
 * kit's clone, `<repo>/study`, created on first use. Then copy in every template file the workspace
 * lacks: never overwriting, so upgrades only add new exercises.
 */
export function openWorkspace(kit: Kit, cwd: string, flag: string | undefined, m: Messages): Workspace {
  const dir = findWorkspaceDir(kit, cwd, flag, m)
  const created = !existsSync(dir) || readdirSync(dir).length === 0
  mkdirSync(dir, { recursive: true })
  const added = syncTemplates(kit.templatesDir, dir)
  prepareWorkspace(kit, dir)
  return { dir, added, created }
}

/** The kit packages a learner's file may import. */
const KIT_PACKAGES = ['@dlfs/matrix', '@dlfs/layers', '@dlfs/losses', '@dlfs/train']

/**
 * A workspace that does not install the packages itself (study/ in the clone, a bare --workspace
 * folder) gets what an installed one has: a package.json with "type": "module" (so the learner's .ts
 * files load as ES modules), `node_modules/@dlfs/*` links to the kit's own packages (so `import … from
 * '@dlfs/matrix'` resolves for the grader and the editor) and, in the clone, a tsconfig.json with the
 * kit's settings. A workspace with a package.json of its own (`init`'s, which installs the published
 * packages) is left alone.
 */
export function prepareWorkspace(kit: Kit, dir: string): void {
  const pkgPath = join(dir, 'package.json')
  if (existsSync(pkgPath)) {
    if (!(readJson(pkgPath) as { dlfs?: { links?: unknown } } | null)?.dlfs?.links) return
  } else {
    const pkg = { name: 'dlfs-study', private: true, type: 'module', description: 'Your copies of the dlfs-quiz exercises.', dlfs: { workspace: 1, links: 'kit' } }
    writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`)
  }
  for (const name of KIT_PACKAGES) {
    const target = packageDir(kit, name)
    const link = join(dir, 'node_modules', name)
    if (!target || exists(link)) continue
    mkdirSync(dirname(link), { recursive: true })
    symlinkSync(target, link, 'junction') // a junction needs no admin rights on Windows; elsewhere a plain link
  }
  const tsconfig = join(dir, 'tsconfig.json')
  if (kit.repoRoot && !existsSync(tsconfig)) {
    const base = relative(dir, join(kit.repoRoot, 'tsconfig.base.json')).split('\\').join('/')
    const config = { extends: base, compilerOptions: { noEmit: true, types: [] }, include: ['**/*.ts'], exclude: ['node_modules'] }
    writeFileSync(tsconfig, `${JSON.stringify(config, null, 2)}\n`)
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return null
  }
}

/** True for anything at `path`, a broken link included. */
function exists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

function findWorkspaceDir(kit: Kit, cwd: string, flag: string | undefined, m: Messages): string {
  if (flag !== undefined) {
    const dir = resolve(cwd, flag)
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new QuizError('NO_WORKSPACE', m.workspaceMissing(flag))
    return dir
  }
  const marked = markedWorkspaceAbove(cwd)
  if (marked) return marked
  if (kit.repoRoot) return join(kit.repoRoot, 'study')
  throw new QuizError('NO_WORKSPACE', m.noWorkspace)
}

/** The nearest folder at or above `start` that is a workspace, or null. */
export function markedWorkspaceAbove(start: string): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (isMarkedWorkspace(dir)) return dir
    if (dirname(dir) === dir) return null
  }
}

function isMarkedWorkspace(dir: string): boolean {
  if (existsSync(join(dir, STATE_DIR, 'state.json'))) return true
  const pkg = readJson(join(dir, 'package.json')) as { dlfs?: { workspace?: unknown } } | null
  return pkg?.dlfs?.workspace !== undefined
}

/** Copy each template file missing from `dir` (never overwrite); returns the copied paths, `dir`-relative. */
export function syncTemplates(templatesDir: string, dir: string): string[] {
  const added: string[] = []
  for (const rel of listFiles(templatesDir)) {
    const to = join(dir, rel)
    if (existsSync(to)) continue
    mkdirSync(dirname(to), { recursive: true })
    copyFileSync(join(templatesDir, rel), to)
    added.push(rel.split('\\').join('/'))
  }
  return added
}

/** Every file below `root`, root-relative, sorted (so the book's numbered folders come in order). */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return []
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) out.push(relative(root, path))
    }
  }
  walk(root)
  return out
}
