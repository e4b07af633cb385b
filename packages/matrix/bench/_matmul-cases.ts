/** One product the matmul bench times: C (M,N) = A (M,K) · B (K,N). */
export interface Case {
  name: string
  M: number
  K: number
  N: number
  /** A is `x.T` for a contiguous x (K,M): the Affine backward `x.T.dot(dout)`. */
  transposedA: boolean
  /** One of the book's TwoLayerNet shapes on MNIST: counts towards the goals. */
  mnist: boolean
}

/** The TwoLayerNet shapes on MNIST (batch 100, 784 inputs, 50 hidden, 10 classes), plus a square 512³. */
export const CASES: Case[] = [
  { name: 'x·W1 100×784·784×50', M: 100, K: 784, N: 50, transposedA: false, mnist: true },
  { name: 'x.T·dout 784×100·100×50', M: 784, K: 100, N: 50, transposedA: true, mnist: true },
  { name: 'h·W2 100×50·50×10', M: 100, K: 50, N: 10, transposedA: false, mnist: true },
  { name: '512³', M: 512, K: 512, N: 512, transposedA: false, mnist: false },
]

/** Reproducible inputs in [-1, 1): a 32-bit LCG, so every run multiplies the same numbers. */
export function randomData(n: number, seed: number): Float64Array {
  const out = new Float64Array(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 31 - 1
  }
  return out
}

/** A (M,K) as a row-major buffer, or x (K,M) whose transpose is A; B (K,N) row-major. */
export function operands(c: Case): { aData: Float64Array; bData: Float64Array } {
  return { aData: randomData(c.M * c.K, 1 + c.M), bData: randomData(c.K * c.N, 2 + c.N) }
}

let sink = 0 // results feed this, so no engine can drop a product as dead code

/** What the bench reads from `sink` at the end (so the sum is observable). */
export function timingSink(): number {
  return sink
}

/**
 * Median seconds per call of `fn`: warm up (≥ 0.2 s and ≥ 3 calls, so the JIT has optimised it),
 * then time batches of calls that each last ≥ 20 ms, 5 to 25 batches for about 1 s in all.
 * numpy's side (NUMPY_SCRIPT in matmul.bench.ts) does the same in python.
 */
export function timeIt(fn: () => number): number {
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
