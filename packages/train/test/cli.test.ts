// End-to-end tests of `dlfs-train`: in-process through `main` with stream doubles (fast), and one real
// process through tsx, as a user runs it from source. Tiny data sizes keep each run well under a second.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import { decodeSafetensors } from '../src/io/safetensors.js'

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** main(argv) with captured output; tty and env as given. */
function run(argv: string[], { tty = false, env = {} as Record<string, string> } = {}): Run {
  let stdout = ''
  let stderr = ''
  const code = main(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: tty, columns: 100 },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty, columns: 100 },
    env,
  })
  return { code, stdout, stderr }
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '')
const lastJson = (text: string) => JSON.parse(lines(text).at(-1)!) as Record<string, unknown>
const SMALL = ['--train-size', '500', '--test-size', '200']
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
const dir = mkdtempSync(join(tmpdir(), 'dlfs-train-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('dlfs-train: help, version and bad flags', () => {
  it('--help prints the usage on stdout and exits 0', () => {
    const r = run(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^dlfs-train: train the networks/)
    expect(r.stdout).toContain('--batch-size N')
    expect(r.stderr).toBe('')
  })

  it('--version prints the package version', () => {
    expect(run(['--version'])).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' })
  })

  it('a bad flag: one line naming it, the hint to run --help, exit code 2, nothing on stdout', () => {
    const r = run(['--net', 'two-layer', '--hidden', '100,100'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(lines(r.stderr)).toEqual([
      'dlfs-train: error: --net two-layer takes one hidden size, got --hidden 100,100 (lists are for multi-layer nets)',
      'run dlfs-train --help for the list of flags',
    ])
  })

  it('sizes the bundled digits cannot meet are a usage error too', () => {
    const r = run(['--train-size', '9000'])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)[0]).toBe('dlfs-train: error: --train-size 9000 plus --test-size 2000 exceeds the 10000 bundled digits: lower them, or use --data-dir with the full MNIST')
  })

  it('colours the error prefix on a terminal, not with NO_COLOR', () => {
    expect(run(['--foo'], { tty: true }).stderr).toContain('\x1b[31mdlfs-train: error:\x1b[0m')
    expect(run(['--foo'], { tty: true, env: { NO_COLOR: '1' } }).stderr).not.toContain('\x1b[')
  })
})

