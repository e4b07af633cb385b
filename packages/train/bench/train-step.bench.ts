/**
 * Training-step time: dlfs against numpy (the book's own layer code) and TensorFlow.js's CPU and WebAssembly
 * backends.
 *
 *   tsx --conditions=@dlfs/source packages/train/bench/train-step.bench.ts [--json] [--cases two-layer,conv-layer,simple-conv-net]
 *   pnpm bench [--json]      runs this after the matmul bench (scripts/bench.ts at the root)
 *
 * Three cases, each timed per implementation as ms per call (median after warm-up):
 *   two-layer        TwoLayerNet step: 784-50-10 (ReLU), x (100, 784), forward + backward + SGD lr 0.1 (book ch05)
 *   conv-layer       SimpleConvNet's Convolution layer alone: 30 filters 5×5, stride 1, pad 0, on x (100, 1, 28, 28);
 *                    forward, then backward of a fixed random dout (100, 30, 24, 24) giving dx, dW and db (book §7.4.3)
 *   simple-conv-net  SimpleConvNet step: conv 30×5×5, pool 2×2, hidden 100, x (100, 1, 28, 28), Adam lr 0.001 (book ch07)
 * A network step is what the book's training loop does with one mini-batch of 100, minus drawing the batch and
 * minus the loss it recomputes after the update: forward + backward (the network's `gradient`), then the
 * optimizer's in-place update.
 * dlfs and numpy compute in float64 (numpy: scripts/numpy-recipes/step_bench.py, one BLAS thread); both TF.js
 * backends (tfjs-core 4.22) in float32, NHWC, the backward written out op by op (bench/_tfjs-steps.ts), each
 * op the faster of the equivalent forms on that backend: transposed matmuls as tf.transpose + matMul on wasm,
 * conv dW as a forward conv2d over the batch axis on both (bench/_tfjs-conv-filter-grad.ts says why).
 * tfjs-wasm runs its SIMD build on one thread in Node (the header line says what it found).
 * Ratios are dlfs time ÷ peer time: < 1 means dlfs is faster. The JSON fields are `${prefix}StepMs` (dlfs) and
 * `${prefix}StepVs{Numpy,TfjsCpu,TfjsWasm}` with prefix twoLayer, conv (the layer) and simpleConvNet; `peers`
 * holds each peer's ms. The goal line checks issue 7's targets.
 *
 * Every implementation runs in its own process (this file again with `--peer dlfs|tfjs-cpu|tfjs-wasm`; python3
 * for numpy), for the reason given in packages/matrix/bench/matmul.bench.ts: once tsx has loaded a CommonJS
 * package such as tfjs, V8 checks every typed-array access for a detached buffer, which slowed dlfs's own code.
 */
import { spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { StepCase } from './_dlfs-steps.js'
import type { TfjsTimes } from './_tfjs-steps.js'
import { numpyEnv } from './_numpy-env.js'

interface CaseInfo {
  key: StepCase
  name: string
  /** Prefix of the JSON fields: `${json}StepMs`, `${json}StepVsNumpy`, … */
  json: 'twoLayer' | 'conv' | 'simpleConvNet'
  /** Issue 7's targets for dlfs ÷ peer time, where it sets one. */
  goal?: { numpy: number; tfjsWasm: number }
}
const CASES: CaseInfo[] = [
  { key: 'two-layer', name: 'TwoLayerNet 784-50-10, batch 100, SGD', json: 'twoLayer', goal: { numpy: 2, tfjsWasm: 1 } },
  { key: 'conv-layer', name: 'Convolution 30×5×5 on 100×1×28×28, fwd+bwd', json: 'conv', goal: { numpy: 1.5, tfjsWasm: 1 } },
  { key: 'simple-conv-net', name: 'SimpleConvNet 30×5×5/100, batch 100, Adam', json: 'simpleConvNet' },
]
const PEERS = ['numpy', 'tfjsWasm', 'tfjsCpu'] as const
type Peer = (typeof PEERS)[number]
const PEER_LABEL: Record<Peer, string> = { numpy: 'numpy', tfjsWasm: 'tfjs-wasm', tfjsCpu: 'tfjs-cpu' }
const JSON_SUFFIX: Record<Peer, string> = { numpy: 'Numpy', tfjsWasm: 'TfjsWasm', tfjsCpu: 'TfjsCpu' }
type Times = Partial<Record<StepCase, number>>
type Skipped = { skipped: string }

const NUMPY_SCRIPT = fileURLToPath(new URL('../scripts/numpy-recipes/step_bench.py', import.meta.url))

function lastLine(text: string | null | undefined): string {
  return text?.trim().split('\n').pop() ?? ''
}

/** This file again as `--peer name`, in a fresh process; its last stdout line is a JSON object of ms per case. */
function timeInChild<T extends Times>(peer: 'dlfs' | 'tfjs-cpu' | 'tfjs-wasm', cases: readonly StepCase[]): T | Skipped {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--peer', peer, '--cases', cases.join(',')]
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' })
  const last = lastLine(run.stdout)
  if (run.status !== 0 || !last.startsWith('{')) return { skipped: `${peer} skipped: ${lastLine(run.stderr) || run.error?.message}` }
  return JSON.parse(last) as T
}

/** numpy on one thread, or why it could not run (no python3, no numpy). */
function timeNumpy(cases: readonly StepCase[]): (Times & { version: string; blas: string }) | Skipped {
  const run = spawnSync('python3', [NUMPY_SCRIPT, cases.join(',')], { env: numpyEnv(), encoding: 'utf8' })
  if (run.error) return { skipped: `numpy skipped: python3 not found (${run.error.message})` }
  if (run.status !== 0) {
    const why = /No module named '?numpy/.test(run.stderr) ? 'numpy is not installed' : lastLine(run.stderr)
    return { skipped: `numpy skipped: python3 failed: ${why}` }
  }
  const r = JSON.parse(lastLine(run.stdout)) as { numpy: string; blas: string } & Record<string, number>
  const times: Times = {}
  for (const c of CASES) if (r[`${c.json}StepMs`] !== undefined) times[c.key] = r[`${c.json}StepMs`]
  return { version: r.numpy, blas: r.blas, ...times }
}

async function runPeer(peer: string, cases: readonly StepCase[]): Promise<void> {
  const { stepSink } = await import('./_median-step-ms.js')
  if (peer === 'dlfs') {
    const { timeDlfsSteps } = await import('./_dlfs-steps.js')
    console.log(JSON.stringify(timeDlfsSteps(cases)))
  } else if (peer === 'tfjs-cpu' || peer === 'tfjs-wasm') {
    const { timeTfjsSteps } = await import('./_tfjs-steps.js')
    console.log(JSON.stringify(await timeTfjsSteps(cases, peer === 'tfjs-cpu' ? 'cpu' : 'wasm')))
  } else {
    throw new Error(`train-step.bench: unknown --peer '${peer}' (dlfs, tfjs-cpu or tfjs-wasm)`)
  }
  if (stepSink() === 0.5) console.log('') // reads the results' sum; practically never true
}

function parseCases(argv: readonly string[]): StepCase[] {
  const at = argv.indexOf('--cases')
  if (at < 0) return CASES.map((c) => c.key)
  const list = (argv[at + 1] ?? '').split(',')
  for (const c of list) {
    if (c === 'conv') throw new Error("train-step.bench: case 'conv' is now 'simple-conv-net' (the whole network) or 'conv-layer' (its Convolution layer)")
    if (!CASES.some((k) => k.key === c)) throw new Error(`train-step.bench: unknown case '${c}' in --cases (${CASES.map((k) => k.key).join(', ')})`)
  }
  return list as StepCase[]
}

/** How a TF.js peer ran, for the header: version, and for wasm its SIMD and thread use. */
function tfjsName(r: TfjsTimes | Skipped, label: string): string {
  if ('skipped' in r) return `${label} skipped`
  const features = r.simd === undefined ? '' : ` (${r.simd ? 'SIMD' : 'no SIMD'}, ${r.threads ?? 1} thread${r.threads === 1 ? '' : 's'})`
  return `${label} ${r.version}${features}`
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const cases = parseCases(argv)
  const peerAt = argv.indexOf('--peer')
  if (peerAt >= 0) {
    // A peer that cannot run says why on its last stderr line; the parent lists it as skipped.
    return runPeer(argv[peerAt + 1] ?? '', cases).catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e))
      process.exitCode = 1
    })
  }

  const json = argv.includes('--json')
  const load = loadavg()[0]!
  const notes: string[] = []
  if (load > cpus().length / 2) notes.push(`load average ${load.toFixed(1)} on ${cpus().length} CPUs: other work is running, times may be inflated`)

  const dlfs = timeInChild<Times>('dlfs', cases)
  if ('skipped' in dlfs) throw new Error(`train-step.bench: ${dlfs.skipped}`)
  const tfjsCpu = timeInChild<TfjsTimes>('tfjs-cpu', cases)
  const tfjsWasm = timeInChild<TfjsTimes>('tfjs-wasm', cases)
  const numpy = timeNumpy(cases)
  for (const r of [tfjsWasm, tfjsCpu, numpy]) if ('skipped' in r) notes.push(r.skipped)
  const peerTimes: Record<Peer, Times | null> = {
    numpy: 'skipped' in numpy ? null : numpy,
    tfjsWasm: 'skipped' in tfjsWasm ? null : tfjsWasm,
    tfjsCpu: 'skipped' in tfjsCpu ? null : tfjsCpu,
  }

  const fmt = (x: number | undefined, digits = 2) => (x === undefined ? '–' : x.toFixed(digits))
  const ratio = (c: StepCase, p: Peer) => {
    const peerMs = peerTimes[p]?.[c]
    return peerMs === undefined ? undefined : dlfs[c]! / peerMs
  }
  const shown = CASES.filter((c) => cases.includes(c.key))
  const header = ['ms per call (median)', 'dlfs f64', 'numpy f64', 'tfjs-wasm f32', 'tfjs-cpu f32', ...PEERS.map((p) => `÷${PEER_LABEL[p]}`)]
  const rows = shown.map((c) => [
    c.name, fmt(dlfs[c.key]), ...PEERS.map((p) => fmt(peerTimes[p]?.[c.key])), ...PEERS.map((p) => fmt(ratio(c.key, p))),
  ])
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)))
  const line = (cells: string[]) => cells.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  ')
  for (const note of notes) console.log(`note: ${note}`)
  const numpyName = 'skipped' in numpy ? 'numpy skipped' : `numpy ${numpy.version} (${numpy.blas}) on 1 thread`
  console.log(`training step and conv layer, ms (dlfs and numpy float64, tfjs float32 NHWC), node ${process.version}, ` +
    `${cpus()[0]?.model ?? 'unknown CPU'}, ${numpyName}, ${tfjsName(tfjsWasm, 'tfjs-backend-wasm')}, ${tfjsName(tfjsCpu, 'tfjs-backend-cpu')}`)
  console.log(line(header))
  for (const row of rows) console.log(line(row))
  console.log('ratios ÷peer: dlfs time ÷ peer time (< 1: dlfs is faster)')

  // Issue 7: TwoLayerNet step ≤ 2× numpy, conv layer ≤ 1.5× numpy, both faster than TF.js wasm.
  const goals = shown.flatMap((c) => (c.goal === undefined ? [] : (['numpy', 'tfjsWasm'] as const).map((p) => ({ c, p, limit: c.goal![p], r: ratio(c.key, p) }))))
  const misses = goals.filter((g) => g.r !== undefined && g.r > g.limit).map((g) => `${g.c.json}StepVs${JSON_SUFFIX[g.p]} ${fmt(g.r)} > ${g.limit}`)
  const unmeasured = goals.filter((g) => g.r === undefined).map((g) => `${g.c.json}StepVs${JSON_SUFFIX[g.p]}`)
  const met = goals.length > 0 && misses.length === 0 && unmeasured.length === 0
  if (goals.length > 0) {
    console.log(`issue 7 goals (two-layer ≤ 2× numpy, conv layer ≤ 1.5× numpy, both faster than tfjs-wasm): ${met ? 'MET'
      : `NOT MET (${[...misses, ...unmeasured.map((u) => `${u} not measured`)].join('; ')})`}`)
  }

  if (json) {
    const wasmInfo = 'skipped' in tfjsWasm ? null : { version: tfjsWasm.version, simd: tfjsWasm.simd ?? null, threads: tfjsWasm.threads ?? null }
    const report: Record<string, unknown> = {
      bench: 'train-step', node: process.version, cpu: cpus()[0]?.model ?? null, loadAverage: load, notes,
      numpy: 'skipped' in numpy ? null : numpy.version, blas: 'skipped' in numpy ? null : numpy.blas,
      tfjs: 'skipped' in tfjsCpu ? null : tfjsCpu.version, tfjsWasm: wasmInfo,
      goal: { met, misses, unmeasured },
    }
    for (const c of shown) {
      report[`${c.json}StepMs`] = dlfs[c.key]
      for (const p of PEERS) report[`${c.json}StepVs${JSON_SUFFIX[p]}`] = ratio(c.key, p) ?? null
    }
    report.peers = Object.fromEntries(PEERS.map((p) => [p, peerTimes[p] === null ? null
      : Object.fromEntries(shown.map((c) => [`${c.json}StepMs`, peerTimes[p]![c.key] ?? null]))]))
    console.log(JSON.stringify(report))
  }
}

await main()
