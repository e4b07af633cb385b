/**
 * Scratch harness: the three products of the Convolution layer (book §7.4.3, SimpleConvNet's
 * first layer: x (100,1,28,28), 30 filters 5×5, so col is (57600, 25)) and the MNIST shapes,
 * through `dot` (the current matmulWasm) and, with `--old`, through an earlier build of the kernel
 * called as the earlier wrapper called it (whole operands copied in, C sliced out), next to numpy
 * (one thread) in the same run; also the whole layer's forward and backward (im2col, the three
 * products, col2im: the book's code in numpy) and SimpleConvNet's first Affine layer. Not part of
 * `pnpm bench`.
 *
 *   tsx --conditions=@dlfs/source bench/_wasm-conv.ts [--old old.wasm | --old old-wrapper.ts] [--rounds 5] [--only conv]
 *
 * `--old x.wasm` is a binary decoded from an earlier src/kernels/_matmul-wasm-module.ts (`git
 * show REV:packages/matrix/src/kernels/_matmul-wasm-module.ts`, base64); `--old x.ts` imports an
 * earlier copy of src/kernels/matmul.wasm.ts itself (its three imports rewritten to absolute
 * paths, its base64 module beside it) and times its `matmulWasm`. The figures in matmul.wasm.ts
 * came from the copy at commit 2995bde, the last before streaming.
 *
 * Each round times every case in turn (old and new in alternating order), then numpy's; a figure
 * is the median CPU time per call over 9 batches of ≥ 10 ms after a warm-up. Printed: the min
 * and the median over the rounds, in ms, and the load average before and after each round; and
 * the minor page faults per call (min / median over the rounds): a fresh result array whose
 * memory glibc had handed back to the system faults once per 4 KiB page on its first touch.
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { NDArray } from '../src/ndarray.js'
import { randomData } from './_matmul-cases.js'
import { numpyCpuSeconds } from './_numpy-cpu.js'
import { kernelInstance } from './_wasm-instance.js'
import { col2im, im2col } from '../src/im2col.js'
import { dot } from '../src/ops/dot.js'

type Matmul = (a: NDArray, b: NDArray) => NDArray

interface Case {
  name: string
  /** Builds the operands (as the layer's views lie) and returns the timed work for a given matmul. */
  make: () => (mm: Matmul) => number
  /** The same work in numpy, over the arrays and functions defined in `NUMPY_SETUP`. */
  py: string
}

const rand = (shape: [number, number], seed: number) => new NDArray(randomData(shape[0] * shape[1], seed), shape)

/** A product case: the operands built once, `mm(a, b)` timed. */
const product = (name: string, make: () => [NDArray, NDArray], py: string): Case => ({
  name,
  make: () => {
    const [a, b] = make()
    return (mm) => mm(a, b).data[0]!
  },
  py,
})

/**
 * Convolution.forward then .backward (packages/layers/src/convolution.ts, book §7.4.3) on
 * SimpleConvNet's first layer, stride 1, no padding, with the given matmul for its 3 products.
 */
function convLayerStep(): (mm: Matmul) => number {
  const x = rand([100, 784], 13).reshape(100, 1, 28, 28), W = rand([30, 25], 2).reshape(30, 1, 5, 5)
  const b = rand([1, 30], 14).reshape(30), dout = rand([100 * 30, 576], 15).reshape(100, 30, 24, 24)
  return (mm) => {
    const col = im2col(x, 5, 5, 1, 0)
    const colW = W.reshape(30, -1).T
    const y = mm(col, colW).add(b).reshape(100, 24, 24, -1).transpose(0, 3, 1, 2)
    const d = dout.transpose(0, 2, 3, 1).reshape(-1, 30)
    const db = d.sum(0)
    const dW = mm(col.T, d).transpose(1, 0).reshape(30, 1, 5, 5)
    const dx = col2im(mm(d, colW.T), x.shape, 5, 5, 1, 0)
    return y.data[0]! + db.data[0]! + dW.data[0]! + dx.data[0]!
  }
}

