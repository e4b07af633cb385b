import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { exercisesDir } from '../grader/status.js'

/** Where the quiz's own files are: the kit's clone (apps/quiz) or an installed @dlfs/quiz package. */
export interface Kit {
  /** The @dlfs/quiz package folder (apps/quiz in the clone). */
  quizRoot: string
  /** The shipped exercise templates, never edited by the learner: `<quizRoot>/exercises`. */
  templatesDir: string
  /** The repository root when running from the kit's clone, else null (installed from npm). */
  repoRoot: string | null
  /** @dlfs/quiz's version. */
  version: string
}

/** The kit this module belongs to: the package whose exercises/ folder the grader ships. */
export function locateKit(): Kit {
  return kitAt(dirname(exercisesDir()))
}

/** The kit rooted at `quizRoot`; tests use it to point at a copy. */
export function kitAt(quizRoot: string): Kit {
  const apps = dirname(quizRoot)
  const root = dirname(apps)
  const inClone =
    basename(apps) === 'apps' && !quizRoot.split(/[\\/]/).includes('node_modules') && existsSync(join(root, 'pnpm-workspace.yaml'))
  return { quizRoot, templatesDir: join(quizRoot, 'exercises'), repoRoot: inClone ? root : null, version: readVersion(quizRoot) }
}

/**
 * The folder of a kit package (`@dlfs/layers`): packages/layers in the clone, else the installed copy
 * found by walking up node_modules folders from the quiz package (npm, pnpm and yarn layouts alike).
 */
export function packageDir(kit: Kit, name: string): string | null {
  const short = name.replace(/^@dlfs\//, '')
  if (name === '@dlfs/quiz') return kit.quizRoot
  if (kit.repoRoot) {
    const dir = join(kit.repoRoot, 'packages', short)
    if (existsSync(join(dir, 'package.json'))) return dir
  }
  for (let dir = kit.quizRoot; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '@dlfs', short)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dirname(dir) === dir) return null
  }
}

/** The version in a package folder's package.json ('0.0.0' if unreadable). */
export function readVersion(dir: string): string {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}

/**
 * A kit source file named repo-relative (`packages/layers/src/affine.ts`, as ExerciseDef.solution.file
 * does): from the clone if there, else from the installed package, which ships its src folder.
 */
export function kitFile(kit: Kit, file: string): string | null {
  if (kit.repoRoot && existsSync(join(kit.repoRoot, file))) return join(kit.repoRoot, file)
  const m = /^(?:packages|apps)\/([^/]+)\/(.+)$/.exec(file)
  if (!m) return null
  const dir = packageDir(kit, `@dlfs/${m[1]}`)
  const path = dir ? join(dir, m[2]!) : null
  return path && existsSync(path) ? path : null
}
