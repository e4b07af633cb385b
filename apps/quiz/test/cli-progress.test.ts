// The learner's progress with the dlfs-quiz CLI (fake kit of cli-fixture.ts): hints remembered,
// solutions only after a pass, reset with a backup, a progress file that can be lost, and watch mode.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { watchExercise } from '../src/cli/file-watcher.js'
import { parseState } from '../src/cli/state.js'
import { fakeCurriculum, halfDone, makeFixture, solved, stub, type Fixture } from './cli-fixture.js'

let fx: Fixture
beforeEach(() => {
  fx = makeFixture()
})
afterEach(() => fx.cleanup())

const alpha = fakeCurriculum[0]!
const statePath = () => join(fx.study, '.dlfs-quiz', 'state.json')
const write = (text: string) => writeFileSync(join(fx.study, alpha.file), text)

test('hint: one more level each run, remembered; says when all are shown; defaults to the next exercise', async () => {
  const first = await fx.run(['hint', 'alpha'])
  expect(first.out).toContain('Hint 1/3  1.5.5-alpha hint one')
  expect(first.out).not.toContain('hint two')
  expect(first.out).toContain('again for a more specific hint')
  const second = await fx.run(['hint', '1.5.5-alpha'])
  expect(second.out).toContain('Hint 1/3  1.5.5-alpha hint one')
  expect(second.out).toContain('Hint 2/3  1.5.5-alpha hint two')
  expect((await fx.run(['hint'])).out).toContain('That was the last hint')
  const after = await fx.run(['hint', 'alpha', '--lang', 'ja'])
  expect(after.out).toContain('ヒント 3/3  1.5.5-alpha ヒント3')
  expect(after.out).toContain('ヒントはすべて表示済みです')
  expect(JSON.parse(readFileSync(statePath(), 'utf8')).exercises['1.5.5-alpha'].hintLevel).toBe(3)
  expect((await fx.run(['hint', 'beta'])).out).toContain('Hint 1/3  1.6.1-beta hint one')
})

test('solution: kindly refused before a pass, shown after (and still after the file breaks again)', async () => {
  const refused = await fx.run(['solution', 'alpha'])
  expect(refused.code).toBe(1)
  expect(refused.out).toContain('opens once your own version passes')
  expect(refused.out).not.toContain('answer = 42')
  expect((await fx.run(['solution', 'alpha', '--lang', 'ja'])).out).toContain('合格してから表示します')
  write(solved)
  await fx.run(['check', 'alpha'])
  write(halfDone)
  await fx.run(['check', 'alpha'])
  const shown = await fx.run(['solution', 'alpha'])
  expect(shown.code).toBe(0)
  expect(shown.out).toContain("The kit's solution of 1.5.5-alpha (Alpha)")
  expect(shown.out).toContain(join('packages', 'layers', 'src', '1.5.5-alpha.ts'))
  expect(shown.out).toContain("// the kit's 1.5.5-alpha\nexport const answer = 42\n")
})

describe('reset', () => {
  test('backs the learner’s file up, restores the stub and marks the exercise not started', async () => {
    await fx.run([])
    write(solved)
    await fx.run(['check', 'alpha'])
    const { code, out } = await fx.run(['reset', 'alpha'])
    expect(code).toBe(0)
    const backup = join(fx.study, `${alpha.file}.bak-20250102-030405`)
    expect(out).toContain(`Your version is in ${join('study', `${alpha.file}.bak-20250102-030405`)}`)
    expect(readFileSync(backup, 'utf8')).toBe(solved)
    expect(readFileSync(join(fx.study, alpha.file), 'utf8')).toBe(stub('1.5.5-alpha'))
    expect(JSON.parse(readFileSync(statePath(), 'utf8')).exercises['1.5.5-alpha'].status).toBe('not-started')
    // The stub again: nothing to do, no second backup.
    expect((await fx.run(['reset', 'alpha'])).out).toContain('already the original stub')
    // A second reset in the same second keeps both backups.
    write(halfDone)
    await fx.run(['reset', 'alpha'])
    expect(readFileSync(`${backup}-2`, 'utf8')).toBe(halfDone)
  })

  test('asks on a terminal: no keeps the file, yes resets; --yes skips the question', async () => {
    await fx.run([])
    write(solved)
    const no = await fx.run(['reset', 'alpha'], { tty: true, keys: 'n\n', env: { NO_COLOR: '1' } })
    expect(no.code).toBe(1)
    expect(no.out).toContain('[y/N]')
    expect(no.out).toContain('Cancelled')
    expect(readFileSync(join(fx.study, alpha.file), 'utf8')).toBe(solved)
    const yes = await fx.run(['reset', 'alpha'], { tty: true, keys: 'y\n' })
    expect(yes.code).toBe(0)
    expect(readFileSync(join(fx.study, alpha.file), 'utf8')).toBe(stub('1.5.5-alpha'))
    write(solved)
    const forced = await fx.run(['reset', 'alpha', '--yes'], { tty: true })
    expect([forced.code, forced.out.includes('[y/N]')]).toEqual([0, false])
  })
})

