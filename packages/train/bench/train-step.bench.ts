/**
 * Training-step time: dlfs against numpy (the book's own layer code) and TensorFlow.js's CPU backend.
 *
 *   tsx --conditions=@dlfs/source packages/train/bench/train-step.bench.ts [--json] [--cases two-layer,conv]
 *   pnpm bench [--json]      runs this after the matmul bench (scripts/bench.ts at the root)
 *
 * A step is what the book's training loop does with one mini-batch of 100, minus drawing the batch and
 * minus the loss it recomputes after the update: forward + backward (the network's `gradient`), then the
 * optimizer's in-place update.
 *   TwoLayerNet step:   784-50-10 (ReLU), x (100, 784), SGD lr 0.1 (book ch05)
 *   SimpleConvNet step: 30 filters 5×5, pool 2×2, hidden 100, x (100, 1, 28, 28), Adam lr 0.001 (book ch07)
 * dlfs and numpy compute in float64 (numpy: scripts/numpy-recipes/step_bench.py, one BLAS thread);
 * tfjs-cpu in float32, with tf.variableGrads for the backward pass and NHWC images (bench/_tfjs-steps.ts).
 * Figures are medians after warm-up. Ratios are dlfs ÷ peer time: < 1 means dlfs is faster.
 *
 * Every implementation runs in its own process (this file again with `--peer dlfs|tfjs`; python3 for numpy),
 * for the reason given in packages/matrix/bench/matmul.bench.ts: once tsx has loaded a CommonJS package such
 * as tfjs, V8 checks every typed-array access for a detached buffer, which slowed dlfs's own code.
 */
import { spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { StepCase } from './_dlfs-steps.js'

interface CaseInfo {
  key: StepCase
  name: string
  /** Prefix of the JSON fields: `${json}StepMs`, `${json}StepVsNumpy`, … */
  json: 'twoLayer' | 'conv'
}
const CASES: CaseInfo[] = [
  { key: 'two-layer', name: 'TwoLayerNet 784-50-10, batch 100, SGD', json: 'twoLayer' },
  { key: 'conv', name: 'SimpleConvNet 30×5×5/100, batch 100, Adam', json: 'conv' },
]
const PEERS = ['numpy', 'tfjsCpu'] as const
type Peer = (typeof PEERS)[number]
type Times = Partial<Record<StepCase, number>>
type Skipped = { skipped: string }

const NUMPY_SCRIPT = fileURLToPath(new URL('../scripts/numpy-recipes/step_bench.py', import.meta.url))

function lastLine(text: string | null | undefined): string {
  return text?.trim().split('\n').pop() ?? ''
}

/** This file again as `--peer name`, in a fresh process; its last stdout line is a JSON object of ms per case. */
function timeInChild(peer: 'dlfs' | 'tfjs', cases: readonly StepCase[]): (Times & { version?: string }) | Skipped {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--peer', peer, '--cases', cases.join(',')]
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' })
  const last = lastLine(run.stdout)
  if (run.status !== 0 || !last.startsWith('{')) return { skipped: `${peer} failed: ${lastLine(run.stderr) || run.error?.message}` }
  return JSON.parse(last) as Times & { version?: string }
}

/** numpy on one thread, or why it could not run (no python3, no numpy). */
function timeNumpy(cases: readonly StepCase[]): (Times & { version: string; blas: string }) | Skipped {
  const env: Record<string, string | undefined> = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }
  delete env.OPENBLAS_CORETYPE // let OpenBLAS pick its kernels for this CPU (this subprocess only), as the matmul bench
  delete env.OPENBLAS_L2_SIZE
  const run = spawnSync('python3', [NUMPY_SCRIPT, cases.join(',')], { env, encoding: 'utf8' })
  if (run.error) return { skipped: `python3 not found (${run.error.message})` }
  if (run.status !== 0) {
    const why = /No module named '?numpy/.test(run.stderr) ? 'numpy is not installed' : lastLine(run.stderr)
    return { skipped: `python3 failed: ${why}` }
  }
  const r = JSON.parse(lastLine(run.stdout)) as { numpy: string; blas: string; twoLayerStepMs?: number; convStepMs?: number }
  return {
    version: r.numpy, blas: r.blas,
    ...(r.twoLayerStepMs !== undefined && { 'two-layer': r.twoLayerStepMs }),
    ...(r.convStepMs !== undefined && { conv: r.convStepMs }),
  }
}

