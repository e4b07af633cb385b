// A small fake kit for the CLI's in-process tests: three exercises in two chapters, their templates in a
// temporary clone-shaped folder, and a grader that reads markers in the learner's file instead of
// running checks, so every command is tested in milliseconds. The real grader is tested in cli-grader.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { captureIO, type CapturedIO } from '../src/cli/capture-io.js'
import type { ExerciseResult, Grader } from '../src/cli/grader-api.js'
import { kitAt, type Kit } from '../src/cli/kit.js'
import { main } from '../src/cli/main.js'
import type { ExerciseDef } from '../src/grader/types.js'

const def = (id: string, chapter: number, file: string, en: string, ja: string): ExerciseDef<any> => ({
  id,
  chapter,
  section: `§${id.split('-')[0]}`,
  file,
  title: { en, ja },
  hints: { en: [`${id} hint one`, `${id} hint two`, `${id} hint three`], ja: [`${id} ヒント1`, `${id} ヒント2`, `${id} ヒント3`] },
  forbidden: [],
  reference: async () => ({}),
  solution: { file: `packages/layers/src/${id}.ts`, symbol: en },
  checks: [
    { id: 'forward', title: { en: 'forward works', ja: 'forward が正しい' }, weight: 2, run: () => {} },
    { id: 'backward', title: { en: 'backward works', ja: 'backward が正しい' }, weight: 1, run: () => {} },
  ],
  mutants: [],
})

export const fakeCurriculum = [
  def('1.5.5-alpha', 1, '01-matrix/01-alpha/alpha.ts', 'Alpha', 'アルファ'),
  def('1.6.1-beta', 1, '01-matrix/02-beta/beta.ts', 'Beta', 'ベータ'),
  def('5.6.2-gamma', 5, '05-backprop/01-gamma/gamma.ts', 'Gamma', 'ガンマ'),
]

export const stub = (id: string) => `export function f(): number {\n  // TODO(${id}): implement\n  throw new Error('TODO(${id}): not implemented')\n}\n`
export const solved = 'export function f(): number {\n  return 1\n}\n'
/** A file whose backward check fails (the fake grader reads the marker). */
export const halfDone = 'export function f(): number {\n  return 2 // FAIL:backward\n}\n'

/**
 * The fake engine: a file still throwing TODO is not started; `FAIL:<check>` markers fail those checks
 * with a value-mismatch detail; anything else passes. Score from the check weights, as the real one.
 */
export const fakeGrader: Grader = {
  async gradeExercise(d, file) {
    const exercise = d as ExerciseDef<any>
    const text = readFileSync(file, 'utf8')
    const notStarted = text.includes(`TODO(${exercise.id}): not implemented`)
    const checks = exercise.checks.map((c) => {
      const status = notStarted ? ('not-started' as const) : text.includes(`FAIL:${c.id}`) ? ('failed' as const) : ('passed' as const)
      const detail =
        status === 'failed'
          ? {
              what: 'dx',
              index: [0, 1],
              expected: '0.5',
              got: '-0.5',
              message: { en: 'dx[0, 1] is -0.5, expected 0.5', ja: 'dx[0, 1] が -0.5 です。期待値は 0.5 です' },
              likely: { en: 'the sign is flipped', ja: '符号が逆です' },
              input: '{"n":1}',
            }
          : undefined
      return { id: c.id, title: c.title, weight: c.weight, status, ...(detail ? { detail } : {}) }
    })
    const total = checks.reduce((s, c) => s + c.weight, 0)
    const score = checks.filter((c) => c.status === 'passed').reduce((s, c) => s + c.weight, 0) / total
    const status = notStarted ? 'not-started' : checks.every((c) => c.status === 'passed') ? 'passed' : 'failed'
    return { id: exercise.id, status, score, checks, durationMs: 1 } satisfies ExerciseResult
  },
  async devCheck() {
    return { ok: true, exercises: 3, problems: [], stubsInWorker: 3, durationMs: 5 }
  },
  formatDevCheck: (report) => `dev check: ${report.exercises} exercises, all rules hold`,
}

export interface RunOptions {
  cwd?: string
  env?: Record<string, string | undefined>
  tty?: boolean
  /** Typed before the command starts (a confirmation). */
  keys?: string
}

export interface Fixture {
  root: string
  kit: Kit
  /** <root>/study, the clone's default workspace. */
  study: string
  run(argv: string[], opts?: RunOptions): Promise<{ code: number; out: string; err: string; cap: CapturedIO }>
  /** Start a command without waiting for it (watch): its streams, and its exit code when it ends. */
  start(argv: string[], opts?: RunOptions): { cap: CapturedIO; done: Promise<number> }
  cleanup(): void
}

const README = (id: string) =>
  `# ${id}\n\n<!-- lang:ja -->\n**本書 §${id}**\n\n${id} の日本語の問題文です。\n\n<!-- lang:en -->\n**Book §${id}**\n\nThe English statement of ${id}: \`f()\`.\n`

/** A clone-shaped temporary kit: pnpm-workspace.yaml, apps/quiz/exercises templates, packages/layers sources. */
export function makeFixture(): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'dlfs-quiz-cli-'))
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - apps/*\n')
  const quizRoot = join(root, 'apps', 'quiz')
  mkdirSync(quizRoot, { recursive: true })
  writeFileSync(join(quizRoot, 'package.json'), JSON.stringify({ name: '@dlfs/quiz', version: '1.2.3' }))
  for (const d of fakeCurriculum) {
    const file = join(quizRoot, 'exercises', d.file)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, stub(d.id))
    writeFileSync(join(dirname(file), 'README.md'), README(d.id))
    const solution = join(root, d.solution.file)
    mkdirSync(dirname(solution), { recursive: true })
    writeFileSync(solution, `// the kit's ${d.id}\nexport const answer = 42\n`)
  }
  const kit = kitAt(quizRoot)
  return {
    root,
    kit,
    study: join(root, 'study'),
    start(argv, opts = {}) {
      const cap = captureIO({ cwd: opts.cwd ?? root, env: { LANG: 'en_US.UTF-8', ...opts.env }, tty: opts.tty ?? false, now: () => new Date(2025, 0, 2, 3, 4, 5) })
      if (opts.keys !== undefined) cap.type(opts.keys)
      return { cap, done: main(argv, cap.io, { kit, curriculum: fakeCurriculum, loadGrader: async () => fakeGrader }) }
    },
    async run(argv, opts = {}) {
      const { cap, done } = this.start(argv, opts)
      const code = await done
      return { code, out: cap.stdout(), err: cap.stderr(), cap }
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  }
}