describe('the progress file', () => {
  test('is written atomically (no temporary file left) and versioned', async () => {
    await fx.run(['hint', 'alpha'])
    expect(readdirSync(join(fx.study, '.dlfs-quiz'))).toEqual(['state.json'])
    expect(JSON.parse(readFileSync(statePath(), 'utf8'))).toMatchObject({ schema: 1, kitVersion: '1.2.3' })
  })

  test('losing or corrupting it loses nothing: statuses come back by re-grading', async () => {
    await fx.run([])
    write(solved)
    await fx.run(['check', 'alpha'])
    writeFileSync(statePath(), '{ not json')
    const { out, err } = await fx.run(['list'])
    expect(err).toContain('state.json.corrupt')
    expect(err).toContain('dlfs-quiz check')
    expect(out).toContain('edited, not graded yet')
    expect(readFileSync(join(fx.study, alpha.file), 'utf8')).toBe(solved)
    expect(existsSync(`${statePath()}.corrupt`)).toBe(true)
    await fx.run(['check'])
    expect((await fx.run(['list'])).out).toMatch(/✓ 1\.5\.5-alpha/)
  })

  test('two commands at once (watch and hint in two terminals) keep each other’s changes', async () => {
    await fx.run([])
    write(halfDone)
    const { cap, done } = fx.start(['watch'], { tty: true })
    await until(() => cap.stdout().includes('score 67%'))
    await fx.run(['hint', 'alpha'])
    write(solved)
    await until(() => cap.stdout().includes('score 100%'))
    cap.type('q')
    await done
    expect(JSON.parse(readFileSync(statePath(), 'utf8')).exercises['1.5.5-alpha']).toMatchObject({ status: 'passed', hintLevel: 1 })
  }, 30_000)

  test('parseState keeps valid entries of older or partial files and drops the rest', () => {
    const text = JSON.stringify({ schema: 0, exercises: { a: { status: 'passed', score: 1, hintLevel: 2 }, b: 'junk', c: { status: 'odd' } } })
    expect(parseState(text, '9.9.9')).toEqual({
      schema: 1,
      kitVersion: '9.9.9',
      exercises: { a: { status: 'passed', score: 1, bestScore: 0, hintLevel: 2 }, c: { status: 'not-started', score: 0, bestScore: 0, hintLevel: 0 } },
    })
    expect(parseState('[]', 'x')).toBeNull()
  })
})

test('a folder marked as a workspace is found from any folder below it', async () => {
  const ws = join(fx.root, 'mine')
  mkdirSync(join(ws, 'deep'), { recursive: true })
  writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'mine', dlfs: { workspace: 1 } }))
  const { out } = await fx.run([], { cwd: join(ws, 'deep') })
  expect(out).toContain(`Edit: ${join('..', '01-matrix', '01-alpha', 'alpha.ts')}`)
  expect(existsSync(fx.study)).toBe(false)
  // A workspace with its own package.json gets no links into the kit: it installs the packages.
  expect(existsSync(join(ws, 'node_modules'))).toBe(false)
})

describe('watch', () => {
  test('grades now and on every save; keys: h hint, l list, n next, q quit', async () => {
    await fx.run([])
    const { cap, done } = fx.start(['watch'], { tty: true, env: { NO_COLOR: '1' } })
    await until(() => cap.stdout().includes('· not started'))
    expect(cap.stdout()).toContain('Watching')
    expect(cap.stdout()).toContain('keys: n next')
    write(halfDone)
    await until(() => cap.stdout().includes('✗ failing  score 67%'))
    cap.type('h')
    await until(() => cap.stdout().includes('Hint 1/3'))
    cap.type('l')
    await until(() => cap.stdout().includes('Chapter 5'))
    write(solved)
    await until(() => cap.stdout().includes('Press n for the next exercise'))
    cap.type('n')
    await until(() => cap.stdout().includes('Next exercise: 1.6.1-beta'))
    cap.type('q')
    expect(await done).toBe(0)
    expect(JSON.parse(readFileSync(statePath(), 'utf8')).exercises['1.5.5-alpha']).toMatchObject({ status: 'passed', hintLevel: 1 })
  }, 30_000)

  test('--poll watches by polling; without a terminal it moves on after a pass by itself', async () => {
    await fx.run([])
    const { cap, done } = fx.start(['watch', '--poll'])
    await until(() => cap.stdout().includes('(polling)'))
    await until(() => cap.stdout().includes('· not started'))
    write(solved)
    await until(() => cap.stdout().includes('Moving on to the next exercise'))
    await until(() => cap.stdout().includes('Next exercise: 1.6.1-beta'))
    process.emit('SIGINT')
    expect(await done).toBe(0)
  }, 30_000)
})

test('where file events cannot be used, watching falls back to polling and says why', () => {
  const reasons: string[] = []
  const w = watchExercise(join(fx.root, 'no-such-folder', 'x.ts'), () => {}, { onFallback: (r) => reasons.push(r) })
  expect(w.mode).toBe('poll')
  expect(reasons[0]).toMatch(/ENOENT/)
  w.close()
})

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${cond}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
