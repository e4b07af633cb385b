// `init` (a standalone workspace for npm installs) and `grade --ci` (headless grading for instructors),
// on the fake kit of cli-fixture.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { fakeCurriculum, halfDone, makeFixture, solved, stub, type Fixture } from './cli-fixture.js'

let fx: Fixture
beforeEach(() => {
  fx = makeFixture()
})
afterEach(() => fx.cleanup())

describe('init', () => {
  test('creates a workspace on the published packages, with the exercises and next steps', async () => {
    const { code, out } = await fx.run(['init', 'My Study'])
    expect(code).toBe(0)
    const dir = join(fx.root, 'My Study')
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    expect(pkg.name).toBe('my-study')
    expect(pkg.dlfs).toEqual({ workspace: 1 })
    expect(Object.keys(pkg.dependencies)).toEqual(['@dlfs/layers', '@dlfs/losses', '@dlfs/matrix', '@dlfs/quiz', '@dlfs/train'])
    expect(pkg.dependencies['@dlfs/quiz']).toBe('^1.2.3')
    expect(pkg.dependencies['@dlfs/layers']).toMatch(/^\^\d+\.\d+\.\d+/)
    expect(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).compilerOptions.strict).toBe(true)
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/はじめかた[\s\S]*npx dlfs-quiz watch[\s\S]*Getting started/)
    for (const d of fakeCurriculum) expect(readFileSync(join(dir, d.file), 'utf8')).toBe(stub(d.id))
    expect(out).toContain(`Created the workspace My Study with 6 exercise files`)
    expect(out).toMatch(/cd My Study\n\s+npm install\n\s+npx dlfs-quiz/)
    // The new workspace is found from inside it.
    expect((await fx.run([], { cwd: join(dir, '01-matrix') })).out).toContain(`Edit: ${join('01-alpha', 'alpha.ts')}`)
  })

  test('refuses a non-empty folder; --force adds only what is missing, overwriting nothing', async () => {
    await fx.run(['init', 'ws'])
    const dir = join(fx.root, 'ws')
    writeFileSync(join(dir, fakeCurriculum[0]!.file), solved)
    writeFileSync(join(dir, 'README.md'), 'my notes\n')
    const refused = await fx.run(['init', 'ws'])
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('ws is not empty')
    expect(refused.err).toContain('--force')
    const forced = await fx.run(['init', 'ws', '--force', '--lang', 'ja'])
    expect(forced.code).toBe(0)
    expect(forced.out).toContain('既存のファイル 4 個はそのまま残しました')
    expect(readFileSync(join(dir, fakeCurriculum[0]!.file), 'utf8')).toBe(solved)
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('my notes\n')
    expect((await fx.run(['init'])).err).toContain('init my-study')
  })

  test('--from DIR depends on packed tarballs (file: specs), the kit\'s version first; a missing one is named', async () => {
    const packed = join(fx.root, 'packed')
    mkdirSync(packed)
    for (const name of ['layers', 'losses', 'matrix', 'train']) writeFileSync(join(packed, `dlfs-${name}-1.2.3.tgz`), '')
    const refused = await fx.run(['init', 'ws', '--from', 'packed'])
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('--from packed: no tarball for @dlfs/quiz')
    expect(existsSync(join(fx.root, 'ws'))).toBe(false)
    writeFileSync(join(packed, 'dlfs-quiz-0.9.0.tgz'), '')
    writeFileSync(join(packed, 'dlfs-quiz-1.2.3.tgz'), '')
    const { code, out } = await fx.run(['init', 'ws', '--from', 'packed'])
    expect(code).toBe(0)
    const deps = JSON.parse(readFileSync(join(fx.root, 'ws', 'package.json'), 'utf8')).dependencies
    expect(deps['@dlfs/quiz']).toBe(`file:${join(packed, 'dlfs-quiz-1.2.3.tgz')}`)
    expect(deps['@dlfs/layers']).toBe(`file:${join(packed, 'dlfs-layers-1.2.3.tgz')}`)
    expect(out).toContain('the packed tarballs in packed')
  })
})

