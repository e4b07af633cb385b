import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { exercisesDir, findExerciseFile, readmeFile, stubFile } from './status.js'

const def = { file: '05-backprop/04-affine/affine.ts' }
const tmp = mkdtempSync(join(tmpdir(), 'dlfs-status-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('status', () => {
  it('finds the bundled exercises folder from the source tree', () => {
    expect(exercisesDir()).toMatch(/apps[\\/]quiz[\\/]exercises$/)
    expect(existsSync(exercisesDir())).toBe(true)
    expect(stubFile(def)).toBe(join(exercisesDir(), def.file))
    expect(readmeFile(def)).toBe(join(exercisesDir(), '05-backprop/04-affine/README.md'))
  })

  it('finds a learner file in an exercises folder or in a workspace holding one', () => {
    expect(findExerciseFile(tmp, def)).toBeNull()
    mkdirSync(join(tmp, 'exercises/05-backprop/04-affine'), { recursive: true })
    writeFileSync(join(tmp, 'exercises', def.file), '')
    expect(findExerciseFile(tmp, def)).toBe(join(tmp, 'exercises', def.file))
    expect(findExerciseFile(join(tmp, 'exercises'), def)).toBe(join(tmp, 'exercises', def.file))
  })
})
