/**
 * Matmul throughput: dlfs (WebAssembly SIMD, JS fast and reference kernels) against numpy, TensorFlow.js
 * (WebAssembly and CPU backends) and ml-matrix.
 *
 *   pnpm bench            two tables: GFLOP/s = 2·M·N·K / median time per product, then time ratios
 *   pnpm bench --json     the same, then one JSON object with every figure as the last line
 *
 * Shapes (bench/_matmul-cases.ts) come from the book's TwoLayerNet on MNIST (batch 100, 784 inputs, 50
 * hidden, 10 classes), including the transposed x.T·dout of Affine's backward, plus a square 512³.
 * dlfs, numpy and ml-matrix compute in float64; both TF.js backends (tfjs-core 4.22) in float32. tfjs-wasm
 * runs its SIMD build (XNNPACK) on one thread in Node; the header line says what it found. For x.T·dout
 * each TF.js backend gets the faster of matMul's transposeA flag and tf.transpose + matMul
 * (bench/_matmul-peers.ts says why); the JSON's `tfjsForms` records which.
 *
 * Ratios are dlfs time ÷ peer time, so < 1 means dlfs is faster: dlfs wasm (what `dot` runs) against numpy
 * and tfjs-wasm, dlfs fast (the JS kernel used without WebAssembly SIMD) against the JS peers. In the JSON,
 * `matmulVsNumpy` and `matmulVsTfjsWasm` are issue 7's figures: dlfs wasm time ÷ peer time at the worst of the
 * MNIST shapes; each case also carries `wasmVsNumpy` and `wasmVsTfjsWasm`, and (kept from before) `ratios` /
 * `wasmRatios`, which are throughput ratios the other way round (> 1: dlfs is faster).
 *
 * Each JS peer runs in its own process (this file again, with `--peer tfjs-cpu|tfjs-wasm|ml-matrix`; numpy in
 * python3 on one thread); a peer that cannot run is listed as skipped with the reason. NOTE: under tsx,
 * importing a CommonJS package such as ml-matrix or tfjs detaches an ArrayBuffer; from then on V8 checks for
 * detached buffers on every typed-array access in the process, which made dlfs ~20% slower when the peers
 * were loaded beside it. Separate processes keep every figure clean.
 */
import { spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { NDArray } from '../src/ndarray.js'
import { setReferenceMode } from '../src/kernels/mode.js'
import { disableWasmMatmulForTesting } from '../src/kernels/matmul.wasm.js'
import { CASES, operands, timeIt, timingSink, type Case } from './_matmul-cases.js'
import type { PeerResult } from './_matmul-peers.js'

const GOAL_GFLOPS = 4
const WASM_GOAL_VS_NUMPY = 0.5 // issue 7: at least half of numpy's one-thread float64 throughput
const IMPLS = ['dlfsWasm', 'dlfsFast', 'dlfsReference', 'numpy', 'tfjsWasm', 'tfjsCpu', 'mlMatrix'] as const
type Impl = (typeof IMPLS)[number]
const LABEL: Record<Impl, string> = {
  dlfsWasm: 'dlfs wasm', dlfsFast: 'dlfs fast', dlfsReference: 'dlfs ref', numpy: 'numpy', tfjsWasm: 'tfjs-wasm', tfjsCpu: 'tfjs-cpu', mlMatrix: 'ml-matrix',
}
const PEERS = ['numpy', 'tfjsWasm', 'tfjsCpu', 'mlMatrix'] as const
type Peer = (typeof PEERS)[number]
const JS_PEERS = { tfjsWasm: 'tfjs-wasm', tfjsCpu: 'tfjs-cpu', mlMatrix: 'ml-matrix' } as const
/** The time-ratio columns: which dlfs kernel against which peer. */
const RATIOS: [dlfs: 'dlfsWasm' | 'dlfsFast', peer: Peer][] = [
  ['dlfsWasm', 'numpy'], ['dlfsWasm', 'tfjsWasm'], ['dlfsFast', 'numpy'], ['dlfsFast', 'tfjsCpu'], ['dlfsFast', 'mlMatrix'],
]

/**
 * dlfs through the public `dot`, as a layer calls it: 'wasm' is the default path, 'fast' the JS
 * kernel it falls back to without WebAssembly SIMD, 'reference' what DLFS_REFERENCE=1 selects.
 */
function timeDlfs(c: Case, kernel: 'wasm' | 'fast' | 'reference'): number {
  const { aData, bData } = operands(c)
  const a = c.transposedA ? new NDArray(aData, [c.K, c.M]).T : new NDArray(aData, [c.M, c.K]) // x.T is a view
  const b = new NDArray(bData, [c.K, c.N])
  setReferenceMode(kernel === 'reference')
  disableWasmMatmulForTesting(kernel === 'fast')
  try {
    return timeIt(() => a.dot(b).data[0]!)
  } finally {
    setReferenceMode(false)
    disableWasmMatmulForTesting(false)
  }
}

/** Run this file again as `--peer name`, in a fresh process; its last output line is its PeerResult. */
function timeInChild(peer: string): PeerResult | { skipped: string } {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--peer', peer]
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' })
  const last = run.stdout?.trim().split('\n').pop() ?? ''
  if (run.status !== 0 || !last.startsWith('{')) return { skipped: `${peer} skipped: ${run.stderr?.trim().split('\n').pop() || run.error?.message}` }
  return JSON.parse(last) as PeerResult
}

const NUMPY_SCRIPT = `
import json, statistics, sys, time
import numpy as np
out = {"version": np.__version__, "seconds": []}
for M, K, N, tr in json.loads(sys.argv[1]):
    rng = np.random.default_rng(0)
    a = rng.uniform(-1, 1, (K, M)).T if tr else rng.uniform(-1, 1, (M, K))
    b = rng.uniform(-1, 1, (K, N))
    f = lambda: np.dot(a, b)
    start, calls = time.perf_counter(), 0
    while calls < 3 or time.perf_counter() - start < 0.2:
        f(); calls += 1
    est = (time.perf_counter() - start) / calls
    batch = max(1, int(0.02 / est) + 1)
    times = []
    for _ in range(max(5, min(25, int(1.0 / (batch * est))))):
        t0 = time.perf_counter()
        for _ in range(batch): f()
        times.append((time.perf_counter() - t0) / batch)
    out["seconds"].append(statistics.median(times))
print(json.dumps(out))
`

/** numpy on one thread (same timing scheme, inside python), or the reason it could not run. */
function timeNumpy(): { version: string; seconds: number[] } | { skipped: string } {
  const env: Record<string, string | undefined> = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }
  delete env.OPENBLAS_CORETYPE // let OpenBLAS pick its kernels for this CPU (this subprocess only)
  delete env.OPENBLAS_L2_SIZE
  const shapes = JSON.stringify(CASES.map((c) => [c.M, c.K, c.N, c.transposedA]))
  const run = spawnSync('python3', ['-c', NUMPY_SCRIPT, shapes], { env, encoding: 'utf8' })
  if (run.error) return { skipped: `numpy skipped: python3 not found (${run.error.message})` }
  if (run.status !== 0) {
    const why = /No module named '?numpy/.test(run.stderr) ? 'numpy is not installed' : run.stderr.trim().split('\n').pop()
    return { skipped: `numpy skipped: python3 failed: ${why}` }
  }
  return JSON.parse(run.stdout) as { version: string; seconds: number[] }
}

async function runPeer(peer: string | undefined): Promise<void> {
  const { timeMlMatrix, timeTfjs } = await import('./_matmul-peers.js')
  if (peer === 'tfjs-cpu' || peer === 'tfjs-wasm') console.log(JSON.stringify(await timeTfjs(peer === 'tfjs-cpu' ? 'cpu' : 'wasm')))
  else if (peer === 'ml-matrix') console.log(JSON.stringify(await timeMlMatrix()))
  else throw new Error(`matmul.bench: unknown --peer '${peer}' (tfjs-cpu, tfjs-wasm or ml-matrix)`)
  if (timingSink() === 0.5) console.log('') // reads the sink; practically never true
}

