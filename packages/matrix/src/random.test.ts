import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Rng } from './random.js'
import { NDArray } from './ndarray.js'
import { AxisError, ValueError } from './errors.js'

// Golden values: scripts/golden/random.py, an independent Python re-implementation of the same algorithms.
interface Call {
  call: string
  args: unknown[]
  count?: number
  shape?: number[]
  values?: number[]
  child?: Call[]
}
interface Fixture {
  known_xoshiro128starstar: { state: number[]; values: number[] }
  cases: { seed: number; calls: Call[] }[]
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/random.json', import.meta.url), 'utf8')) as Fixture

type Method = (...args: unknown[]) => NDArray
const NORMALS = new Set(['randn', 'normal'])

function toArg(a: unknown): unknown {
  if (a !== null && typeof a === 'object' && 'ndarray' in a) {
    const { data, shape } = (a as { ndarray: { data: number[]; shape: number[] } }).ndarray
    return new NDArray(Float64Array.from(data), shape)
  }
  return a
}

/** Compare an output with the fixture: shape, then values bit for bit (normals to 1e-15 relative). */
function expectMatches(label: string, out: NDArray, call: Call): void {
  expect(out.shape, `${label} shape`).toEqual(call.shape)
  const actual = Array.from(out.data)
  if (!NORMALS.has(call.call)) {
    expect(actual, label).toEqual(call.values)
    return
  }
  // Python's math.log (C libm) and V8's Math.log (fdlibm) may differ in the last ulp.
  expect(actual.length, label).toBe(call.values!.length)
  call.values!.forEach((e, i) => expect(Math.abs(actual[i]! - e), `${label}[${i}]`).toBeLessThanOrEqual(1e-15 * Math.abs(e)))
}

/** Play the fixture's calls on `rng`, in order, so the number of draws each call consumes is checked too. */
function play(rng: Rng, calls: Call[], where: string): void {
  calls.forEach((c, i) => {
    const label = `${where} #${i} ${c.call}(${JSON.stringify(c.args).slice(1, -1)})`
    if (c.call === 'getState') expect(rng.getState(), label).toEqual(c.values)
    else if (c.call === 'nextUint32') expect(Array.from({ length: c.count! }, () => rng.nextUint32()), label).toEqual(c.values)
    else if (c.call === 'spawn') play(rng.spawn(), c.child!, `${label} child`)
    else if (c.call === 'shuffle') {
      const x = toArg(c.args[0]) as NDArray
      rng.shuffle(x)
      expectMatches(label, x, c)
    } else expectMatches(label, (rng[c.call as keyof Rng] as unknown as Method).apply(rng, c.args.map(toArg)), c)
  })
}

function uint32s(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32())
}
function mean(xs: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i]!
  return s / xs.length
}
function moment(xs: ArrayLike<number>, k: number, about: number): number {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - about) ** k
  return s / xs.length
}
function counts(xs: ArrayLike<number>, n: number): number[] {
  const c = new Array<number>(n).fill(0)
  for (let i = 0; i < xs.length; i++) c[xs[i]!]!++
  return c
}
function rowsOf(x: NDArray): string[] {
  return (x.toArray() as number[][]).map((r) => JSON.stringify(r))
}
/** The error `fn` throws, or a failure if it throws none. */
function thrown(fn: () => unknown): Error {
  try {
    fn()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected an error')
}

describe('random: golden values (scripts/golden/random.py)', () => {
  it('xoshiro128** matches the reference C code from state {1, 2, 3, 4}', () => {
    const { state, values } = fixture.known_xoshiro128starstar
    expect(uint32s(Rng.fromState(state), values.length)).toEqual(values)
  })

  it('has cases for several seeds, including ones past 2^32', () => {
    expect(fixture.cases.map((c) => c.seed)).toEqual(expect.arrayContaining([0, 42, 2 ** 32, 2 ** 53 - 1]))
  })

  for (const { seed, calls } of fixture.cases) {
    it(`seed ${seed}: every call matches, in order (${calls.length} calls)`, () => play(new Rng(seed), calls, `seed ${seed}`))
  }
})

describe('random: statistics with fixed seeds', () => {
  it('random: 100k uniforms in [0, 1) with mean 1/2, variance 1/12 and 53 random bits', () => {
    const u = new Rng(2024).random(100_000).data
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...u)).toBeLessThan(1)
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(0.003) // σ of the mean ≈ 0.0009
    expect(Math.abs(moment(u, 2, 0.5) - 1 / 12)).toBeLessThan(0.001) // σ ≈ 0.00024
    // The last of the 53 bits (2^-53) is set half the time: the second draw fills the low bits.
    const lowBit = mean(Array.from(u, (v) => (v * 2 ** 53) % 2))
    expect(Math.abs(lowBit - 0.5)).toBeLessThan(0.01)
  })

  it('randn: 100k normals with mean 0, variance 1, P(|z| < 1) ≈ 0.6827, kurtosis 3', () => {
    const z = new Rng(7).randn(100_000).data
    expect(Math.abs(mean(z))).toBeLessThan(0.015) // σ ≈ 0.0032
    expect(Math.abs(moment(z, 2, 0) - 1)).toBeLessThan(0.02) // σ ≈ 0.0045
    expect(Math.abs(mean(Array.from(z, (v) => (Math.abs(v) < 1 ? 1 : 0))) - 0.6827)).toBeLessThan(0.006)
    expect(Math.abs(moment(z, 4, 0) - 3)).toBeLessThan(0.12) // σ ≈ 0.031
    expect(Math.abs(moment(z, 3, 0))).toBeLessThan(0.04) // symmetric; σ ≈ 0.0077
  })

  it('normal and uniform: loc/scale and low/high move and stretch', () => {
    const rng = new Rng(11)
    const x = rng.normal(3, 2, 50_000).data
    expect(Math.abs(mean(x) - 3)).toBeLessThan(0.05)
    expect(Math.abs(Math.sqrt(moment(x, 2, mean(x))) - 2)).toBeLessThan(0.03)
    const u = rng.uniform(-2, 5, 50_000).data
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2)
    expect(Math.max(...u)).toBeLessThan(5)
    expect(Math.abs(mean(u) - 1.5)).toBeLessThan(0.05)
  })

  it('integers: every value in range is hit, about equally often', () => {
    const x = new Rng(3).integers(10, null, 100_000).data
    const c = counts(x, 10)
    for (const k of c) expect(Math.abs(k - 10_000)).toBeLessThan(500) // σ ≈ 95
    const y = new Rng(4).integers(-3, 4, 1000).data
    expect(new Set(y)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]))
  })

  it('integers: rejection removes the modulo bias (range 3·2^30, where x % range would favour the first third)', () => {
    // Without rejection, [0, 2^30) would get two of the four 2^30-blocks of uint32: frequency 1/2, not 1/3.
    const x = new Rng(5).integers(0, 3 * 2 ** 30, 30_000).data
    const thirds = counts(Array.from(x, (v) => Math.floor(v / 2 ** 30)), 3)
    for (const k of thirds) expect(Math.abs(k - 10_000)).toBeLessThan(450) // σ ≈ 82
    const big = new Rng(6).integers(0, 3 * 2 ** 51, 30_000).data // the 53-bit path
    const bigThirds = counts(Array.from(big, (v) => Math.floor(v / 2 ** 51)), 3)
    for (const k of bigThirds) expect(Math.abs(k - 10_000)).toBeLessThan(450)
  })

  it('integers: ranges up to 2^53 − 1 give integers with random high and low bits', () => {
    const x = new Rng(8).integers(0, 2 ** 40, 10_000).data
    expect(Array.from(x).every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 40)).toBe(true)
    expect(Math.abs(mean(Array.from(x, (v) => (v >= 2 ** 39 ? 1 : 0))) - 0.5)).toBeLessThan(0.03)
    expect(Math.abs(mean(Array.from(x, (v) => v % 2)) - 0.5)).toBeLessThan(0.03)
    const full = new Rng(9).integers(0, 2 ** 32, 1000).data
    expect(Array.from(full).every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)).toBe(true)
  })

  it('choice with replacement: uniform over 0..a−1, or over the entries of a', () => {
    const c = counts(new Rng(12).choice(5, 50_000).data, 5)
    for (const k of c) expect(Math.abs(k - 10_000)).toBeLessThan(450)
    const picks = new Rng(13).choice([10, 20, 30], 1000).data
    expect(new Set(picks)).toEqual(new Set([10, 20, 30]))
    // A strided view: entries data[1], data[3], data[5].
    const view = new NDArray(Float64Array.of(0, 1, 0, 3, 0, 5), [3], [2], 1)
    expect(new Set(new Rng(14).choice(view, 300).data)).toEqual(new Set([1, 3, 5]))
  })

  it('choice without replacement: no repeats; size = population gives a permutation', () => {
    const x = Array.from(new Rng(15).choice(60000, 100, { replace: false }).data)
    expect(new Set(x).size).toBe(100)
    expect(x.every((v) => Number.isInteger(v) && v >= 0 && v < 60000)).toBe(true)
    const all = Array.from(new Rng(16).choice(50, 50, { replace: false }).data).sort((a, b) => a - b)
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  it('choice with p: frequencies follow p; a zero weight is never drawn', () => {
    const p = [0.1, 0.2, 0.7, 0]
    const c = counts(new Rng(17).choice(4, 100_000, { p }).data, 4)
    c.forEach((k, i) => expect(Math.abs(k / 100_000 - p[i]!)).toBeLessThan(0.006)) // σ ≤ 0.0015
    expect(c[3]).toBe(0)
    const fromArray = new Rng(17).choice(new NDArray(Float64Array.of(5, 6, 7, 8), [4]), 100_000, { p: new NDArray(Float64Array.from(p), [4]) })
    expect(Array.from(fromArray.data)).toEqual(Array.from(new Rng(17).choice(4, 100_000, { p }).data, (i) => i + 5))
  })

  it('choice with p and replace=false: no repeats, zero weights skipped, first pick follows p', () => {
    const p = [0.4, 0.3, 0.2, 0.1, 0]
    const rng = new Rng(18)
    const first = new Array<number>(5).fill(0)
    let bad = 0 // samples with a repeat or with the zero-weight entry 4
    for (let t = 0; t < 20_000; t++) {
      const x = Array.from(rng.choice(5, 4, { replace: false, p }).data)
      if (new Set(x).size !== 4 || x.includes(4)) bad++
      first[x[0]!]!++
    }
    expect(bad).toBe(0)
    first.forEach((k, i) => expect(Math.abs(k / 20_000 - p[i]!)).toBeLessThan(0.012)) // σ ≤ 0.0035
  })

  it('permutation(n) is a permutation of 0..n−1, and all 6 orders of 3 come up equally', () => {
    const x = Array.from(new Rng(19).permutation(1000).data).sort((a, b) => a - b)
    expect(x).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    const rng = new Rng(20)
    const seen = new Map<string, number>()
    for (let t = 0; t < 60_000; t++) {
      const key = rng.permutation(3).data.join('')
      seen.set(key, (seen.get(key) ?? 0) + 1)
    }
    expect(seen.size).toBe(6)
    for (const k of seen.values()) expect(Math.abs(k - 10_000)).toBeLessThan(450)
  })

  it('permutation(x) is a shuffled copy along axis 0: rows whole, x untouched, = shuffle of a copy', () => {
    const data = Float64Array.from({ length: 30 }, (_, i) => i)
    const x = new NDArray(data, [10, 3])
    const before = rowsOf(x)
    const p = new Rng(21).permutation(x)
    expect(rowsOf(x)).toEqual(before)
    expect(p.shape).toEqual([10, 3])
    expect([...rowsOf(p)].sort()).toEqual([...before].sort())
    expect(rowsOf(p)).not.toEqual(before)
    const y = new NDArray(Float64Array.from(data), [10, 3])
    new Rng(21).shuffle(y)
    expect(rowsOf(y)).toEqual(rowsOf(p))
  })

  it('shuffle moves whole rows in place and keeps the multiset of rows (3-D too)', () => {
    const x = new NDArray(Float64Array.from({ length: 48 }, (_, i) => i), [8, 3, 2])
    const before = rowsOf(x)
    const data = x.data
    new Rng(22).shuffle(x)
    expect(x.data).toBe(data)
    const after = rowsOf(x)
    expect(after).not.toEqual(before)
    expect([...after].sort()).toEqual([...before].sort())
  })

  it('shuffle works on views through strides and offset, leaving the rest of the buffer alone', () => {
    // base (6,4); view = rows 1, 3, 5 (strides [8, 1], offset 4).
    const base = Float64Array.from({ length: 24 }, (_, i) => i)
    const view = new NDArray(base, [3, 4], [8, 1], 4)
    const copy = new NDArray(Float64Array.from([4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23]), [3, 4])
    new Rng(23).shuffle(view)
    new Rng(23).shuffle(copy)
    expect(view.toArray()).toEqual(copy.toArray())
    for (const r of [0, 2, 4]) expect(Array.from(base.subarray(r * 4, r * 4 + 4))).toEqual([0, 1, 2, 3].map((c) => r * 4 + c))
    // A transposed view (4,3) of a (3,4) buffer: its rows are the buffer's columns.
    const t = new NDArray(Float64Array.from({ length: 12 }, (_, i) => i), [4, 3], [1, 4])
    const tCopy = new NDArray(Float64Array.from((t.toArray() as number[][]).flat()), [4, 3])
    new Rng(24).shuffle(t)
    new Rng(24).shuffle(tCopy)
    expect(t.toArray()).toEqual(tCopy.toArray())
  })
})

