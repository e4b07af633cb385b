// The dlfs-quiz CLI with the real grading engine and curriculum: the Affine exercise's stub is "not
// started", a correct Affine (written differently from the kit's) passes, in-process and through a
// real `tsx` process as `pnpm quiz` runs it.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { captureIO } from '../src/cli/capture-io.js'
import { main } from '../src/cli/main.js'
import { curriculum } from '../src/curriculum/index.js'

const quizRoot = fileURLToPath(new URL('..', import.meta.url))
const affine = curriculum.find((d) => d.id === '5.6.2-affine')!

/** A correct Affine with loops for db, to show that different code giving the same outputs passes. */
const CORRECT_AFFINE = `import type { NDArray } from '@dlfs/matrix'

export class Affine {
  dW: NDArray | null = null
  db: NDArray | null = null
  private x: NDArray | null = null

  constructor(public W: NDArray, public b: NDArray) {}

  forward(x: NDArray): NDArray {
    this.x = x
    return x.dot(this.W).add(this.b)
  }

  backward(dout: NDArray): NDArray {
    this.dW = this.x!.T.dot(dout)
    // db by loops, where the kit's Affine writes dout.sum(0).
    const [n, m] = dout.shape as [number, number]
    const db = this.b.mul(0)
    for (let j = 0; j < m; j++) {
      let total = 0
      for (let i = 0; i < n; i++) total += dout.get(i, j)
      db.set([j], total)
    }
    this.db = db
    return dout.dot(this.W.T)
  }
}
`

let ws: string
beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), 'dlfs-quiz-ws-'))
})
afterAll(() => rmSync(ws, { recursive: true, force: true }))

async function run(argv: string[], env: Record<string, string> = {}) {
  const cap = captureIO({ cwd: ws, env: { LANG: 'en_US.UTF-8', ...env } })
  const code = await main(['--workspace', ws, ...argv], cap.io)
  return { code, out: cap.stdout(), err: cap.stderr() }
}

test('a stub still throwing TODO is not started (exit 1); a correct file passes (exit 0)', async () => {
  const pristine = await run(['check', '5.6.2-affine'])
  expect([pristine.code, pristine.out.includes('· not started')]).toEqual([1, true])
  // Edited but still throwing: the engine itself says "not started" (the untouched stub needs no worker).
  const stubText = readFileSync(join(ws, affine.file), 'utf8')
  expect(stubText).toContain('TODO(5.6.2-affine)')
  writeFileSync(join(ws, affine.file), `${stubText}\n// my notes\n`)
  const stub = await run(['check', '5.6.2-affine'])
  expect(stub.code).toBe(1)
  expect(stub.out).toContain('· not started')
  expect(stub.out).toMatch(/score 0%  \d+\.\d s/)
  writeFileSync(join(ws, affine.file), CORRECT_AFFINE)
  const good = await run(['check', 'affine'])
  expect(good.out).toContain('✓ passed  score 100%')
  expect(good.code).toBe(0)
  const solution = await run(['solution', '5.6.2-affine'])
  expect(solution.code).toBe(0)
  expect(solution.out).toContain('class Affine')
}, 30_000)

test('a real process through tsx, as `pnpm quiz` runs it', async () => {
  writeFileSync(join(ws, affine.file), CORRECT_AFFINE)
  const tsx = join(quizRoot, 'node_modules', '.bin', 'tsx')
  const spawnCli = (argv: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(tsx, ['--conditions=@dlfs/source', join(quizRoot, 'src', 'cli', 'main.ts'), '--workspace', ws, ...argv], {
        cwd: ws,
        env: { ...process.env, NO_COLOR: '1', DLFS_LANG: '', ...env },
      })
      let out = ''
      child.stdout.on('data', (c) => (out += c))
      child.stderr.on('data', (c) => (out += c))
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, out }))
    })
  const [check, home] = await Promise.all([spawnCli(['check', '5.6.2-affine'], { LANG: 'en_US.UTF-8' }), spawnCli([], { LANG: 'ja_JP.UTF-8' })])
  expect(check.out).toContain('✓ passed  score 100%')
  expect(check.code).toBe(0)
  expect(home.code).toBe(0)
  expect(home.out).toContain('問合格')
  expect(home.out).toContain('次の演習')
}, 30_000)
