// `dev check`, one test per exercise per rule, so a new exercise is covered the moment it joins the
// curriculum. References, mutants and most stubs run in process; a few stubs (spread over the
// chapters) go through the real grading worker, so the sandbox is covered too.
import { describe, expect, it } from 'vitest'
import { curriculum } from '../src/curriculum/index.js'
import { pickForWorker } from '../src/grader/dev-check.js'
import {
  duplicateIdProblems,
  fileProblems,
  metadataProblems,
  mutantProblems,
  orderProblems,
  orphanProblems,
  referenceProblems,
  repoRootOf,
  solutionProblems,
  stubProblems,
} from '../src/grader/dev-check-rules.js'
import { exercisesDir, gradeExercise, stubFile } from '../src/grader/index.js'

const dir = exercisesDir()
const inWorker = pickForWorker(curriculum, 3)

describe('the curriculum as a whole', () => {
  it('has unique ids', () => expect(duplicateIdProblems(curriculum)).toEqual([]))
  it('follows the book: chapter, then section; folders numbered in that order', () => expect(orderProblems(curriculum)).toEqual([]))
  it('matches the exercises folder one to one (no orphan folder, no missing one)', () => expect(orphanProblems(curriculum, dir)).toEqual([]))
})

describe.each(curriculum.map((def) => [def.id, def] as const))('%s', (_, def) => {
  it('has a well-formed id, titles, ≥ 3 hints per language, checks and mutants', () => expect(metadataProblems(def)).toEqual([]))
  it('has its stub with TODO(<id>) and a bilingual README citing the section', () => expect(fileProblems(def, dir)).toEqual([]))
  it('shows a solution file that exists', () => expect(solutionProblems(def, repoRootOf(dir))).toEqual([]))
  it('reference passes every check', async () => expect(await referenceProblems(def)).toEqual([]))
  it('each mutant fails its check with the targeted message', async () => expect(await mutantProblems(def)).toEqual([]))
  if (inWorker.has(def.id)) {
    it('untouched stub grades not-started (through the worker)', async () => {
      expect(await stubProblems(def, { result: await gradeExercise(def, stubFile(def)) })).toEqual([])
    })
  } else {
    it('untouched stub grades not-started', async () => {
      expect(await stubProblems(def, { mod: (await import(stubFile(def))) as Record<string, unknown> })).toEqual([])
    })
  }
})
