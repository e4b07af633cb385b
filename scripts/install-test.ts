// `pnpm install-test`: the packed kit installed the way users get it, outside the workspace.
//
//   tsx scripts/install-test.ts [--no-build] [--keep]
//
// Builds and packs every publishable package, then in a fresh temporary npm project (no workspace
// links; their registry dependencies come from the npm registry):
//   1. `npm install` the five tarballs; each @dlfs package is a real folder resolving to dist/;
//   2. an ESM script trains TwoLayerNet (@dlfs/layers + @dlfs/train) on 1,000 bundled MNIST digits for
//      2 epochs and must reach the test accuracy below; `dlfs-train --help` runs;
//   3. `dlfs-quiz init ws --from <tarballs>` (file: dependencies, as the packages are not on the
//      registry yet), `npm install` in ws, then `dlfs-quiz check`: every stub "not started", exit 1;
//   4. one exercise solved in ws passes (`dlfs-quiz check 5.5.1-relu`, exit 0): the grader's worker
//      loads the learner's TypeScript through tsx from the installed dist.
// Prints PASS/FAIL per check and `install-test: N passed, N failed`; writes
// .vitest/checks/install-test.json for the CI counts. --keep leaves the temporary folder.
import { spawnSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { Checks, buildAll, packAll, type Packed } from './pack-lib.ts'

const argv = process.argv.slice(2)
/** Test accuracy the 2-epoch run must beat (it reaches about 0.8, the same on every machine: all seeded). */
const MIN_TEST_ACCURACY = 0.7

interface Ran {
  status: number | null
  out: string
}

/** A command's output, indented under the check it belongs to. */
const indent = (out: string) => out.trimEnd().replace(/^/gm, '    ')

/** Runs a command in `cwd`; its output is kept, and printed (indented) when a check fails on it. */
function sh(cwd: string, cmd: string, args: string[]): Ran {
  // npm's own noise (funding, audit, update notices) is off; NO_COLOR keeps the output matchable.
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', DLFS_LANG: 'en' }
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 10 * 60_000 })
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`
  return { status: r.status, out }
}

function expectStatus(r: Ran, status: number, what: string): void {
  if (r.status !== status) {
    console.log(indent(r.out))
    throw new Error(`${what} exited with ${r.status}, expected ${status}`)
  }
}

/** Each @dlfs package in `project` is a real folder (not a workspace link) whose entry is its dist/index.js. */
function checkInstalled(project: string, packed: Packed[]): string {
  for (const p of packed) {
    const dir = join(project, 'node_modules', p.name)
    if (!existsSync(dir)) throw new Error(`${p.name} is not in ${relative(process.cwd(), dir)}`)
    if (lstatSync(dir).isSymbolicLink()) throw new Error(`${p.name} is a symlink (a workspace link?), not an installed copy`)
  }
  const r = sh(project, 'node', ['--input-type=module', '-e', `for (const n of ${JSON.stringify(packed.map((p) => p.name))}) console.log(import.meta.resolve(n))`])
  expectStatus(r, 0, 'resolving the packages')
  const wrong = r.out.trim().split('\n').filter((url) => !/\/node_modules\/@dlfs\/[^/]+\/dist\/index\.js$/.test(url))
  if (wrong.length > 0) throw new Error(`not resolved to an installed dist/index.js: ${wrong.join(', ')}`)
  return packed.map((p) => `${p.name}@${p.version}`).join(', ')
}

// The user's first script: the book's ch05 TwoLayerNet, trained by the Trainer on the bundled digits.
const TRAIN_SCRIPT = `import { Affine, Relu } from '@dlfs/layers'
import { Rng } from '@dlfs/matrix'
import { Trainer, TwoLayerNet, loadMnist } from '@dlfs/train'

const { xTrain, tTrain, xTest, tTest } = loadMnist({ trainSize: 1000, testSize: 500 })
const net = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10, rng: new Rng(1) })
const layers = [...net.layers.values()]
if (!(layers[0] instanceof Affine) || !(layers[1] instanceof Relu)) throw new Error('TwoLayerNet is not built from the installed @dlfs/layers')
const trainer = new Trainer(net, xTrain, tTrain, xTest, tTest, {
  epochs: 2, miniBatchSize: 100, optimizer: 'Adam', optimizerParam: { lr: 0.01 }, verbose: false,
})
const { trainAcc, testAcc, iterations } = trainer.train()
console.log(JSON.stringify({ trainAcc, testAcc, iterations }))
`

// A correct ReLU layer, as a learner would write it in the workspace.
const RELU_SOLUTION = `import { where, type NDArray } from '@dlfs/matrix'

export class Relu {
  mask: NDArray | null = null

  forward(x: NDArray): NDArray {
    this.mask = x.lessEqual(0)
    return where(this.mask, 0, x)
  }