const CASES: Case[] = [
  // col (57600,25) · colW, where colW = W.reshape(FN,-1).T is a transposed view of W (30,25)
  product('conv fwd  col·colW  57600×25·25×30', () => [rand([57600, 25], 1), rand([30, 25], 2).T], 'col @ Wf.T'),
  // dW = col.T · d: col.T is a transposed view, d (57600,30) is C order (reshape copied it)
  product('conv dW   col.T·d   25×57600·57600×30', () => [rand([57600, 25], 1).T, rand([57600, 30], 3)], 'col.T @ d'),
  // dcol = d · colW.T = d · W (30,25), C order
  product('conv dx   d·colW.T  57600×30·30×25', () => [rand([57600, 30], 3), rand([30, 25], 2)], 'd @ Wf'),
  { name: 'conv layer fwd+bwd (im2col…col2im)', make: convLayerStep, py: 'conv_step()' },
  // SimpleConvNet's first Affine layer: the pooled conv output (100, 30·12·12) to 100 hidden units
  product('aff x·W   100×4320·4320×100', () => [rand([100, 4320], 10), rand([4320, 100], 11)], 'x2 @ W2a'),
  product('aff dW    x.T·dout 4320×100·100×100', () => [rand([100, 4320], 10).T, rand([100, 100], 12)], 'x2.T @ dout3'),
  product('aff dx    dout·W.T 100×100·100×4320', () => [rand([100, 100], 12), rand([4320, 100], 11).T], 'dout3 @ W2a.T'),
  product('x·W1      100×784·784×50', () => [rand([100, 784], 4), rand([784, 50], 5)], 'x @ W1'),
  product('x.T·dout  784×100·100×50', () => [rand([100, 784], 4).T, rand([100, 50], 6)], 'x.T @ dout'),
  product('dout·W1.T 100×50·(784×50)ᵀ', () => [rand([100, 50], 6), rand([784, 50], 5).T], 'dout @ W1.T'),
  product('h·W2      100×50·50×10', () => [rand([100, 50], 7), rand([50, 10], 8)], 'h @ W2'),
  product('h.T·dout2 50×100·100×10', () => [rand([100, 50], 7).T, rand([100, 10], 9)], 'h.T @ dout2'),
  product('dout2·W2.T 100×10·(50×10)ᵀ', () => [rand([100, 10], 9), rand([50, 10], 8).T], 'dout2 @ W2.T'),
]

/** The repository's scripts/, whose book/ package is the one copy of the book's numpy code. */
const SCRIPTS = fileURLToPath(new URL('../../../scripts', import.meta.url))

/** The arrays and the book's Convolution layer (scripts/book/layers.py) the numpy expressions of CASES use. */
const NUMPY_SETUP = `sys.path.insert(0, ${JSON.stringify(SCRIPTS)})
from book.layers import Convolution
rng = np.random.default_rng(0)
u = lambda *s: rng.uniform(-1, 1, s)
col, Wf, d = u(57600, 25), u(30, 25), u(57600, 30)
x, W1, dout, h, W2, dout2 = u(100, 784), u(784, 50), u(100, 50), u(100, 50), u(50, 10), u(100, 10)
x2, W2a, dout3 = u(100, 4320), u(4320, 100), u(100, 100)
X, Wc, bc, dout4 = u(100, 1, 28, 28), u(30, 1, 5, 5), u(30), u(100, 30, 24, 24)

conv = Convolution(Wc, bc)

def conv_step():  # the book's Convolution.forward then .backward
    return conv.forward(X), conv.backward(dout4)
`

function numpySeconds(cases: Case[]): number[] {
  return numpyCpuSeconds(NUMPY_SETUP, cases.map((c) => c.py))
}

let sink = 0
const cpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/** Minor page faults per call in the last `timeIt` (first touches of fresh memory: the kernel maps each 4 KiB page). */
let faultsPerCall = 0

/** Median CPU seconds per call over 9 batches of ≥ 10 ms, after ≥ 0.2 s of warm-up. */
function timeIt(fn: () => number): number {
  let calls = 0
  const t0 = performance.now()
  while (calls < 3 || performance.now() - t0 < 200) (sink += fn()), calls++
  const batch = Math.max(1, Math.ceil(10 / ((performance.now() - t0) / calls)))
  const per: number[] = []
  const f0 = process.resourceUsage().minorPageFault
  for (let r = 0; r < 9; r++) {
    const c0 = cpu()
    for (let i = 0; i < batch; i++) sink += fn()
    per.push((cpu() - c0) / batch)
  }
  faultsPerCall = (process.resourceUsage().minorPageFault - f0) / (9 * batch)
  return median(per)
}

