// The dlfs-quiz CLI in-process, on the fake kit of cli-fixture.ts: what the learner sees first, the
// list, check (one and all), languages, colours, and the errors that say how to fix a command line.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { detectLang } from '../src/i18n/detect-lang.js'
import { fakeCurriculum, halfDone, makeFixture, solved, stub, type Fixture } from './cli-fixture.js'

let fx: Fixture
beforeEach(() => {
  fx = makeFixture()
})
afterEach(() => fx.cleanup())

const write = (rel: string, text: string) => writeFileSync(join(fx.study, rel), text)

describe('no arguments', () => {
  test('creates study/ from the templates and shows progress and the next exercise (English)', async () => {
    const { code, out, err } = await fx.run([])
    expect(code).toBe(0)
    expect(err).toContain('Created your workspace study')
    expect(readFileSync(join(fx.study, fakeCurriculum[0]!.file), 'utf8')).toBe(stub('1.5.5-alpha'))
    expect(out).toContain('0/3 passed')
    expect(out).toMatch(/Next exercise: 1\.5\.5-alpha\s+Alpha/)
    expect(out).toContain('Book §1.5.5, chapter 1')
    expect(out).toContain(`Edit: ${join('study', '01-matrix', '01-alpha', 'alpha.ts')}`)
    expect(out).toContain('\n\nThe English statement of 1.5.5-alpha: `f()`.\n')
    expect(out).not.toContain('**Book')
    expect(out).not.toContain('日本語')
    expect(out).toContain('dlfs-quiz check 1.5.5-alpha')
  })

  test('Japanese from --lang, DLFS_LANG or LANG; the file path is relative to where the learner stands', async () => {
    const { out } = await fx.run(['--lang', 'ja'], { cwd: join(fx.root, 'apps') })
    expect(out).toContain('3 問中 0 問合格')
    expect(out).toMatch(/次の演習: 1\.5\.5-alpha\s+アルファ/)
    expect(out).toContain(`編集するファイル: ${join('..', 'study', '01-matrix', '01-alpha', 'alpha.ts')}`)
    expect(out).toContain('1.5.5-alpha の日本語の問題文です。')
    expect(out).not.toContain('English statement')
    expect((await fx.run([], { env: { DLFS_LANG: 'ja', LANG: 'en_US' } })).out).toContain('次の演習')
    expect((await fx.run([], { env: { LANG: 'ja_JP.UTF-8' } })).out).toContain('次の演習')
  })

  test('moves on to the first exercise not passed, and congratulates when all passed', async () => {
    await fx.run([])
    write(fakeCurriculum[0]!.file, solved)
    await fx.run(['check', '1.5.5-alpha'])
    expect((await fx.run([])).out).toMatch(/1\/3 passed[\s\S]*Next exercise: 1\.6\.1-beta/)
    for (const d of fakeCurriculum) write(d.file, solved)
    await fx.run(['check'])
    const { out } = await fx.run([])
    expect(out).toContain('3/3 passed')
    expect(out).toContain('All 3 exercises passed')
  })
})

test('pnpm quiz: paths relative to INIT_CWD are the caller’s concern; suggested commands say pnpm quiz', async () => {
  const { out } = await fx.run([], { env: { npm_lifecycle_event: 'quiz' } })
  expect(out).toContain('pnpm quiz check 1.5.5-alpha')
})

test('list: status marks and scores grouped by chapter; an edited file without a grade says so', async () => {
  await fx.run([])
  write(fakeCurriculum[0]!.file, solved)
  write(fakeCurriculum[1]!.file, halfDone)
  await fx.run(['check', 'alpha'])
  await fx.run(['check', 'beta'])
  write(fakeCurriculum[2]!.file, '// started\n')
  const { code, out } = await fx.run(['list'])
  expect(code).toBe(0)
  expect(out).toMatch(/Chapter 1: [^\n]*\n\s+✓ 1\.5\.5-alpha\s+Alpha\s+100%\n\s+✗ 1\.6\.1-beta\s+Beta\s+67%\n\nChapter 5: Backpropagation\n\s+· 5\.6\.2-gamma\s+Gamma\s+edited, not graded yet/)
  expect((await fx.run(['list', '--lang', 'ja'])).out).toContain('第5章 誤差逆伝播法')
})

