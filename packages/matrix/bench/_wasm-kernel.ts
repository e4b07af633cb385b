/**
 * Scratch harness for the WebAssembly matmul (asm/matmul.ts) at the MNIST shapes, next to numpy
 * in the same run so the machine's load weighs on both. Not part of `pnpm bench`.
 *
 *   tsx --conditions=@dlfs/source bench/_wasm-kernel.ts                 dot() vs numpy, GFLOP/s
 *   tsx --conditions=@dlfs/source bench/_wasm-kernel.ts --parts         where the time of one call goes
 *   tsx --conditions=@dlfs/source bench/_wasm-kernel.ts --wasm a.wasm … other builds of the kernel
 *   … --rounds 5                                                     more rounds (default 3)
 *
 * Figures are GFLOP/s from CPU seconds per call (process.cpuUsage; python's time.process_time),
 * the median of 15 batches of ≥ 5 ms after a warm-up; rounds alternate dlfs and numpy and the
 * best median of the rounds is kept; the load average is printed at each round.
 * `--parts` times a whole call as `matmulWasm` makes it (all), then its kernel, copies in and
 * copy out alone. `--wasm` builds (compile with `npx asc asm/x.ts -O3 --enable simd --runtime
 * stub --noAssert --importMemory -o x.wasm`, adding `--enable relaxed-simd` for the FMA build, which
 * Node 20 runs only with `node --experimental-wasm-relaxed-simd`) are checked against `matmulReference` (skip that for
 * deliberately broken timing builds with `--no-check`), then timed beside the committed module:
 * `name` for a whole call, `name(k)` for the kernel alone.
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { NDArray } from '../src/ndarray.js'
import { randomData } from './_matmul-cases.js'
import { numpyCpuSeconds } from './_numpy-cpu.js'
import { kernelInstance } from './_wasm-instance.js'
import { dot } from '../src/ops/dot.js'
import { MATMUL_WASM_BASE64 } from '../src/kernels/_matmul-wasm-module.js'
import { matmulReference } from '../src/kernels/matmul.js'

interface Shape {
  name: string
  M: number
  K: number
  N: number
  /** A is x.T for a C-order x (K,M). */
  tA: boolean
  /** B is W.T for a C-order W (N,K). */
  tB: boolean
}
const SHAPES: Shape[] = [
  { name: 'x·W1      100×784·784×50', M: 100, K: 784, N: 50, tA: false, tB: false },
  { name: 'x.T·dout  784×100·100×50', M: 784, K: 100, N: 50, tA: true, tB: false },
  { name: 'h·W2      100×50·50×10', M: 100, K: 50, N: 10, tA: false, tB: false },
  { name: 'h.T·dout  50×100·100×10', M: 50, K: 100, N: 10, tA: true, tB: false },
  { name: 'dout·W1.T 100×50·(784×50)ᵀ', M: 100, K: 50, N: 784, tA: false, tB: true },
  { name: 'dout·W2.T 100×10·(50×10)ᵀ', M: 100, K: 10, N: 50, tA: false, tB: true },
  { name: '512³', M: 512, K: 512, N: 512, tA: false, tB: false },
]


function operands(s: Shape): [NDArray, NDArray] {
  const a = s.tA ? new NDArray(randomData(s.M * s.K, 1), [s.K, s.M]).T : new NDArray(randomData(s.M * s.K, 1), [s.M, s.K])
  const b = s.tB ? new NDArray(randomData(s.K * s.N, 2), [s.N, s.K]).T : new NDArray(randomData(s.K * s.N, 2), [s.K, s.N])
  return [a, b]
}

let sink = 0
const cpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/** Median CPU seconds per call over 15 batches of ≥ 5 ms, after ≥ 0.3 s of warm-up. */
function timeIt(fn: () => number): number {
  let calls = 0
  const t0 = performance.now()
  while (calls < 5 || performance.now() - t0 < 300) (sink += fn()), calls++
  const batch = Math.max(1, Math.ceil(5 / ((performance.now() - t0) / calls)))
  const per: number[] = []
  for (let r = 0; r < 15; r++) {
    const c0 = cpu()
    for (let i = 0; i < batch; i++) sink += fn()
    per.push((cpu() - c0) / batch)
  }
  per.sort((x, y) => x - y)
  return per[7]!
}