describe('random: streams, shapes and state', () => {
  it('the same seed gives the same stream (any safe seed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (seed) => {
        expect(uint32s(new Rng(seed), 8)).toEqual(uint32s(new Rng(seed), 8))
      }),
    )
  })

  it('different seeds give different streams, including seeds that differ only past bit 32', () => {
    const firsts = new Set(Array.from({ length: 1000 }, (_, s) => uint32s(new Rng(s), 2).join(',')))
    expect(firsts.size).toBe(1000)
    expect(uint32s(new Rng(1), 4)).not.toEqual(uint32s(new Rng(2 ** 32 + 1), 4))
    expect(uint32s(new Rng(0), 4)).not.toEqual(uint32s(new Rng(2 ** 52), 4))
  })

  it('a call consumes a fixed number of draws: random(n) then random(m) = random(n + m)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(20), fc.nat(20), (seed, n, m) => {
        const a = new Rng(seed)
        const split = [...a.random(n).data, ...a.random(m).data]
        expect(split).toEqual(Array.from(new Rng(seed).random(n + m).data))
      }),
    )
  })

  it('randn fills pairs and drops the spare of an odd count: randn(1) twice = entries 0 and 2 of randn(4)', () => {
    const four = new Rng(25).randn(4).data
    const rng = new Rng(25)
    expect([rng.randn(1).data[0], rng.randn(1).data[0]]).toEqual([four[0], four[2]])
  })

  it('shape as numbers or one array; no shape → 0-d; size 0 → empty', () => {
    expect(new Rng(1).randn(2, 3).toArray()).toEqual(new Rng(1).randn([2, 3]).toArray())
    expect(new Rng(1).rand(2, 3).toArray()).toEqual(new Rng(1).random([2, 3]).toArray())
    for (const x of [new Rng(1).random(), new Rng(1).randn(), new Rng(1).integers(5), new Rng(1).choice(3), new Rng(1).normal()]) {
      expect(x.shape).toEqual([])
      expect(x.size).toBe(1)
    }
    expect(new Rng(1).integers(0, 5, [2, 3]).shape).toEqual([2, 3])
    expect(new Rng(1).choice(3, [2, 2]).shape).toEqual([2, 2])
    expect(new Rng(1).randn(0).shape).toEqual([0])
    expect(new Rng(1).choice(0, 0).shape).toEqual([0])
    expect(new Rng(1).choice([], [0, 2], { replace: false }).shape).toEqual([0, 2])
    expect(new Rng(1).permutation(0).shape).toEqual([0])
  })

  it('integers stays in [low, high) for any safe range', () => {
    fc.assert(
      fc.property(fc.nat(), fc.maxSafeInteger(), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (seed, a, width) => {
        const low = Math.max(Number.MIN_SAFE_INTEGER, Math.min(a, Number.MAX_SAFE_INTEGER - width))
        const x = new Rng(seed).integers(low, low + width, 5).data
        for (const v of x) expect(Number.isInteger(v) && v >= low && v < low + width).toBe(true)
      }),
    )
  })

  it('choice without replacement never repeats, for any n ≥ size', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (seed, n, k) => {
        fc.pre(k <= n)
        const x = new Rng(seed).choice(n, k, { replace: false }).data
        expect(new Set(x).size).toBe(k)
      }),
    )
  })

  it('spawn: children are deterministic, differ from the parent and from each other (grandchildren too)', () => {
    const parent = new Rng(26)
    const [c1, c2] = [parent.spawn(), parent.spawn()]
    const again = new Rng(26)
    expect(uint32s(again.spawn(), 6)).toEqual(uint32s(c1.clone(), 6))
    const g1 = c1.clone().spawn()
    const streams = [parent, c1, c2, g1, c2.clone().spawn()].map((r) => uint32s(r.clone(), 4).join(','))
    expect(new Set(streams).size).toBe(5)
    // spawn consumes exactly two draws from the parent.
    const p = new Rng(27)
    const skipped = new Rng(27)
    p.spawn()
    uint32s(skipped, 2)
    expect(uint32s(p, 4)).toEqual(uint32s(skipped, 4))
  })

  it('clone continues the same stream independently; getState/fromState round-trips through JSON', () => {
    const rng = new Rng(28)
    rng.randn(5)
    const twin = rng.clone()
    expect(uint32s(twin, 3)).toEqual(uint32s(rng.clone(), 3))
    expect(rng.getState()).not.toEqual(twin.getState())
    const saved = JSON.stringify(rng.getState())
    const resumed = Rng.fromState(JSON.parse(saved) as number[])
    expect(resumed.random(4).toArray()).toEqual(rng.random(4).toArray())
    for (const w of rng.getState()) expect(Number.isInteger(w) && w >= 0 && w < 2 ** 32).toBe(true)
  })
})