describe('check', () => {
  test('the untouched stub is not started: exit 1', async () => {
    const { code, out } = await fx.run(['check', '1.5.5-alpha'])
    expect(code).toBe(1)
    expect(out).toContain('· forward works  not started')
    expect(out).toContain('· not started  score 0%')
    expect(out).toContain('still throws TODO(1.5.5-alpha)')
    expect(out).toContain('dlfs-quiz hint 1.5.5-alpha')
    // The untouched stub is known "not started" without running the engine.
    const json = JSON.parse(readFileSync(join(fx.study, '.dlfs-quiz', 'state.json'), 'utf8'))
    expect(json.exercises['1.5.5-alpha'].status).toBe('not-started')
    expect((await fx.run(['grade', '--ci', '--out', 'r'])).code).toBe(0)
    expect(readFileSync(join(fx.root, 'r', 'results.json'), 'utf8')).toContain('the file is still the original stub of 1.5.5-alpha')
  })

  test('a correct file passes: exit 0, recorded, next exercise named', async () => {
    await fx.run([])
    write(fakeCurriculum[0]!.file, solved)
    const { code, out } = await fx.run(['check', '1.5.5-alpha'])
    expect(code).toBe(0)
    expect(out).toContain('✓ forward works')
    expect(out).toContain('✓ passed  score 100%')
    expect(out).toContain('Next: 1.6.1-beta')
    const state = JSON.parse(readFileSync(join(fx.study, '.dlfs-quiz', 'state.json'), 'utf8'))
    expect(state.exercises['1.5.5-alpha']).toMatchObject({ status: 'passed', score: 1, bestScore: 1, hintLevel: 0 })
    expect(state.schema).toBe(1)
  })

  test('a failing check shows what, where, expected vs got, the likely mistake and the input', async () => {
    await fx.run([])
    write(fakeCurriculum[0]!.file, halfDone)
    const { code, out } = await fx.run(['check', 'alpha'])
    expect(code).toBe(1)
    expect(out).toContain('✓ forward works')
    expect(out).toContain('✗ backward works')
    expect(out).toContain('dx[0, 1] is -0.5, expected 0.5')
    expect(out).toContain('likely mistake:  the sign is flipped')
    expect(out).toContain('input:  {"n":1}')
    expect(out).toContain('✗ failing  score 67%')
    const ja = (await fx.run(['check', 'alpha', '--lang', 'ja'])).out
    expect(ja).toContain('dx[0, 1] が -0.5 です')
    expect(ja).toContain('よくある間違い:  符号が逆です')
  })

  test('all: one line per exercise, the first failure, a summary; exit 0 only when every one passes', async () => {
    await fx.run([])
    write(fakeCurriculum[0]!.file, solved)
    write(fakeCurriculum[1]!.file, halfDone)
    const { code, out } = await fx.run(['check'])
    expect(code).toBe(1)
    expect(out).toMatch(/✓ 1\.5\.5-alpha\s+Alpha\s+100%/)
    expect(out).toMatch(/✗ 1\.6\.1-beta\s+Beta\s+67%\n\s+backward works: dx\[0, 1\] is -0.5/)
    expect(out).toMatch(/· 5\.6\.2-gamma\s+Gamma\n/)
    expect(out).toContain('1/3 passed, 1 failing, 1 not started')
    for (const d of fakeCurriculum) write(d.file, solved)
    expect((await fx.run(['check'])).code).toBe(0)
  })

  test('a deleted exercise file comes back from the templates (never overwriting an existing one)', async () => {
    await fx.run([])
    write(fakeCurriculum[1]!.file, solved)
    const alpha = join(fx.study, fakeCurriculum[0]!.file)
    writeFileSync(alpha, '')
    const { rmSync } = await import('node:fs')
    rmSync(alpha)
    const { err } = await fx.run(['list'])
    expect(err).toContain('Added 1 new file to study')
    expect(readFileSync(alpha, 'utf8')).toBe(stub('1.5.5-alpha'))
    expect(readFileSync(join(fx.study, fakeCurriculum[1]!.file), 'utf8')).toBe(solved)
  })
})