describe('dlfs-train: training runs', () => {
  it('--json: stdout holds exactly one JSON object with the result; the human lines go to stderr', () => {
    const r = run([...SMALL, '--epochs', '1', '--json'])
    expect(r.code).toBe(0)
    expect(lines(r.stdout)).toHaveLength(1)
    const json = lastJson(r.stdout)
    for (const key of ['trainAcc', 'testAcc', 'loss', 'seconds', 'iterations']) expect(typeof json[key]).toBe('number')
    expect(json).toMatchObject({ net: 'two-layer', optimizer: 'sgd', lr: 0.1, epochs: 1, batchSize: 100, seed: 0, iterations: 5, trainSize: 500, testSize: 200 })
    expect(json.testAcc).toBeGreaterThan(0.1) // five SGD steps already beat chance
    expect(lines(r.stderr).at(-1)).toMatch(/^done: train acc 0\.\d{4}, test acc 0\.\d{4}, loss \d\.\d{4} \(5 iterations in \d+\.\ds\)$/)
  })

  it('not on a terminal: a header, one plain line per epoch, then the summary', () => {
    const r = run([...SMALL, '--epochs', '3'])
    expect(r.code).toBe(0)
    const out = lines(r.stdout)
    expect(out).toHaveLength(5)
    expect(out[0]).toBe('training two-layer (hidden 50) with sgd lr 0.1, batch 100, 3 epochs = 15 iterations on 500 train / 200 test samples, seed 0')
    out.slice(1, 4).forEach((line, k) => {
      expect(line).toMatch(new RegExp(`^epoch ${k + 1}/3  train acc \\d\\.\\d{4}  test acc \\d\\.\\d{4}  loss \\d\\.\\d{4}  \\(iteration ${5 * k + 1}/15, \\d+\\.\\ds\\)$`))
    })
    expect(out[4]).toMatch(/^done: /)
    expect(r.stdout).not.toContain('\r')
    expect(r.stdout).not.toContain('\x1b[')
  })

  it('on a terminal: a progress bar redrawn in place, coloured unless NO_COLOR is set', () => {
    const coloured = run([...SMALL, '--epochs', '1'], { tty: true })
    expect(coloured.stdout).toMatch(/\r\[.*\] 5\/5 100% loss \d\.\d{4} ETA \d+:\d\d/)
    expect(coloured.stdout).toContain('\x1b[32m')
    const plain = run([...SMALL, '--epochs', '1'], { tty: true, env: { NO_COLOR: '1' } })
    expect(plain.stdout).toContain('5/5 100%')
    expect(plain.stdout).not.toMatch(/\x1b\[\d+m/)
  })

  it('--quiet leaves only the summary (or, with --json, only the JSON)', () => {
    expect(lines(run([...SMALL, '--epochs', '1', '--quiet']).stdout)).toEqual([expect.stringMatching(/^done: /)])
    const r = run([...SMALL, '--epochs', '1', '--quiet', '--json'])
    expect(r.stderr).toBe('')
    expect(lines(r.stdout)).toHaveLength(1)
  })

  it('one --seed repeats a run exactly; another seed differs', () => {
    const result = (seed: string) => {
      const { seconds: _, ...rest } = lastJson(run([...SMALL, '--epochs', '1', '--json', '--seed', seed]).stdout)
      return rest
    }
    expect(result('3')).toEqual(result('3'))
    expect(result('4').loss).not.toBe(result('3').loss)
  })

  it('a diverging run stops with the iteration and a hint, exit code 1 (and a JSON error with --json)', () => {
    const r = run([...SMALL, '--epochs', '1', '--lr', '1e200', '--json'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/dlfs-train: error: Trainer: training diverged at iteration \d+ of 5: loss is NaN; try a smaller learning rate than lr=1e\+200/)
    expect(lastJson(r.stdout)).toMatchObject({ error: 'diverged', iteration: expect.any(Number), loss: 'NaN' })
  })

  it('trains the conv nets on (N, 1, 28, 28) images', () => {
    const r = run(['--net', 'simple-conv', '--hidden', '10', '--train-size', '10', '--test-size', '10', '--batch-size', '10', '--epochs', '1', '--optimizer', 'adam', '--eval-samples', '5', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(lastJson(r.stdout)).toMatchObject({ net: 'simple-conv', hidden: [10], optimizer: 'adam', lr: 0.001, iterations: 1 })
  })
})

describe('dlfs-train: --save and --load', () => {
  it('--save then --load --epochs 0 reproduces the accuracies; the file carries the settings', () => {
    const file = join(dir, 'two-layer.safetensors')
    const trained = lastJson(run([...SMALL, '--epochs', '2', '--hidden', '20', '--seed', '5', '--save', file, '--json']).stdout)
    const metadata = decodeSafetensors(readFileSync(file)).metadata
    expect(metadata).toMatchObject({ format: 'dlfs-train', net: 'two-layer', hidden: '20', seed: '5', testAcc: String(trained.testAcc) })
    // A different seed: the loaded weights, not the initialisation, decide the result.
    const loaded = lastJson(run([...SMALL, '--epochs', '0', '--hidden', '20', '--seed', '9', '--load', file, '--json']).stdout)
    expect(loaded).toMatchObject({ iterations: 0, loss: null, trainAcc: trained.trainAcc, testAcc: trained.testAcc, loaded: file })
  })

  it('keeps BatchNormalization\'s running statistics, which inference needs', () => {
    const file = join(dir, 'batchnorm.safetensors')
    const flags = ['--net', 'multi-layer-extend', '--hidden', '16,16', '--batchnorm', '--train-size', '300', '--test-size', '100', '--json']
    const trained = lastJson(run([...flags, '--epochs', '2', '--save', file]).stdout)
    expect(Object.keys(decodeSafetensors(readFileSync(file)).params)).toContain('runningMean1')
    const loaded = lastJson(run([...flags, '--epochs', '0', '--load', file]).stdout)
    expect(loaded.testAcc).toBe(trained.testAcc)
  })

  it('--load of a file saved with other network flags names them (exit 2); a missing file exits 1', () => {
    const file = join(dir, 'hidden20.safetensors')
    run([...SMALL, '--epochs', '0', '--hidden', '20', '--save', file])
    const r = run([...SMALL, '--epochs', '0', '--net', 'two-layer-sigmoid', '--hidden', '20', '--load', file])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)[0]).toBe(`dlfs-train: error: --load ${file}: it was saved with --net two-layer --hidden 20, not --net two-layer-sigmoid --hidden 20: pass the same flags`)
    const missing = run([...SMALL, '--load', join(dir, 'nope.safetensors')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("cannot read '")
  })
})

describe('dlfs-train: as a process (tsx, from source)', () => {
  const mainTs = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))
  const spawn = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@dlfs/source', mainTs, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })

  it('exits 0 with the JSON result last on stdout, and 2 on a bad flag', () => {
    const ok = spawn(['--train-size', '200', '--test-size', '100', '--epochs', '1', '--json'])
    expect(ok.status, ok.stderr).toBe(0)
    expect(lastJson(ok.stdout)).toMatchObject({ net: 'two-layer', iterations: 2 })
    const bad = spawn(['--optimizer', 'lbfgs'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain("unknown --optimizer 'lbfgs'")
  }, 30_000)
})
