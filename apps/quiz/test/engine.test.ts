// The grading engine end to end, through the real worker: learner files for the Affine exercise that are
// right (two ways), wrong, half done, or out to break or fool the grader.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { closeGrader, findExercise, gradeExercise, stubFile, type ExerciseResult } from '../src/grader/index.js'
import type { ExerciseDef } from '../src/grader/types.js'

const affine = findExercise('5.6.2-affine')
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/affine/${name}.ts`, import.meta.url))
const statuses = (r: ExerciseResult) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]))
/** Everything a learner would read about one check. */
const said = (r: ExerciseResult, id: string) => {
  const c = r.checks.find((k) => k.id === id)!
  return [c.detail?.message.en, c.detail?.likely?.en, c.message?.en].filter(Boolean).join(' | ')
}
// Temporary learner files live under the fixtures so that '@dlfs/matrix' resolves from them.
const tmp = mkdtempSync(join(fileURLToPath(new URL('./fixtures/', import.meta.url)), '.tmp-'))
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true })
  await closeGrader()
})

// Gradings run side by side (each in its own worker); the memory tests run alone, since the sandbox
// watches the memory of the whole process.
const concurrent = { concurrent: true, timeout: 30_000 }

describe('gradeExercise: right answers', concurrent, () => {
  it('passes a correct file with score 1, reporting each check as it finishes', async () => {
    const seen: string[] = []
    const r = await gradeExercise(affine, fixture('correct'), { onCheck: (c, i) => seen.push(`${i}:${c.id}`) })
    expect(r).toMatchObject({ id: '5.6.2-affine', status: 'passed', score: 1 })
    expect(r.checks.every((c) => c.status === 'passed')).toBe(true)
    expect(r.error).toBeUndefined()
    expect(seen).toEqual(affine.checks.map((c, i) => `${i}:${c.id}`))
  })

  it('passes correct code written differently (loops, no dot)', async () => {
    expect((await gradeExercise('5.6.2-affine', fixture('loops'))).status).toBe('passed')
  })

  it('passes a correct file with another seed', async () => {
    expect((await gradeExercise(affine, fixture('correct'), { seed: 12345 })).status).toBe('passed')
  })

  it('lets the other exports of a names-limited forbidden module through', async () => {
    expect((await gradeExercise(affine, fixture('allowed-import'))).status).toBe('passed')
  })
})

describe('gradeExercise: wrong and unfinished work', concurrent, () => {
  it('fails a wrong dW, naming dW, the index, expected and got', async () => {
    const r = await gradeExercise(affine, fixture('wrong-dw'))
    expect(r.status).toBe('failed')
    const dW = r.checks.find((c) => c.id === 'backward-dW')!
    expect(dW.status).toBe('failed')
    expect(dW.detail).toMatchObject({ what: 'dW', index: expect.any(Array) })
    expect(dW.detail!.message.en).toMatch(/^dW\[\d+, \d+\] is .+, expected .+/)
    expect(dW.detail!.message.ja).toContain('期待値は')
    expect(statuses(r)).toMatchObject({ forward: 'passed', 'backward-dx': 'passed', 'backward-db': 'passed' })
    expect(r.score).toBeCloseTo(6 / 9)
  })

  it('grades the untouched stub as not-started', async () => {
    const r = await gradeExercise(affine, stubFile(affine))
    expect(r).toMatchObject({ status: 'not-started', score: 0 })
    expect(r.checks.every((c) => c.status === 'not-started' && c.message?.en.includes('TODO(5.6.2-affine)'))).toBe(true)
  })

  it('gives partial credit to a half-done file: forward passes, backward not started', async () => {
    const r = await gradeExercise(affine, fixture('partial'))
    expect(r.status).toBe('failed')
    expect(statuses(r)).toMatchObject({ forward: 'passed', 'backward-dx': 'not-started', 'backward-dW': 'not-started' })
    expect(r.score).toBeCloseTo(2 / 9)
  })

  it('gives the same result for the same seed', async () => {
    const strip = (r: ExerciseResult) => ({ ...r, durationMs: 0 })
    const [a, b] = [await gradeExercise(affine, fixture('wrong-dw'), { seed: 7 }), await gradeExercise(affine, fixture('wrong-dw'), { seed: 7 })]
    expect(strip(a)).toEqual(strip(b))
  })

  it('sees an edited file on the next grading (nothing is cached)', async () => {
    const file = join(tmp, 'edited.ts')
    const source = (await import('node:fs')).readFileSync(fixture('correct'), 'utf8')
    writeFileSync(file, source.replace('this.db = dout.sum(0)', 'this.db = dout.sum(0).mul(2)'))
    expect(statuses(await gradeExercise(affine, file))['backward-db']).toBe('failed')
    writeFileSync(file, source)
    expect((await gradeExercise(affine, file)).status).toBe('passed')
  })
})

describe('gradeExercise: a file that breaks', concurrent, () => {
  it('stops an infinite loop at the time limit, keeping the checks finished before it', async () => {
    const r = await gradeExercise(affine, fixture('infinite-loop'), { timeoutMs: 3000 })
    expect(r.durationMs).toBeLessThan(3000 + 5000) // the clock starts once the worker is up
    expect(statuses(r)).toEqual({ forward: 'passed', 'backward-dx': 'passed', 'backward-dW': 'passed', 'backward-db': 'failed', 'gradient-check': 'failed', 'inputs-unchanged': 'failed' })
    expect(said(r, 'backward-db')).toContain('timed out after 3 s — an infinite loop?')
    expect(r.checks.find((c) => c.id === 'backward-db')!.message!.ja).toContain('無限ループ')
    // and the grader still works afterwards
    expect((await gradeExercise(affine, fixture('correct'))).status).toBe('passed')
  })

  it('fails a file that throws while loading, with the error and its line', async () => {
    const r = await gradeExercise(affine, fixture('throws-at-import'))
    expect(r.status).toBe('failed')
    expect(r.error!.en).toMatch(/^your file could not be loaded: SyntaxError: .*JSON.* \(at throws-at-import\.ts:4:\d+\)$/)
    expect(r.checks.every((c) => c.status === 'skipped')).toBe(true)
  })

  it('fails a syntax error with the file, line and column', async () => {
    const file = join(tmp, 'syntax.ts')
    writeFileSync(file, 'export class Affine {\n  forward(x) {\n    return x.dot(\n  }\n}\n')
    const r = await gradeExercise(affine, file)
    expect(r.error!.en).toContain(`your file could not be loaded: ${file}:4:`)
  })

  it('fails a file that lacks the export, naming it and what the file exports', async () => {
    const r = await gradeExercise(affine, fixture('missing-export'))
    expect(r.error!.en).toBe('your file does not export `Affine`. The stub exports `Affine` (yours exports `AffineLayer`): keep the `export` keyword and the names as they are.')
    expect(r.error!.ja).toContain('`Affine` を export していません')
  })

  it('fails a file whose timer throws after a check, keeping what finished', async () => {
    const r = await gradeExercise(affine, fixture('crash-later'))
    expect(r.status).toBe('failed')
    expect(r.error!.en).toBe('your code stopped the grader: Error: thrown from a timer')
    expect(statuses(r).forward).toBe('passed')
  })

  it('fails a file that calls process.exit, and only its worker ends', async () => {
    const r = await gradeExercise(affine, fixture('exits'))
    expect(r.error!.en).toContain('process.exit(3)')
  })

  it('ignores results the learner’s code posts itself', async () => {
    const r = await gradeExercise(affine, fixture('forge'))
    expect(r.status).toBe('failed')
    expect(statuses(r).forward).toBe('failed')
  })

  it('fails a missing file without starting a worker', async () => {
    const r = await gradeExercise(affine, join(tmp, 'nowhere.ts'))
    expect(r.error!.en).toContain('file not found')
    expect(r.checks.every((c) => c.status === 'skipped')).toBe(true)
  })

  it('fails a check that waits for a promise that never settles', async () => {
    const url = new URL('./fixtures/waits/definition.ts', import.meta.url).href
    const waits = ((await import(url)) as { default: ExerciseDef<any> }).default
    const file = (name: string) => fileURLToPath(new URL(`./fixtures/waits/${name}.ts`, import.meta.url))
    expect((await gradeExercise(waits, file('resolves'), { definitionUrl: url })).status).toBe('passed')
    const r = await gradeExercise(waits, file('never-settles'), { definitionUrl: url })
    expect(r.error!.en).toContain('a promise that never settles')
  })

  it('stops when asked to', async () => {
    const controller = new AbortController()
    const grading = gradeExercise(affine, fixture('infinite-loop'), { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('newer save')), 200)
    await expect(grading).rejects.toThrow('newer save')
  })
})

describe('gradeExercise: memory', { timeout: 30_000 }, () => {
  it('fails a file that exhausts the heap, without crashing the test process', async () => {
    const r = await gradeExercise(affine, fixture('memory-hog'), { memoryMb: 128 })
    expect(r.status).toBe('failed')
    expect(r.error!.en).toContain('ran out of memory (the limit is 128 MB)')
    expect(said(r, 'forward')).toContain('ran out of memory')
  })

  it('fails a file that piles up typed arrays (outside the heap) through the memory watch', async () => {
    const r = await gradeExercise(affine, fixture('memory-hog-typed'), { memoryMb: 128 })
    expect(r.error!.en).toContain('ran out of memory')
  })
})

describe('gradeExercise: the reference is off limits', concurrent, () => {
  it('fails a static import of Affine from @dlfs/layers, before running anything', async () => {
    const r = await gradeExercise(affine, fixture('imports-reference'))
    expect(r.status).toBe('failed')
    expect(r.error!.en).toBe("importing Affine from '@dlfs/layers' is not allowed (line 2): this exercise asks you to write Affine yourself. Other modules (such as @dlfs/matrix) are fine.")
    expect(r.error!.ja).toContain('この演習では Affine を自分で実装します')
    expect(r.checks.every((c) => c.status === 'skipped')).toBe(true) // no worker was started
  })

  it('fails a computed dynamic import of @dlfs/layers (refused by the resolve hook)', async () => {
    const r = await gradeExercise(affine, fixture('dynamic-import'))
    expect(r.status).toBe('failed')
    expect(r.error!.en).toContain("importing Affine from '@dlfs/layers' is not allowed: this exercise asks you to write Affine yourself")
  })

  it('fails a relative import into the grader itself (its definitions and reference modules)', async () => {
    const r = await gradeExercise(affine, fixture('imports-grader'))
    expect(r.status).toBe('failed')
    expect(r.error!.en).toContain("'@dlfs/quiz' is not allowed")
  })

  it('fails a relative import into the kit’s source', async () => {
    const r = await gradeExercise(affine, fixture('deep-import'))
    expect(r.error!.en).toContain("importing Affine from '@dlfs/layers' is not allowed")
  })
})