async function runPeer(peer: string, cases: readonly StepCase[]): Promise<void> {
  const { stepSink } = await import('./_median-step-ms.js')
  if (peer === 'dlfs') {
    const { timeDlfsSteps } = await import('./_dlfs-steps.js')
    console.log(JSON.stringify(timeDlfsSteps(cases)))
  } else if (peer === 'tfjs') {
    const { timeTfjsSteps } = await import('./_tfjs-steps.js')
    console.log(JSON.stringify(await timeTfjsSteps(cases)))
  } else {
    throw new Error(`train-step.bench: unknown --peer '${peer}' (dlfs or tfjs)`)
  }
  if (stepSink() === 0.5) console.log('') // reads the results' sum; practically never true
}

function parseCases(argv: readonly string[]): StepCase[] {
  const at = argv.indexOf('--cases')
  if (at < 0) return CASES.map((c) => c.key)
  const list = (argv[at + 1] ?? '').split(',')
  for (const c of list) {
    if (!CASES.some((k) => k.key === c)) throw new Error(`train-step.bench: unknown case '${c}' in --cases (two-layer, conv)`)
  }
  return list as StepCase[]
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const cases = parseCases(argv)
  const peerAt = argv.indexOf('--peer')
  if (peerAt >= 0) return runPeer(argv[peerAt + 1] ?? '', cases)

  const json = argv.includes('--json')
  const load = loadavg()[0]!
  const notes: string[] = []
  if (load > cpus().length / 2) notes.push(`load average ${load.toFixed(1)} on ${cpus().length} CPUs: other work is running, times may be inflated`)

  const dlfs = timeInChild('dlfs', cases)
  if ('skipped' in dlfs) throw new Error(`train-step.bench: ${dlfs.skipped}`)
  const tfjs = timeInChild('tfjs', cases)
  if ('skipped' in tfjs) notes.push(tfjs.skipped)
  const numpy = timeNumpy(cases)
  if ('skipped' in numpy) notes.push(`numpy skipped: ${numpy.skipped}`)
  const peerTimes: Record<Peer, Times | null> = {
    numpy: 'skipped' in numpy ? null : numpy,
    tfjsCpu: 'skipped' in tfjs ? null : tfjs,
  }

  const fmt = (x: number | undefined, digits: number) => (x === undefined ? '–' : x.toFixed(digits))
  const ratio = (c: StepCase, p: Peer) => {
    const peerMs = peerTimes[p]?.[c]
    return peerMs === undefined ? undefined : dlfs[c]! / peerMs
  }
  const shown = CASES.filter((c) => cases.includes(c.key))
  const header = ['step (ms, median)', 'dlfs', 'numpy', 'tfjs-cpu', 'dlfs÷numpy', 'dlfs÷tfjs']
  const rows = shown.map((c) => [
    c.name, fmt(dlfs[c.key], 2), fmt(peerTimes.numpy?.[c.key], 2), fmt(peerTimes.tfjsCpu?.[c.key], 2),
    fmt(ratio(c.key, 'numpy'), 2), fmt(ratio(c.key, 'tfjsCpu'), 2),
  ])
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)))
  const line = (cells: string[]) => cells.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  ')
  for (const note of notes) console.log(`note: ${note}`)
  const numpyName = 'skipped' in numpy ? 'numpy skipped' : `numpy ${numpy.version} (${numpy.blas}) on 1 thread`
  const tfjsName = 'skipped' in tfjs ? 'tfjs skipped' : `tfjs-core ${tfjs.version} cpu`
  console.log(`training step ms (forward + backward + update; dlfs and numpy float64, tfjs float32), node ${process.version}, ` +
    `${cpus()[0]?.model ?? 'unknown CPU'}, ${numpyName}, ${tfjsName}`)
  console.log(line(header))
  for (const row of rows) console.log(line(row))
  console.log('ratios: dlfs time ÷ peer time (< 1: dlfs is faster)')

  if (json) {
    const report: Record<string, unknown> = {
      bench: 'train-step', node: process.version, cpu: cpus()[0]?.model ?? null, loadAverage: load, notes,
      numpy: 'skipped' in numpy ? null : numpy.version, blas: 'skipped' in numpy ? null : numpy.blas,
      tfjs: 'skipped' in tfjs ? null : (tfjs.version ?? null),
    }
    for (const c of shown) {
      report[`${c.json}StepMs`] = dlfs[c.key]
      report[`${c.json}StepVsNumpy`] = ratio(c.key, 'numpy') ?? null
      report[`${c.json}StepVsTfjsCpu`] = ratio(c.key, 'tfjsCpu') ?? null
    }
    report.peers = Object.fromEntries(PEERS.map((p) => [p, peerTimes[p] === null ? null
      : Object.fromEntries(shown.map((c) => [`${c.json}StepMs`, peerTimes[p]![c.key] ?? null]))]))
    console.log(JSON.stringify(report))
  }
}

await main()