/** numpy's dot on the same shapes and layouts (its own random values: timing does not depend on them). */
function numpySeconds(): number[] {
  const setup = `rng = np.random.default_rng(0)
u = lambda *s: rng.uniform(-1, 1, s)
ops = [(u(K, M).T if tA else u(M, K), u(N, K).T if tB else u(K, N)) for M, K, N, tA, tB in ${JSON.stringify(SHAPES.map((s) => [s.M, s.K, s.N, s.tA ? 1 : 0, s.tB ? 1 : 0]))}]`
  return numpyCpuSeconds(setup, SHAPES.map((_, i) => `np.dot(*ops[${i}])`), 15, 0.005)
}

function decode(b64: string): Uint8Array {
  return Uint8Array.from(Buffer.from(b64, 'base64'))
}

const gf = (s: Shape, seconds: number) => (2 * s.M * s.N * s.K) / seconds / 1e9
const args = process.argv.slice(2)
const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 0) || 3
const wasmFiles = args.includes('--wasm') ? args.slice(args.indexOf('--wasm') + 1).filter((f) => f.endsWith('.wasm')) : []
const columns: { name: string; run: (s: Shape) => number }[] = []
const ops = SHAPES.map(operands)
if (args.includes('--parts')) {
  const call = kernelInstance(decode(MATMUL_WASM_BASE64))
  for (const part of ['all', 'kernel', 'copyIn', 'copyOut'] as const) columns.push({ name: part, run: (s) => timeIt(() => <number>call(...ops[SHAPES.indexOf(s)]!, part)) })
} else if (wasmFiles.length > 0) {
  for (const f of [null, ...wasmFiles]) {
    const call = kernelInstance(f === null ? decode(MATMUL_WASM_BASE64) : new Uint8Array(readFileSync(f)))
    const name = f === null ? 'committed' : f.replace(/.*\//, '')
    SHAPES.forEach((s, i) => {
      const [a, b] = ops[i]!
      const got = call(a, b, 'check') as NDArray, want = matmulReference(a, b)
      const err = got.data.reduce((m, x, p) => Math.max(m, Math.abs(x - want.data[p]!)), 0)
      if (!(err < 1e-9) && !args.includes('--no-check')) throw new Error(`${name} wrong at ${s.name}: max error ${err}`)
    })
    columns.push({ name, run: (s) => timeIt(() => <number>call(...ops[SHAPES.indexOf(s)]!, 'all')) })
    columns.push({ name: `${name}(k)`, run: (s) => timeIt(() => <number>call(...ops[SHAPES.indexOf(s)]!, 'kernel')) })
  }
} else {
  columns.push({ name: 'dot', run: (s) => { const [a, b] = ops[SHAPES.indexOf(s)]!; return timeIt(() => dot(a, b).data[0]!) } })
}

const best = SHAPES.map(() => ({ numpy: Infinity, cols: columns.map(() => Infinity) }))
const loads: string[] = [loadavg()[0]!.toFixed(2)]
for (let r = 0; r < rounds; r++) {
  SHAPES.forEach((s, i) => columns.forEach((c, j) => (best[i]!.cols[j] = Math.min(best[i]!.cols[j]!, c.run(s)))))
  numpySeconds().forEach((t, i) => (best[i]!.numpy = Math.min(best[i]!.numpy, t)))
  loads.push(loadavg()[0]!.toFixed(2))
}
console.log(`load average (1 min) at each round: ${loads.join(' → ')}; GFLOP/s from CPU time, best of ${rounds} medians`)
const head = ['shape'.padEnd(28), 'numpy', ...columns.map((c) => c.name), ...columns.map((c) => `${c.name}÷np`)]
console.log(head.map((h, j) => (j === 0 ? h : h.padStart(Math.max(8, h.length)))).join(' '))
SHAPES.forEach((s, i) => {
  const g = best[i]!.cols.map((t) => gf(s, t))
  const np = gf(s, best[i]!.numpy)
  const cells = [np, ...g, ...g.map((x) => x / np)].map((x) => x.toFixed(2))
  console.log([s.name.padEnd(28), ...cells.map((c, j) => c.padStart(Math.max(8, head[j + 1]!.length)))].join(' '))
})
if (sink === 0.5) console.log('')
