// Where things are on disk, for the CLI: the bundled exercises folder (the stubs and READMEs shipped
// with the package) and a learner's copy of an exercise in their workspace.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ExerciseDef } from './types.js'

/**
 * The package's `exercises/` folder. This file is `src/grader/status.ts` in the repo and
 * `dist/grader/status.js` when installed; both sit two levels below the package root.
 */
export function exercisesDir(): string {
  return fileURLToPath(new URL('../../exercises/', import.meta.url)).replace(/[\\/]$/, '')
}

/** The pristine stub of an exercise, as shipped. */
export function stubFile(def: Pick<ExerciseDef<any>, 'file'>): string {
  return join(exercisesDir(), def.file)
}

/** The README (statement) of an exercise, beside its stub. */
export function readmeFile(def: Pick<ExerciseDef<any>, 'file'>): string {
  return join(stubFile(def), '..', 'README.md')
}

/**
 * The learner's file of an exercise in a workspace, or null when it is not there. A workspace is
 * either an exercises folder itself (`apps/quiz/exercises` in the repo) or a folder holding one
 * (`dlfs-quiz init my-work` creates `my-work/exercises/`).
 */
export function findExerciseFile(workspaceDir: string, def: Pick<ExerciseDef<any>, 'file'>): string | null {
  for (const candidate of [join(workspaceDir, def.file), join(workspaceDir, 'exercises', def.file)]) {
    if (existsSync(candidate)) return resolve(candidate)
  }
  return null
}
