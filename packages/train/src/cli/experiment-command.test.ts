import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { EXPERIMENTS } from '../experiments/experiments.js'
import { parseCsv } from '../experiments/_csv.js'
import { main } from './main.js'
import { DEFAULT_OUT, experimentUsage, parseExperimentArgs, runExperimentCommand } from './experiment-command.js'

const dir = mkdtempSync(join(tmpdir(), 'dlfs-experiment-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** runExperimentCommand with captured output. */
async function run(argv: string[], { tty = false } = {}) {
  let stdout = ''
  let stderr = ''
  const code = await runExperimentCommand(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: tty, columns: 90 },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty, columns: 90 },
    env: { NO_COLOR: '1' },
  })
  return { code, stdout, stderr }
}

describe('cli: parseExperimentArgs', () => {
  it('reads a name and the flags, with defaults out ./dlfs-output, seed 0, the default size', () => {
    expect(parseExperimentArgs(['ch06-overfit'])).toEqual({
      kind: 'run', name: 'ch06-overfit', out: DEFAULT_OUT, seed: 0, mode: 'default', load: null, json: false, quiet: false,
    })
    expect(parseExperimentArgs(['misclassified', '--out', 'o', '--seed', '3', '--quick', '--load', 'n.safetensors', '--json', '--quiet']))
      .toEqual({ kind: 'run', name: 'misclassified', out: 'o', seed: 3, mode: 'quick', load: 'n.safetensors', json: true, quiet: true })
    expect(parseExperimentArgs(['ch07-train', '--full'])).toMatchObject({ mode: 'full' })
    expect(parseExperimentArgs(['--list'])).toEqual({ kind: 'list', json: false })
    expect(parseExperimentArgs(['-h'])).toEqual({ kind: 'help' })
  })

  it.each([
    [[], 'name an experiment (dlfs-train experiment --list shows them)'],
    [['ch06-overfit', 'ch07-train'], 'one experiment at a time, got ch06-overfit ch07-train'],
    [['ch99'], `unknown experiment 'ch99' (choose one of: ${EXPERIMENTS.map((e) => e.name).join(', ')})`],
    [['ch06-overfit', '--quick', '--full'], '--quick and --full exclude each other'],
    [['ch06-overfit', '--seed', '-1'], 'flag --seed needs a value'],
    [['ch06-overfit', '--seed', '1.5'], "--seed must be an integer >= 0, got '1.5'"],
    [['ch06-overfit', '--epochs', '3'], 'unknown flag --epochs'],
    [['ch06-overfit', '--out', ''], '--out needs a path, got an empty string'],
    [['ch06-overfit', '--load', 'a.safetensors'], 'ch06-overfit trains its own networks: drop --load (only ch07-filters, misclassified take it)'],
  ])('%j → %s', (argv, message) => {
    expect(() => parseExperimentArgs(argv)).toThrow(message)
  })

  it('the help text lists every experiment with its book script, in lines of at most 100 characters', () => {
    const text = experimentUsage()
    for (const e of EXPERIMENTS) expect(text).toContain(`${e.name}  `)
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100)
  })
})

describe('cli: dlfs-train experiment (in-process)', () => {
  it('--list prints every experiment; --list --json as one JSON array', async () => {
    const text = await run(['--list'])
    expect(text.code).toBe(0)
    for (const e of EXPERIMENTS) expect(text.stdout).toContain(e.name)
    const json = await run(['--list', '--json'])
    expect(JSON.parse(json.stdout)).toEqual(EXPERIMENTS.map(({ name, book, description }) => ({ name, book, description })))
  })

  it('runs one: summary and file names on stdout, terminal charts only on a terminal; --json: one JSON line', async () => {
    const out = join(dir, 'inproc')
    const plain = await run(['ch06-optimizer-toy', '--quick', '--out', out])
    expect(plain.code, plain.stderr).toBe(0)
    expect(plain.stdout).toContain(`wrote ${join(out, 'ch06-optimizer-toy.svg')}`)
    expect(plain.stdout).not.toContain('┤')
    const tty = await run(['ch06-optimizer-toy', '--quick', '--out', out], { tty: true })
    expect(tty.stdout).toContain('f(x, y) along each path')
    expect(tty.stdout).toContain('┤')
    const json = await run(['ch06-optimizer-toy', '--quick', '--out', out, '--json'], { tty: true })
    const lines = json.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const report = JSON.parse(lines[0]!) as Record<string, unknown>
    expect(report).toMatchObject({ experiment: 'ch06-optimizer-toy', mode: 'quick', seed: 0, rows: 956 })
    expect(json.stderr).toContain('wrote ')
    expect(json.stderr).not.toContain('┤')
  }, 30_000)

  it('bad flags exit 2 with a hint; a missing --load file exits 1 naming it', async () => {
    const bad = await run(['nope'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("dlfs-train: error: unknown experiment 'nope'")
    expect(bad.stderr).toContain('run dlfs-train experiment --help')
    const missing = await run(['misclassified', '--quick', '--out', dir, '--load', join(dir, 'none.safetensors')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^dlfs-train: error: .*none\.safetensors/)
  })

  it('misclassified --load: uses a net saved by dlfs-train --save (and ch07-filters refuses one without filters)', async () => {
    const file = join(dir, 'two-layer.safetensors')
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {} }
    expect(main(['--train-size', '300', '--test-size', '100', '--epochs', '2', '--quiet', '--save', file], io)).toBe(0)
    const r = await run(['misclassified', '--quick', '--out', dir, '--load', file, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as { metrics: { testAcc: number; shown: number } }
    expect(report.metrics.shown).toBe(20)
    expect(r.stderr).toContain(`network: ${file} (two-layer 50)`)
    const filters = await run(['ch07-filters', '--quick', '--out', dir, '--load', file])
    expect(filters.code).toBe(1)
    expect(filters.stderr).toContain("its net 'two-layer' has no convolution filters W1")
  }, 30_000)
})

describe('cli: dlfs-train experiment (as a process, tsx from source)', () => {
  const mainTs = fileURLToPath(new URL('./main.ts', import.meta.url))
  const spawn = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@dlfs/source', mainTs, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })

  it('experiment --list, and experiment ch06-optimizer-toy --quick --out DIR writes the SVG and the CSV', () => {
    const list = spawn(['--', 'experiment', '--list']) // a leading `--`, as `pnpm train -- experiment …` passes it
    expect(list.status, list.stderr).toBe(0)
    expect(list.stdout.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(' ')[0])).toEqual(EXPERIMENTS.map((e) => e.name))

    const out = join(dir, 'e2e')
    const r = spawn(['experiment', 'ch06-optimizer-toy', '--quick', '--out', out])
    expect(r.status, r.stderr).toBe(0)
    const svg = readFileSync(join(out, 'ch06-optimizer-toy.svg'), 'utf8')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('mark-line')
    const csv = parseCsv(readFileSync(join(out, 'ch06-optimizer-toy.csv'), 'utf8'))
    expect(csv[0]).toEqual(['series', 'step', 'x', 'y', 'f'])
    expect(csv).toHaveLength(1 + 956)

    const bad = spawn(['experiment', 'ch06-optimizer-toy', '--quick', '--full'])
    expect(bad.status).toBe(2)
    expect(existsSync(join(out, 'nope'))).toBe(false)
  }, 60_000)
})