function median(xs: number[]): number {
  const s = [...xs].sort((p, q) => p - q)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** The earlier wrapper over an earlier kernel build: copy the dense spans of A and B in, run, slice C out. */
function oldWrapper(bytes: Uint8Array): Matmul {
  const run = kernelInstance(bytes)
  return (a, b) => run(a, b, 'check') as NDArray
}

const args = process.argv.slice(2)
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const rounds = Number(opt('--rounds') ?? 3)
const only = opt('--only')
const cases = CASES.filter((c) => only === undefined || c.name.startsWith(only))
const oldFile = opt('--old')
const variants: { name: string; mm: Matmul }[] = [{ name: 'new', mm: dot }]
if (oldFile?.endsWith('.wasm')) variants.unshift({ name: 'old', mm: oldWrapper(new Uint8Array(readFileSync(oldFile))) })
else if (oldFile) {
  // That copy imports NDArray by another path, which may load ndarray.ts a second time: rewrap its
  // result (no copy) so `instanceof NDArray` holds in the ops that use it.
  const { matmulWasm } = (await import(oldFile)) as { matmulWasm: Matmul }
  variants.unshift({ name: 'old', mm: (a, b) => { const c = matmulWasm(a, b); return new NDArray(c.data, c.shape) } })
}

const work = cases.map((c) => c.make())
// Both paths must give the same results (a first element of each product, to rounding) before they are timed.
work.forEach((w, i) => {
  const [p, q] = variants.map((v) => w(v.mm))
  if (q !== undefined && !(Math.abs(p! - q) <= 1e-9 * Math.max(1, Math.abs(p!)))) throw new Error(`old and new differ at ${cases[i]!.name}: ${p} ${q}`)
})
const samples = cases.map(() => ({ numpy: [] as number[], v: variants.map(() => [] as number[]), faults: variants.map(() => [] as number[]) }))
const loads: string[] = []
for (let r = 0; r < rounds; r++) {
  const l0 = loadavg()[0]!.toFixed(2)
  cases.forEach((_, i) => {
    const order = r % 2 ? [...variants.keys()].reverse() : [...variants.keys()]
    for (const j of order) {
      const mm = variants[j]!.mm
      samples[i]!.v[j]!.push(timeIt(() => work[i]!(mm)))
      samples[i]!.faults[j]!.push(faultsPerCall)
    }
  })
  numpySeconds(cases).forEach((t, i) => samples[i]!.numpy.push(t))
  loads.push(`${l0}→${loadavg()[0]!.toFixed(2)}`)
}
console.log(`load average (1 min) over each round: ${loads.join(', ')}; CPU ms per call, min / median of ${rounds} rounds`)
const cols = ['numpy', ...variants.map((v) => v.name), ...variants.map((v) => `${v.name}÷np`), ...variants.map((v) => `${v.name} faults`)]
console.log(['case'.padEnd(38), ...cols.map((c) => c.padStart(17))].join(''))
cases.forEach((c, i) => {
  const s = samples[i]!
  const digits = s.numpy[0]! < 1e-4 ? 4 : 3
  const fmt = (xs: number[]) => `${(Math.min(...xs) * 1e3).toFixed(digits)} / ${(median(xs) * 1e3).toFixed(digits)}`
  const ratio = (xs: number[]) => `${(Math.min(...xs) / Math.min(...s.numpy)).toFixed(2)} / ${(median(xs) / median(s.numpy)).toFixed(2)}`
  const faults = s.faults.map((f) => `${Math.round(Math.min(...f))} / ${Math.round(median(f))}`)
  console.log([c.name.padEnd(38), fmt(s.numpy), ...s.v.map(fmt), ...s.v.map(ratio), ...faults].map((x, j) => (j ? x.padStart(17) : x)).join(''))
})
if (sink === 0.5) console.log('')
