/**
 * Matmul throughput: dlfs (WebAssembly SIMD, JS fast and reference kernels) against tfjs-cpu, ml-matrix and numpy.
 *
 *   pnpm bench            a table of GFLOP/s = 2·M·N·K / median time per product
 *   pnpm bench --json     the same, then one JSON object with every figure as the last line
 *
 * Shapes come from the book's TwoLayerNet on MNIST (batch 100, 784 inputs, 50 hidden, 10 classes)
 * plus a square 512³. Ratios are dlfs-fast ÷ peer throughput, so > 1 means dlfs is faster; the
 * wasm ratios likewise for dlfs wasm (what `dot` runs). `matmulVsNumpy` in the JSON is the other
 * way round, as issue 7 asks: dlfs wasm time ÷ numpy time, the worst of the MNIST shapes (< 1: dlfs is faster).
 *
 * Each peer runs in its own process (this file again, with `--peer tfjs|ml-matrix`; numpy in
 * python3 on one thread, skipped with a note if missing). NOTE: under tsx, importing a CommonJS
 * package such as ml-matrix or tfjs detaches an ArrayBuffer; from then on V8 checks for detached
 * buffers on every typed-array access in the process, which made dlfs ~20% slower when the peers
 * were loaded beside it. Separate processes keep every figure clean.
 */
import { spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { NDArray } from '../src/ndarray.js'
import { setReferenceMode } from '../src/kernels/mode.js'
import { disableWasmMatmulForTesting } from '../src/kernels/matmul.wasm.js'

interface Case {
  name: string
  /** C (M,N) = A (M,K) · B (K,N). */
  M: number
  K: number
  N: number
  /** A is `x.T` for a contiguous x (K,M): the Affine backward `x.T.dot(dout)`. */
  transposedA: boolean
  /** Counts towards the ≥ 4 GFLOP/s goal. */
  mnist: boolean
}

const CASES: Case[] = [
  { name: 'x·W1 100×784·784×50', M: 100, K: 784, N: 50, transposedA: false, mnist: true },
  { name: 'x.T·dout 784×100·100×50', M: 784, K: 100, N: 50, transposedA: true, mnist: true },
  { name: 'h·W2 100×50·50×10', M: 100, K: 50, N: 10, transposedA: false, mnist: true },
  { name: '512³', M: 512, K: 512, N: 512, transposedA: false, mnist: false },
]
const GOAL_GFLOPS = 4
const WASM_GOAL_VS_NUMPY = 0.5 // issue 7: at least half of numpy's one-thread float64 throughput
const IMPLS = ['dlfsWasm', 'dlfsFast', 'dlfsReference', 'tfjsCpu', 'mlMatrix', 'numpy'] as const
type Impl = (typeof IMPLS)[number]
const PEERS = ['tfjsCpu', 'mlMatrix', 'numpy'] as const
const JS_PEERS = { tfjsCpu: 'tfjs', mlMatrix: 'ml-matrix' } as const

/** Reproducible inputs in [-1, 1): a 32-bit LCG, so every run multiplies the same numbers. */
function randomData(n: number, seed: number): Float64Array {
  const out = new Float64Array(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 31 - 1
  }
  return out
}

/** A (M,K) as a row-major buffer, or x (K,M) whose transpose is A; B (K,N) row-major. */
function operands(c: Case): { aData: Float64Array; bData: Float64Array } {
  return { aData: randomData(c.M * c.K, 1 + c.M), bData: randomData(c.K * c.N, 2 + c.N) }
}

let sink = 0 // results feed this, so no engine can drop a product as dead code

/**
 * Median seconds per call of `fn`: warm up (≥ 0.2 s and ≥ 3 calls, so the JIT has optimised it),
 * then time batches of calls that each last ≥ 20 ms, 5 to 25 batches for about 1 s in all.
 */
function timeIt(fn: () => number): number {
  let calls = 0
  const warm = performance.now()
  while (calls < 3 || performance.now() - warm < 200) {
    sink += fn()
    calls++
  }
  const estimate = (performance.now() - warm) / calls // ms per call
  const batch = Math.max(1, Math.ceil(20 / estimate))
  const samples = Math.max(5, Math.min(25, Math.floor(1000 / (batch * estimate))))
  const times: number[] = []
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now()
    for (let i = 0; i < batch; i++) sink += fn()
    times.push((performance.now() - t0) / batch)
  }
  times.sort((x, y) => x - y)
  return times[Math.floor(samples / 2)]! / 1000
}

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