/** Prints rows as a table: first column left-aligned, the rest right-aligned. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)))
  const line = (cells: string[]) => cells.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  ')
  for (const row of [header, ...rows]) console.log(line(row))
}

async function main(): Promise<void> {
  const peerArg = process.argv.indexOf('--peer')
  if (peerArg >= 0) {
    // A peer that cannot run says why on its last stderr line; the parent lists it as skipped.
    return runPeer(process.argv[peerArg + 1]).catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e))
      process.exitCode = 1
    })
  }
  const json = process.argv.includes('--json')
  const load = loadavg()[0]!
  const notes: string[] = []
  if (load > cpus().length / 2) notes.push(`load average ${load.toFixed(1)} on ${cpus().length} CPUs: other work is running, times may be inflated`)

  // dlfs here, each JS peer in a fresh process, numpy in python3.
  const seconds = CASES.map(() => ({}) as Partial<Record<Impl, number>>)
  CASES.forEach((c, i) => {
    seconds[i]!.dlfsWasm = timeDlfs(c, 'wasm')
    seconds[i]!.dlfsFast = timeDlfs(c, 'fast')
    seconds[i]!.dlfsReference = timeDlfs(c, 'reference')
  })
  const peerRuns: Partial<Record<keyof typeof JS_PEERS, PeerResult>> = {}
  for (const [impl, peer] of Object.entries(JS_PEERS) as [keyof typeof JS_PEERS, string][]) {
    const r = timeInChild(peer)
    if ('skipped' in r) notes.push(r.skipped)
    else (peerRuns[impl] = r).seconds.forEach((s, i) => (seconds[i]![impl] = s))
  }
  const numpy = timeNumpy()
  if ('skipped' in numpy) notes.push(numpy.skipped)
  else numpy.seconds.forEach((s, i) => (seconds[i]!.numpy = s))

  const results = CASES.map((c, i) => {
    const flops = 2 * c.M * c.N * c.K
    const s = seconds[i]!
    const gflops: Partial<Record<Impl, number>> = {}
    for (const impl of IMPLS) if (s[impl] !== undefined) gflops[impl] = flops / s[impl] / 1e9
    const ratios: Partial<Record<Peer, number>> = {} // throughput, dlfs fast ÷ peer (> 1: dlfs faster)
    const wasmRatios: Partial<Record<Peer, number>> = {} // the same for dlfs wasm
    for (const p of PEERS) if (s[p] !== undefined) [ratios[p], wasmRatios[p]] = [s[p] / s.dlfsFast!, s[p] / s.dlfsWasm!]
    const timeRatio = (d: 'dlfsWasm' | 'dlfsFast', p: Peer) => (s[p] === undefined ? null : s[d]! / s[p])
    return { ...c, flops, seconds: s, gflops, ratios, wasmRatios, wasmVsNumpy: timeRatio('dlfsWasm', 'numpy'), wasmVsTfjsWasm: timeRatio('dlfsWasm', 'tfjsWasm'), timeRatio }
  })

  const fmt = (x: number | null | undefined) => (x === undefined || x === null ? '–' : x.toFixed(2))
  for (const note of notes) console.log(`note: ${note}`)
  const wasmInfo = peerRuns.tfjsWasm?.info
  const numpyName = 'skipped' in numpy ? 'numpy skipped' : `numpy ${numpy.version} on 1 thread`
  const wasmName = wasmInfo === undefined ? 'tfjs-wasm skipped'
    : `tfjs-backend-wasm ${wasmInfo.version} (${wasmInfo.simd ? 'SIMD' : 'no SIMD'}, ${wasmInfo.threads} thread${wasmInfo.threads === 1 ? '' : 's'})`
  console.log(`matmul GFLOP/s (dlfs, numpy, ml-matrix float64; tfjs-wasm, tfjs-cpu float32), node ${process.version}, ` +
    `${cpus()[0]?.model ?? 'unknown CPU'}, ${numpyName}, ${wasmName}`)
  printTable(['shape', ...IMPLS.map((impl) => LABEL[impl])], results.map((r) => [r.name, ...IMPLS.map((impl) => fmt(r.gflops[impl]))]))
  console.log('time ratios, dlfs ÷ peer (< 1: dlfs is faster); dlfs wasm is what `dot` runs, dlfs fast its JS fallback')
  printTable(['shape', ...RATIOS.map(([d, p]) => `${d === 'dlfsWasm' ? 'wasm' : 'fast'}÷${LABEL[p]}`)],
    results.map((r) => [r.name, ...RATIOS.map(([d, p]) => fmt(r.timeRatio(d, p)))]))
  const tfjsForms = Object.fromEntries((['tfjsWasm', 'tfjsCpu'] as const).map((p) => [p, peerRuns[p]?.forms?.[CASES.findIndex((c) => c.transposedA)] ?? null]))
  console.log(`tfjs x.T·dout form: wasm ${tfjsForms.tfjsWasm ?? '–'}, cpu ${tfjsForms.tfjsCpu ?? '–'} ('flag': transposeA; 'transpose': tf.transpose then matMul)`)

  const misses = [
    ...results.filter((r) => r.mnist && r.gflops.dlfsFast! < GOAL_GFLOPS).map((r) => `${r.name} < ${GOAL_GFLOPS}`),
    ...results.flatMap((r) => (['tfjsCpu', 'mlMatrix'] as const).filter((p) => (r.ratios[p] ?? Infinity) < 1).map((p) => `${r.name} slower than ${p}`)),
  ]
  const met = misses.length === 0
  console.log(`JS goal (dlfs fast ≥ ${GOAL_GFLOPS} GFLOP/s at the MNIST shapes, not slower than tfjs-cpu or ml-matrix at any shape): ${met ? 'MET' : `NOT MET (${misses.join('; ')})`}`)
  // Issue 7, at every MNIST shape: dlfs wasm at least half of numpy's one-thread throughput, and ahead of tfjs-wasm.
  const mnist = results.filter((r) => r.mnist)
  const worst = (xs: (number | null)[]) => (xs.some((x) => x === null) || xs.length === 0 ? null : Math.max(...(xs as number[])))
  const matmulVsNumpy = worst(mnist.map((r) => r.wasmVsNumpy))
  const matmulVsTfjsWasm = worst(mnist.map((r) => r.wasmVsTfjsWasm))
  const wasmMisses = mnist.filter((r) => (r.wasmRatios.numpy ?? 1) < WASM_GOAL_VS_NUMPY).map((r) => `${r.name} at ${fmt(r.wasmRatios.numpy)} of numpy`)
  const wasmMet = matmulVsNumpy !== null && wasmMisses.length === 0
  const tfjsWasmMisses = mnist.filter((r) => (r.wasmVsTfjsWasm ?? 0) >= 1).map((r) => `${r.name} at ${fmt(r.wasmVsTfjsWasm)}× tfjs-wasm's time`)
  const tfjsWasmMet = matmulVsTfjsWasm !== null && tfjsWasmMisses.length === 0
  const verdict = (m: boolean, v: number | null, why: string[], peer: string) => (v === null ? `${peer} skipped` : m ? 'MET' : `NOT MET (${why.join('; ')})`)
  console.log(`issue 7 goal, dlfs wasm ≥ ${WASM_GOAL_VS_NUMPY} × numpy's throughput at the MNIST shapes: ${verdict(wasmMet, matmulVsNumpy, wasmMisses, 'numpy')}`)
  console.log(`issue 7 goal, dlfs wasm faster than tfjs-wasm at the MNIST shapes: ${verdict(tfjsWasmMet, matmulVsTfjsWasm, tfjsWasmMisses, 'tfjs-wasm')}`)

  if (json) {
    const report = {
      bench: 'matmul', node: process.version, cpu: cpus()[0]?.model ?? null, loadAverage: load, notes,
      numpy: 'skipped' in numpy ? null : numpy.version, tfjsWasm: wasmInfo ?? null, tfjsForms,
      goal: { gflops: GOAL_GFLOPS, met, misses },
      matmulVsNumpy, matmulVsTfjsWasm,
      wasmGoal: { vsNumpy: WASM_GOAL_VS_NUMPY, met: wasmMet, misses: wasmMisses },
      tfjsWasmGoal: { met: tfjsWasmMet, misses: tfjsWasmMisses },
      cases: results.map(({ timeRatio: _, ...r }) => r),
    }
    console.log(JSON.stringify(report))
  }
  if (timingSink() === 0.5) console.log('') // reads the sink; practically never true
}

await main()
