import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { ParsedArgs } from '../args.js'
import { QuizError } from '../errors.js'
import { tarballDependencies, workspaceFiles } from '../init-files.js'
import { rel, type Session } from '../session.js'
import { syncTemplates } from '../workspace.js'

/**
 * `init <dir>`: a standalone workspace for learners who installed from npm: a package.json depending on
 * the published packages (and marking the folder as a workspace), a tsconfig, a README, and the exercises.
 * Refuses a non-empty folder unless --force; even then, no existing file is overwritten. --from DIR
 * depends on packed tarballs instead of the registry (the install test of the release uses it).
 */
export function runInit(s: Session, { args, values }: ParsedArgs): number {
  if (args[0] === undefined) throw new QuizError('USAGE', s.m.initNeedsDir(s.bin))
  const dir = resolve(s.io.cwd, args[0])
  let specs: Record<string, string> = {}
  if (values.from !== undefined) {
    const from = resolve(s.io.cwd, values.from)
    const found = tarballDependencies(s.kit, from)
    if (found.missing.length > 0) throw new QuizError('MISSING_FILE', s.m.initNoTarball(rel(s, from), found.missing))
    specs = found.specs
  }
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new QuizError('WORKSPACE_NOT_EMPTY', s.m.initNotDir(rel(s, dir)))
    if (readdirSync(dir).length > 0 && values.force !== true) throw new QuizError('WORKSPACE_NOT_EMPTY', s.m.initNotEmpty(rel(s, dir)))
  }
  mkdirSync(dir, { recursive: true })
  let kept = 0
  for (const [name, text] of Object.entries(workspaceFiles(s.kit, basename(dir), specs))) {
    const path = join(dir, name)
    if (existsSync(path)) kept++
    else writeFileSync(path, text)
  }
  const added = syncTemplates(s.kit.templatesDir, dir)
  s.out(`${s.c.green('✓')} ${s.m.initDone(rel(s, dir), added.length)}\n`)
  if (kept > 0) s.out(`${s.c.dim(s.m.initKept(kept))}\n`)
  if (values.from !== undefined) s.out(`${s.c.dim(s.m.initFrom(rel(s, resolve(s.io.cwd, values.from))))}\n`)
  s.out(`\n${s.m.initNext(rel(s, dir))}\n`)
  return 0
}