/** tfjs-core with the CPU backend, float32; `dataSync` waits for the product. */
async function timeTfjs(): Promise<number[]> {
  const tf = await import('@tensorflow/tfjs-core')
  await import('@tensorflow/tfjs-backend-cpu')
  await tf.setBackend('cpu')
  await tf.ready()
  return CASES.map((c) => {
    const { aData, bData } = operands(c)
    const a = tf.tensor2d(Float32Array.from(aData), c.transposedA ? [c.K, c.M] : [c.M, c.K])
    const b = tf.tensor2d(Float32Array.from(bData), [c.K, c.N])
    const seconds = timeIt(() => {
      const y = tf.matMul(a, b, c.transposedA, false) // transposeA: x.T·dout without a copy
      const v = y.dataSync()[0]!
      y.dispose()
      return v
    })
    tf.dispose([a, b])
    return seconds
  })
}

/** ml-matrix, float64; it has no views, so the transposed case times `x.transpose().mmul(dout)`. */
async function timeMlMatrix(): Promise<number[]> {
  const { Matrix } = await import('ml-matrix')
  const rows = (data: Float64Array, r: number, k: number) =>
    new Matrix(Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * k, (i + 1) * k))))
  return CASES.map((c) => {
    const { aData, bData } = operands(c)
    const b = rows(bData, c.K, c.N)
    if (c.transposedA) {
      const x = rows(aData, c.K, c.M)
      return timeIt(() => x.transpose().mmul(b).get(0, 0))
    }
    const a = rows(aData, c.M, c.K)
    return timeIt(() => a.mmul(b).get(0, 0))
  })
}

/** Run this file again as `--peer name`, in a fresh process; its last output line is the seconds per case. */
function timeInChild(peer: string): number[] | { skipped: string } {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--peer', peer]
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' })
  const last = run.stdout?.trim().split('\n').pop() ?? ''
  if (run.status !== 0 || !last.startsWith('[')) return { skipped: `${peer} failed: ${run.stderr?.trim().split('\n').pop() ?? run.error?.message}` }
  return JSON.parse(last) as number[]
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
  if (run.error) return { skipped: `python3 not found (${run.error.message})` }
  if (run.status !== 0) {
    const why = /No module named '?numpy/.test(run.stderr) ? 'numpy is not installed' : run.stderr.trim().split('\n').pop()
    return { skipped: `python3 failed: ${why}` }
  }
  return JSON.parse(run.stdout) as { version: string; seconds: number[] }
}