describe('colours', () => {
  test('on a terminal, unless NO_COLOR; never when piped', async () => {
    await fx.run([])
    expect((await fx.run(['list'], { tty: true })).out).toContain('\x1b[')
    expect((await fx.run(['list'], { tty: true, env: { NO_COLOR: '1' } })).out).not.toContain('\x1b[')
    expect((await fx.run(['list'], { tty: false })).out).not.toContain('\x1b[')
    expect((await fx.run(['list'], { tty: false, env: { FORCE_COLOR: '1' } })).out).toContain('\x1b[')
  })
})

describe('errors say how to fix them', () => {
  test('an unknown command suggests the close one: exit 2', async () => {
    const { code, err } = await fx.run(['lsit'])
    expect(code).toBe(2)
    expect(err).toContain("Unknown command 'lsit'. Did you mean 'list'?")
    expect((await fx.run(['chek', '--lang', 'ja'])).err).toContain('「chek」というコマンドはありません。もしかして 「check」 ですか？')
  })

  test('an unknown exercise lists the closest ids', async () => {
    const { code, err } = await fx.run(['check', '1.5.5-alpah'])
    expect(code).toBe(1)
    expect(err).toContain("No exercise '1.5.5-alpah'. Did you mean '1.5.5-alpha'?")
    expect(err).toContain('dlfs-quiz list')
  })

  test('options: unknown, not for this command, bad values', async () => {
    expect((await fx.run(['--frobnicate'])).err).toContain('Unknown option --frobnicate')
    expect((await fx.run(['list', '--poll'])).err).toContain('list has no option --poll')
    expect((await fx.run(['check', '--seed', 'x'])).err).toContain('--seed x: expected a whole number ≥ 0')
    const bad = await fx.run(['--lang', 'fr'])
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('the languages are ja and en')])
    expect((await fx.run(['dev'])).err).toContain('dev check')
    expect((await fx.run(['solution'])).err).toContain('Which exercise?')
    expect((await fx.run(['check', 'alpha', 'beta'])).err).toContain("Unexpected argument 'beta'. See `dlfs-quiz check --help`")
    expect((await fx.run(['affine'])).err).toContain("Unknown command 'affine'")
  })

  test('no workspace outside the clone says how to create one', async () => {
    const outside = join(fx.root, 'elsewhere')
    mkdirSync(outside)
    const { code, err } = await fx.run(['list', '--workspace', 'missing'], { cwd: outside })
    expect(code).toBe(1)
    expect(err).toContain('dlfs-quiz init missing')
    expect(existsSync(join(outside, 'missing'))).toBe(false)
  })

  test('--help everywhere, with examples; --version', async () => {
    for (const argv of [['--help'], ['check', '--help'], ['help', 'grade'], ['dev', 'check', '-h'], ['watch', '--help', '--lang', 'ja']]) {
      const { code, out } = await fx.run(argv)
      expect(code).toBe(0)
      expect(out).toMatch(/Examples:|例:/)
    }
    expect((await fx.run(['grade', '--help'])).out).toContain('--min-score X')
    expect((await fx.run(['--version'])).out).toBe('1.2.3\n')
  })
})

test('detectLang: flag, then DLFS_LANG, then the locale', () => {
  expect(detectLang('ja', {})).toBe('ja')
  expect(detectLang('xx', {})).toBeNull()
  expect(detectLang(undefined, { DLFS_LANG: 'en', LANG: 'ja_JP.UTF-8' })).toBe('en')
  expect(detectLang(undefined, { LC_ALL: 'ja_JP.UTF-8', LANG: 'en_US' })).toBe('ja')
  expect(detectLang(undefined, { LANG: 'C' })).toBe('en')
})