describe('grade --ci', () => {
  async function graded(argv: string[], env: Record<string, string> = {}) {
    await fx.run([])
    writeFileSync(join(fx.study, fakeCurriculum[0]!.file), solved)
    writeFileSync(join(fx.study, fakeCurriculum[1]!.file), halfDone)
    const r = await fx.run(['grade', '--ci', '--out', 'results', ...argv], { env })
    const json = JSON.parse(readFileSync(join(fx.root, 'results', 'results.json'), 'utf8'))
    const junit = readFileSync(join(fx.root, 'results', 'junit.xml'), 'utf8')
    return { ...r, json, junit }
  }

  test('results.json: per exercise status and partial credit, per check status, weight and message', async () => {
    const { code, json, out } = await graded(['--seed', '7'])
    expect(code).toBe(1) // beta fails
    expect(json).toMatchObject({ version: 1, seed: 7, lang: 'en', total: { score: 0.555556, points: 1.666667, max: 3, passed: 1, failed: 1, notStarted: 1 } })
    const [a, b, c] = json.exercises
    expect(a).toMatchObject({ id: '1.5.5-alpha', status: 'passed', score: 1, checks: [{ id: 'forward', status: 'passed', weight: 2, message: null }, { id: 'backward', status: 'passed', weight: 1 }] })
    expect(b).toMatchObject({ id: '1.6.1-beta', status: 'failed', score: 2 / 3 })
    expect(b.checks[1]).toMatchObject({ id: 'backward', status: 'failed', weight: 1 })
    expect(b.checks[1].message).toContain('dx[0, 1] is -0.5, expected 0.5')
    expect(b.checks[1].message).toContain('likely mistake:  the sign is flipped')
    expect(b.checks[1].message).not.toContain('\x1b[')
    expect(c).toMatchObject({ id: '5.6.2-gamma', status: 'not-started', score: 0 })
    expect(out).toContain('Total 56%: 1/3 passed, 1 failing, 1 not started')
    expect(out).toContain(`Wrote ${join('results', 'results.json')}`)
    // --ci leaves the learner's progress file alone.
    expect(existsSync(join(fx.study, '.dlfs-quiz', 'state.json'))).toBe(false)
  })

  test('junit.xml: a testcase per check, failures with the detail', async () => {
    const { junit } = await graded([])
    expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="dlfs-quiz" tests="6" failures="3" errors="0" skipped="0"/)
    expect(junit).toContain('<testcase classname="1.5.5-alpha" name="forward: forward works"/>')
    expect(junit).toMatch(/<testcase classname="1.6.1-beta" name="backward: backward works"><failure message="dx\[0, 1\] is -0.5, expected 0.5" type="failed">/)
    expect(junit).toMatch(/<failure message="not started: the file is still the original stub of 5.6.2-gamma" type="not-started">/)
    expect(junit.match(/<testcase /g)).toHaveLength(6)
    expect(junit).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#10;)/)
  })

  test('--min-score gates on the mean score; --chapter grades one chapter', async () => {
    expect((await graded(['--min-score', '0.5'])).code).toBe(0)
    const low = await graded(['--min-score', '0.8'])
    expect(low.code).toBe(1)
    expect(low.out).toContain('The total score 56% is below --min-score 80%')
    const ch5 = await graded(['--chapter', '1', '--min-score', '0.8'])
    expect(ch5.json.exercises.map((e: { id: string }) => e.id)).toEqual(['1.5.5-alpha', '1.6.1-beta'])
    expect(ch5.code).toBe(0)
    expect((await fx.run(['grade', '--min-score', '2'])).err).toContain('--min-score 2: expected a number from 0 to 1')
  })

  test('GitHub Actions: annotations on the learner’s file and a job summary', async () => {
    const summary = join(fx.root, 'summary.md')
    const { out } = await graded([], { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: fx.root, GITHUB_STEP_SUMMARY: summary })
    expect(out).toContain('::error file=study/01-matrix/02-beta/beta.ts,line=1,title=1.6.1-beta backward::backward works: dx[0, 1] is -0.5, expected 0.5%0Alikely mistake:  the sign is flipped')
    expect(out).toContain('::notice file=study/05-backprop/01-gamma/gamma.ts,line=2,title=5.6.2-gamma%3A not started::Gamma: not started')
    expect(readFileSync(summary, 'utf8')).toContain('| ❌ | `1.6.1-beta` | Beta | 67% |')
    expect((await graded([])).out).not.toContain('::error')
  })

  test('without --ci it records progress too', async () => {
    await graded([])
    await fx.run(['grade', '--out', 'results'])
    expect(JSON.parse(readFileSync(join(fx.study, '.dlfs-quiz', 'state.json'), 'utf8')).exercises['1.5.5-alpha'].status).toBe('passed')
  })
})

test('dev check prints the report of the engine and passes', async () => {
  const { code, out } = await fx.run(['dev', 'check'])
  expect(code).toBe(0)
  expect(out).toContain('dev check: 3 exercises, all rules hold')
})