  backward(dout: NDArray): NDArray {
    return where(this.mask!, 0, dout)
  }
}
`

/** The learner's file of an exercise: the .ts file under `ws` whose stub carries `TODO(<id>)`. */
function findStub(ws: string, id: string): string {
  const hit = readdirSync(ws, { recursive: true, encoding: 'utf8' }).find(
    (f) => f.endsWith('.ts') && !f.includes('node_modules') && readFileSync(join(ws, f), 'utf8').includes(`TODO(${id})`),
  )
  if (!hit) throw new Error(`no stub of ${id} in the workspace`)
  return join(ws, hit)
}

async function main(): Promise<void> {
  const checks = new Checks('install-test')
  if (!argv.includes('--no-build') && !(await checks.check('pnpm build', () => buildAll()))) return checks.finish()
  const tmp = mkdtempSync(join(tmpdir(), 'dlfs-install-'))
  const packedDir = join(tmp, 'packed')
  const project = join(tmp, 'project')
  try {
    let packed: Packed[] = []
    if (!(await checks.check('pnpm pack', async () => {
      packed = await packAll(packedDir)
      return `${packed.length} tarballs`
    }))) return
    mkdirSync(project)
    const installed = await checks.check('npm install <the tarballs> into a fresh npm project', () => {
      expectStatus(sh(project, 'npm', ['init', '-y']), 0, 'npm init -y')
      const t0 = Date.now()
      expectStatus(sh(project, 'npm', ['install', '--no-audit', '--no-fund', ...packed.map((p) => p.tarball)]), 0, 'npm install')
      return `${((Date.now() - t0) / 1000).toFixed(1)} s`
    })
    if (!installed) return
    await checks.check('installed copies, resolved to dist/', () => checkInstalled(project, packed))

    await checks.check(`TwoLayerNet trained from the installed packages: test accuracy > ${MIN_TEST_ACCURACY}`, () => {
      writeFileSync(join(project, 'train.mjs'), TRAIN_SCRIPT)
      const r = sh(project, 'node', ['train.mjs'])
      expectStatus(r, 0, 'node train.mjs')
      const result = JSON.parse(r.out.trim().split('\n').at(-1) ?? '{}') as { testAcc?: number; trainAcc?: number; iterations?: number }
      const detail = `test ${result.testAcc}, train ${result.trainAcc}, ${result.iterations} steps`
      if (!(typeof result.testAcc === 'number' && result.testAcc > MIN_TEST_ACCURACY)) throw new Error(detail)
      return detail
    })
    await checks.check('npx dlfs-train --help', () => {
      const r = sh(project, 'npx', ['--no', '--', 'dlfs-train', '--help'])
      expectStatus(r, 0, 'dlfs-train --help')
      if (!r.out.includes('Usage: dlfs-train')) throw new Error(`no usage text in: ${r.out.slice(0, 200)}`)
    })

    const ws = join(project, 'ws')
    const inited = await checks.check('npx dlfs-quiz init ws --from <tarballs>, then npm install in ws', () => {
      expectStatus(sh(project, 'npx', ['--no', '--', 'dlfs-quiz', 'init', 'ws', '--from', packedDir]), 0, 'dlfs-quiz init')
      const deps = (JSON.parse(readFileSync(join(ws, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies
      const notFile = Object.entries(deps).filter(([, spec]) => !spec.startsWith('file:'))
      if (notFile.length > 0) throw new Error(`not file: dependencies: ${JSON.stringify(Object.fromEntries(notFile))}`)
      expectStatus(sh(ws, 'npm', ['install', '--no-audit', '--no-fund']), 0, 'npm install in ws')
      if (!existsSync(join(ws, 'node_modules', '@dlfs', 'quiz', 'dist'))) throw new Error('ws/node_modules/@dlfs/quiz/dist is missing')
      return `${Object.keys(deps).length} file: dependencies`
    })
    if (!inited) return
    await checks.check('npx dlfs-quiz check in ws: every stub not started, exit 1', () => {
      const r = sh(ws, 'npx', ['--no', '--', 'dlfs-quiz', 'check', '--lang', 'en'])
      expectStatus(r, 1, 'dlfs-quiz check')
      const m = /0\/(\d+) passed, 0 failing, (\d+) not started/.exec(r.out)
      if (!m || m[1] !== m[2] || Number(m[1]) === 0) {
        console.log(indent(r.out))
        throw new Error('expected "0/N passed, 0 failing, N not started"')
      }
      return m[0]
    })
    await checks.check('a solved exercise passes in ws (dlfs-quiz check 5.5.1-relu, exit 0)', () => {
      writeFileSync(findStub(ws, '5.5.1-relu'), RELU_SOLUTION)
      const r = sh(ws, 'npx', ['--no', '--', 'dlfs-quiz', 'check', '5.5.1-relu', '--lang', 'en'])
      expectStatus(r, 0, 'dlfs-quiz check 5.5.1-relu')
      const line = /✓ passed\s+score 100%.*/.exec(r.out)
      if (!line) throw new Error(`no "✓ passed  score 100%" in: ${r.out.slice(0, 500)}`)
      return line[0].trim()
    })
  } finally {
    if (argv.includes('--keep')) console.log(`\nkept ${tmp}`)
    else rmSync(tmp, { recursive: true, force: true })
    checks.finish()
  }
}

await main()