describe('random: errors (numpy wording, op and argument named)', () => {
  const cases: [string, () => unknown, string][] = [
    ['seed -1', () => new Rng(-1), "Rng: argument 'seed' must be an integer in [0, 2^53 - 1], got -1"],
    ['seed 1.5', () => new Rng(1.5), "Rng: argument 'seed' must be an integer in [0, 2^53 - 1], got 1.5"],
    ['seed 2^53', () => new Rng(2 ** 53), "Rng: argument 'seed' must be an integer in [0, 2^53 - 1], got 9007199254740992"],
    ['seed NaN', () => new Rng(NaN), "Rng: argument 'seed' must be an integer in [0, 2^53 - 1], got NaN"],
    ['state zero', () => Rng.fromState([0, 0, 0, 0]), "Rng.fromState: argument 'state' must be four uint32 words, not all zero, got [0, 0, 0, 0]"],
    ['state short', () => Rng.fromState([1, 2, 3]), "Rng.fromState: argument 'state' must be four uint32 words, not all zero, got [1, 2, 3]"],
    ['state 2^32', () => Rng.fromState([1, 2, 3, 2 ** 32]), "Rng.fromState: argument 'state' must be four uint32 words, not all zero, got [1, 2, 3, 4294967296]"],
    ['integers low >= high', (r = new Rng(0)) => r.integers(5, 5), 'Rng.integers: low >= high (low=5, high=5)'],
    ['integers high <= 0', (r = new Rng(0)) => r.integers(0), 'Rng.integers: high <= 0 (high=0)'],
    ['integers 2.5', (r = new Rng(0)) => r.integers(2.5), 'Rng.integers: low and high must be integers, got high=2.5'],
    ['integers 0, 1.5', (r = new Rng(0)) => r.integers(0, 1.5), 'Rng.integers: low and high must be integers, got low=0, high=1.5'],
    ['integers too wide', (r = new Rng(0)) => r.integers(-(2 ** 52), 2 ** 52), 'Rng.integers: high - low range exceeds valid bounds (low=-4503599627370496, high=4503599627370496)'],
    ['choice larger', (r = new Rng(0)) => r.choice(3, 5, { replace: false }), 'Rng.choice: cannot take a larger sample than population when replace=false (size 5 > population 3)'],
    ['choice a = 0', (r = new Rng(0)) => r.choice(0, 2), 'Rng.choice: a must be a positive integer unless no samples are taken'],
    ['choice a = []', (r = new Rng(0)) => r.choice([], 2), 'Rng.choice: a cannot be empty unless no samples are taken'],
    ['choice a = 2.5', (r = new Rng(0)) => r.choice(2.5), 'Rng.choice: a must be a non-negative integer or a 1-D array, got 2.5'],
    ['choice a 2-D', (r = new Rng(0)) => r.choice(new NDArray(new Float64Array(4), [2, 2])), 'Rng.choice: a must be 1-dimensional, got shape (2,2)'],
    ['choice p length', (r = new Rng(0)) => r.choice(3, 2, { p: [0.5, 0.5] }), 'Rng.choice: a and p must have same size (a has 3, p has 2)'],
    ['choice p negative', (r = new Rng(0)) => r.choice(3, 2, { p: [0.5, 0.6, -0.1] }), 'Rng.choice: probabilities are not non-negative'],
    ['choice p NaN', (r = new Rng(0)) => r.choice(2, 2, { p: [NaN, 1] }), 'Rng.choice: probabilities are not non-negative'],
    ['choice p sum', (r = new Rng(0)) => r.choice(3, 2, { p: [0.5, 0.5, 0.25] }), 'Rng.choice: probabilities do not sum to 1 (sum 1.25)'],
    ['choice p 2-D', (r = new Rng(0)) => r.choice(3, 2, { p: new NDArray(Float64Array.of(0.5, 0.5, 0), [1, 3]) }), 'Rng.choice: p must be 1-dimensional, got shape (1,3)'],
    ['choice p non-zero', (r = new Rng(0)) => r.choice(4, 3, { replace: false, p: [0.5, 0.5, 0, 0] }), 'Rng.choice: fewer non-zero entries in p than size (2 < 3)'],
    ['choice size -1', (r = new Rng(0)) => r.choice(3, -1), 'Rng.choice: negative dimensions are not allowed, got shape (-1,)'],
    ['normal scale', (r = new Rng(0)) => r.normal(0, -1), 'Rng.normal: scale < 0 (scale=-1)'],
    ['uniform range', (r = new Rng(0)) => r.uniform(0, Infinity), 'Rng.uniform: high - low range exceeds valid bounds (Infinity - 0)'],
    ['randn negative', (r = new Rng(0)) => r.randn(2, -1), 'Rng.randn: negative dimensions are not allowed, got shape (2,-1)'],
    ['rand 2.5', (r = new Rng(0)) => r.rand([2.5]), 'Rng.rand: shape (2.5,) has a non-integer dimension 2.5'],
    ['permutation -1', (r = new Rng(0)) => r.permutation(-1), 'Rng.permutation: x must be a non-negative integer or an array, got -1'],
  ]
  it.each(cases)('%s', (_, fn, message) => {
    const e = thrown(fn)
    expect(e).toBeInstanceOf(ValueError)
    expect(e.message).toBe(message)
  })

  it('0-d arrays have no axis 0 to permute or shuffle (AxisError, as numpy)', () => {
    const scalar = new NDArray(Float64Array.of(3), [])
    expect(thrown(() => new Rng(0).permutation(scalar))).toBeInstanceOf(AxisError)
    expect(thrown(() => new Rng(0).permutation(scalar)).message).toBe('Rng.permutation: axis 0 is out of bounds for array of dimension 0')
    expect(thrown(() => new Rng(0).shuffle(scalar)).message).toBe('Rng.shuffle: axis 0 is out of bounds for array of dimension 0')
  })

  it('p may miss 1 by up to 1e-8; a failed call consumes no draws', () => {
    const rng = new Rng(29)
    expect(rng.choice(2, 3, { p: [0.5, 0.5 + 5e-9] }).size).toBe(3)
    expect(() => rng.choice(2, 3, { p: [0.5, 0.5 + 2e-8] })).toThrow('probabilities do not sum to 1')
    const state = rng.getState()
    for (const [, fn] of cases.slice(7)) thrown(() => (fn as (r: Rng) => unknown)(rng))
    expect(rng.getState()).toEqual(state)
  })
})