async function main(): Promise<void> {
  const peerArg = process.argv.indexOf('--peer')
  if (peerArg >= 0) {
    const peer = process.argv[peerArg + 1]
    console.log(JSON.stringify(peer === 'tfjs' ? await timeTfjs() : await timeMlMatrix()))
    return
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
  for (const [impl, peer] of Object.entries(JS_PEERS)) {
    const r = timeInChild(peer)
    if ('skipped' in r) notes.push(r.skipped)
    else r.forEach((s, i) => (seconds[i]![impl as Impl] = s))
  }
  const numpy = timeNumpy()
  if ('skipped' in numpy) notes.push(`numpy skipped: ${numpy.skipped}`)
  else numpy.seconds.forEach((s, i) => (seconds[i]!.numpy = s))

  const results = CASES.map((c, i) => {
    const flops = 2 * c.M * c.N * c.K
    const gflops: Partial<Record<Impl, number>> = {}
    for (const impl of IMPLS) if (seconds[i]![impl] !== undefined) gflops[impl] = flops / seconds[i]![impl]! / 1e9
    const ratios: Partial<Record<(typeof PEERS)[number], number>> = {}
    const wasmRatios: Partial<Record<(typeof PEERS)[number], number>> = {}
    for (const p of PEERS) if (gflops[p] !== undefined) ratios[p] = gflops.dlfsFast! / gflops[p]
    for (const p of PEERS) if (gflops[p] !== undefined) wasmRatios[p] = gflops.dlfsWasm! / gflops[p]
    return { ...c, flops, seconds: seconds[i]!, gflops, ratios, wasmRatios }
  })

  const fmt = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(2))
  const header = ['shape', 'dlfs wasm', 'dlfs fast', 'dlfs ref', 'tfjs-cpu', 'ml-matrix', 'numpy', '÷tfjs', '÷ml', '÷numpy', 'wasm÷tfjs', 'wasm÷numpy']
  const rows = results.map((r) => [
    r.name, ...IMPLS.map((impl) => fmt(r.gflops[impl])), ...PEERS.map((p) => fmt(r.ratios[p])),
    fmt(r.wasmRatios.tfjsCpu), fmt(r.wasmRatios.numpy),
  ])
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)))
  const line = (cells: string[]) => cells.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  ')
  for (const note of notes) console.log(`note: ${note}`)
  const numpyName = 'skipped' in numpy ? 'numpy skipped' : `numpy ${numpy.version} on 1 thread`
  console.log(`matmul GFLOP/s (dlfs, ml-matrix, numpy float64; tfjs-cpu float32), node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${numpyName}`)
  console.log(line(header))
  for (const row of rows) console.log(line(row))
  console.log('ratios: dlfs fast (or wasm) ÷ peer throughput (> 1: dlfs is faster)')

  const misses = [
    ...results.filter((r) => r.mnist && r.gflops.dlfsFast! < GOAL_GFLOPS).map((r) => `${r.name} < ${GOAL_GFLOPS}`),
    ...results.flatMap((r) => (['tfjsCpu', 'mlMatrix'] as const).filter((p) => (r.ratios[p] ?? Infinity) < 1).map((p) => `${r.name} slower than ${p}`)),
  ]
  const met = misses.length === 0
  console.log(`goal (≥ ${GOAL_GFLOPS} GFLOP/s at the MNIST shapes, not slower than tfjs-cpu or ml-matrix at any shape): ${met ? 'MET' : `NOT MET (${misses.join('; ')})`}`)
  // Issue 7: dlfs wasm at least half of numpy's one-thread throughput at every MNIST shape.
  const mnistVsNumpy = results.filter((r) => r.mnist && r.seconds.numpy !== undefined).map((r) => r.seconds.dlfsWasm! / r.seconds.numpy!)
  const matmulVsNumpy = mnistVsNumpy.length > 0 ? Math.max(...mnistVsNumpy) : null
  const wasmMisses = results.filter((r) => r.mnist && (r.wasmRatios.numpy ?? 1) < WASM_GOAL_VS_NUMPY).map((r) => `${r.name} at ${fmt(r.wasmRatios.numpy)} of numpy`)
  const wasmMet = matmulVsNumpy !== null && wasmMisses.length === 0
  console.log(`wasm goal (≥ ${WASM_GOAL_VS_NUMPY} × numpy's throughput at the MNIST shapes): ${matmulVsNumpy === null ? 'numpy skipped' : wasmMet ? 'MET' : `NOT MET (${wasmMisses.join('; ')})`}`)

  if (json) {
    const report = {
      node: process.version, cpu: cpus()[0]?.model ?? null, loadAverage: load, notes,
      numpy: 'skipped' in numpy ? null : numpy.version,
      goal: { gflops: GOAL_GFLOPS, met, misses },
      matmulVsNumpy,
      wasmGoal: { vsNumpy: WASM_GOAL_VS_NUMPY, met: wasmMet, misses: wasmMisses },
      cases: results,
    }
    console.log(JSON.stringify(report))
  }
  if (sink === 0.5) console.log('') // reads the sink; practically never true
}

await main()
