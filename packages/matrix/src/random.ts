import { NDArray } from './ndarray.js'
import { AxisError, ValueError } from './errors.js'
import { checkShape, formatShape, sizeOf, type Shape } from './shape.js'
import { indexToPosition, nextIndex } from './indexing.js'

/** A shape given numpy-legacy style as numbers, `rand(2, 3)`, or as one array, `rand([2, 3])`; none → 0-d. */
export type ShapeArgs = number[] | [readonly number[]]
/** numpy's `size`: a count (1-D), a shape, or omitted for a single value, returned as a 0-d array. */
export type Size = number | Shape | undefined
/** Options of `Rng.choice`, as numpy's: `replace` defaults to true; `p` are the probabilities of each entry of `a`. */
export interface ChoiceOptions {
  replace?: boolean
  p?: readonly number[] | NDArray
}

const TWO32 = 2 ** 32
const TWO53 = 2 ** 53
const MASK64 = (1n << 64n) - 1n

/**
 * A seeded random generator with numpy's method names, so `np.random.randn(2, 3)` becomes
 * `rng.randn(2, 3)`. The same seed gives the same numbers on every platform: the state is four
 * uint32 words stepped with 32-bit integer arithmetic only (`Math.imul`, `>>>`), never `Math.random`.
 *
 * - Generator: xoshiro128** 1.1 (D. Blackman & S. Vigna, "Scrambled linear pseudorandom number
 *   generators", ACM TOMS 2021, arXiv:1805.01407; reference code https://prng.di.unimi.it/xoshiro128starstar.c).
 * - Seeding: SplitMix64 (G. Steele, D. Lea & C. Flood, OOPSLA 2014; https://prng.di.unimi.it/splitmix64.c),
 *   the seeding the xoshiro authors recommend. It takes the whole 53-bit seed (splitmix32 would fold it to 32 bits).
 *
 * Uniforms and integers are bit-for-bit identical everywhere. Normals also use `Math.log`, which the ECMAScript
 * spec leaves implementation-approximated: V8 (Node, Chrome) gives the same bits on every OS; other engines may
 * differ in the last ulp, never in how many numbers are drawn.
 *
 * @example
 * const rng = new Rng(42)
 * const W1 = rng.randn(784, 100).mul(0.01)            // 0.01 * np.random.randn(784, 100)
 * const batchMask = rng.choice(60000, 100)            // np.random.choice(train_size, batch_size)
 * const [init, batching] = [rng.spawn(), rng.spawn()] // independent streams from one seed
 */
export class Rng {
  // xoshiro128** state, as int32 (only bitwise ops touch it); never all zero.
  private s0 = 0
  private s1 = 0
  private s2 = 0
  private s3 = 0

  /** `seed`: an integer in [0, 2^53 − 1]. */
  constructor(seed: number) {
    const why = `argument 'seed' must be an integer in [0, 2^53 - 1], got ${seed}`
    if (!Number.isSafeInteger(seed) || seed < 0) throw new ValueError('Rng', why)
    this.setState(splitmix64(BigInt(seed)))
  }

  /** A generator that continues from a state saved by `getState()`: four uint32 words, not all zero. */
  static fromState(state: readonly number[]): Rng {
    const words = state.length === 4 && state.every((w) => Number.isInteger(w) && w >= 0 && w < TWO32)
    if (!words || state.every((w) => w === 0)) {
      throw new ValueError('Rng.fromState', `argument 'state' must be four uint32 words, not all zero, got [${state.join(', ')}]`)
    }
    return new Rng(0).setState(state)
  }
  /** The four uint32 state words: JSON-serialisable; `Rng.fromState` resumes the stream exactly. */
  getState(): number[] { return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0] }
  /** An independent copy: it yields the numbers this generator would yield next. */
  clone(): Rng { return Rng.fromState(this.getState()) }
  /**
   * A child generator for its own job (weight init, batching, dropout), derived deterministically:
   * two uint32 draws from this generator (which therefore advances) form a 64-bit seed that goes through
   * SplitMix64, as a fresh seed does. So children differ from the parent and from each other, and
   * `spawn()` itself may be called on a child. (Java's `SplittableRandom.split` seeds children the same way.)
   */
  spawn(): Rng {
    const lo = this.nextUint32()
    const hi = this.nextUint32()
    return new Rng(0).setState(splitmix64((BigInt(hi) << 32n) | BigInt(lo)))
  }
  private setState(state: readonly number[]): this {
    this.s0 = state[0]! | 0
    this.s1 = state[1]! | 0
    this.s2 = state[2]! | 0
    this.s3 = state[3]! | 0
    return this
  }

  /** The next raw xoshiro128** output, an integer in [0, 2^32). Line for line the reference C `next()`. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }
  /** An integer in [0, 2^53) from two draws: the top 27 bits of the first, then the top 26 of the second. */
  private next53(): number {
    const a = this.nextUint32() >>> 5
    const b = this.nextUint32() >>> 6
    return a * 67108864 + b // a · 2^26 + b
  }
  /** A uniform double in [0, 1) with 53 random bits, as numpy's (and MT19937's) `genrand_res53`. */
  private nextDouble(): number { return this.next53() / TWO53 }

  /** `np.random.random(size)`: uniform in [0, 1); `random(2, 3)` or `random([2, 3])` → (2,3); no shape → 0-d. */
  random(...shape: ShapeArgs): NDArray { return this.fillUniform('Rng.random', shapeArgs(shape), 0, 1) }
  /** `np.random.rand(d0, d1, …)`: the same numbers as `random`. */
  rand(...shape: ShapeArgs): NDArray { return this.fillUniform('Rng.rand', shapeArgs(shape), 0, 1) }
  /** `np.random.uniform(low, high, size)`: `low + (high − low) · U` with U uniform in [0, 1). */
  uniform(low = 0, high = 1, size?: Size): NDArray {
    if (!Number.isFinite(high - low)) throw new ValueError('Rng.uniform', `high - low range exceeds valid bounds (${high} - ${low})`)
    return this.fillUniform('Rng.uniform', sizeShape('Rng.uniform', size), low, high)
  }
  private fillUniform(op: string, shape: Shape, low: number, high: number): NDArray {
    const out = alloc(op, shape)
    for (let i = 0; i < out.data.length; i++) out.data[i] = low + (high - low) * this.nextDouble()
    return out
  }

  /** `np.random.randn(d0, d1, …)`: standard normal; `randn(2, 3)` or `randn([2, 3])` → (2,3); no shape → 0-d. */
  randn(...shape: ShapeArgs): NDArray { return this.fillNormal('Rng.randn', shapeArgs(shape), 0, 1) }
  /** `np.random.normal(loc, scale, size)`: `loc + scale · Z` with Z standard normal. */
  normal(loc = 0, scale = 1, size?: Size): NDArray {
    if (!(scale >= 0)) throw new ValueError('Rng.normal', `scale < 0 (scale=${scale})`)
    return this.fillNormal('Rng.normal', sizeShape('Rng.normal', size), loc, scale)
  }
  /**
   * Marsaglia's polar method (G. Marsaglia & T. Bray, SIAM Review 6(3), 1964): a point (u, v) uniform in
   * the unit disc gives two independent normals u·f and v·f with f = √(−2 ln s / s), s = u² + v².
   * Both fill consecutive slots; with an odd count the last spare is dropped, so the state stays four
   * words (hence `randn(2)` ≠ `randn(1)` twice). Needs only `Math.log` and `Math.sqrt`.
   */
  private fillNormal(op: string, shape: Shape, loc: number, scale: number): NDArray {
    const out = alloc(op, shape)
    const d = out.data
    for (let i = 0; i < d.length; i += 2) {
      let u: number, v: number, s: number
      do {
        u = 2 * this.nextDouble() - 1 // exact: a 53-bit double doubled, minus 1
        v = 2 * this.nextDouble() - 1
        s = u * u + v * v
      } while (s >= 1 || s === 0)
      const f = Math.sqrt((-2 * Math.log(s)) / s)
      d[i] = loc + scale * (u * f)
      if (i + 1 < d.length) d[i + 1] = loc + scale * (v * f)
    }
    return out
  }

  /**
   * An unbiased integer in [0, range), range in [1, 2^53 − 1]: rejection as OpenBSD's `arc4random_uniform`.
   * Draws below 2^k mod range are dropped (k = 32, or 53 for ranges over 2^32), so what is left
   * is a whole number of copies of [0, range) and `x % range` favours no value.
   */
  private bounded(range: number): number {
    const small = range <= TWO32
    const threshold = (small ? TWO32 : TWO53) % range
    let x: number
    do x = small ? this.nextUint32() : this.next53()
    while (x < threshold)
    return x % range
  }
  /** numpy's `Generator.integers(low, high, size)`: uniform integers in [low, high); high omitted → [0, low). */
  integers(low: number, high?: number | null, size?: Size): NDArray {
    const op = 'Rng.integers'
    const oneArg = high === undefined || high === null
    const [lo, hi] = oneArg ? [0, low] : [low, high]
    const given = (): string => (oneArg ? `high=${hi}` : `low=${lo}, high=${hi}`) // built only on failure
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new ValueError(op, `low and high must be integers, got ${given()}`)
    if (lo >= hi) throw new ValueError(op, `${oneArg ? 'high <= 0' : 'low >= high'} (${given()})`)
    const range = hi - lo // ≥ 2^53 when the exact difference is too big, since rounding is monotone
    if (range > Number.MAX_SAFE_INTEGER) throw new ValueError(op, `high - low range exceeds valid bounds (${given()})`)
    const out = alloc(op, sizeShape(op, size))
    for (let i = 0; i < out.data.length; i++) out.data[i] = lo + this.bounded(range)
    return out
  }

  /** Forward Fisher–Yates (Durstenfeld) on 0..n−1, stopped after k swaps: the first k entries are a uniform sample. */
  private permutedIndices(n: number, k: number): Float64Array {
    const pool = new Float64Array(n)
    for (let i = 0; i < n; i++) pool[i] = i
    for (let i = 0; i < Math.min(k, n - 1); i++) {
      const j = i + this.bounded(n - i)
      ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
    }
    return pool
  }
  /**
   * `np.random.choice(a, size, replace, p)`: a: a population size n (samples 0..n−1) or a 1-D array (samples its
   * entries); returns shape `size` (0-d when omitted). Without p: `integers(n)` per sample, or a partial
   * Fisher–Yates without replacement. With p: the first CDF entry above a uniform draw, as numpy's `searchsorted`;
   * without replacement the chosen entry's weight drops to 0 and the CDF is rebuilt (O(size · n)).
   */
  choice(a: number | NDArray | readonly number[], size?: Size, options: ChoiceOptions = {}): NDArray {
    const op = 'Rng.choice'
    const replace = options.replace ?? true
    const values = population(op, a)
    const n = typeof a === 'number' ? a : values!.length
    const shape = sizeShape(op, size)
    const count = sizeOf(shape)
    if (n === 0 && count > 0) {
      const what = typeof a === 'number' ? 'a must be a positive integer' : 'a cannot be empty'
      throw new ValueError(op, `${what} unless no samples are taken`)
    }
    if (!replace && count > n) {
      throw new ValueError(op, `cannot take a larger sample than population when replace=false (size ${count} > population ${n})`)
    }
    const p = options.p === undefined ? null : checkP(op, options.p, n)
    const nonZero = p === null ? n : p.filter((w) => w > 0).length
    if (!replace && count > nonZero) throw new ValueError(op, `fewer non-zero entries in p than size (${nonZero} < ${count})`)
    let out = new Float64Array(count)
    if (p === null && replace) for (let i = 0; i < count; i++) out[i] = this.bounded(n)
    else if (p === null) out = this.permutedIndices(n, count).slice(0, count)
    else {
      const w = Float64Array.from(p)
      let cdf = cdfOf(w)
      for (let i = 0; i < count; i++) {
        const k = searchRight(cdf, this.nextDouble())
        out[i] = k
        if (!replace) {
          w[k] = 0 // without replacement k cannot come again
          cdf = cdfOf(w)
        }
      }
    }
    if (values !== null) for (let i = 0; i < count; i++) out[i] = values[out[i]!]!
    return new NDArray(out, shape)
  }

  /** `np.random.permutation(x)`: x a number n → a shuffled `arange(n)`, (n,); x an array → a shuffled copy along axis 0. */
  permutation(x: number | NDArray): NDArray {
    const op = 'Rng.permutation'
    if (typeof x === 'number') {
      if (!Number.isSafeInteger(x) || x < 0) throw new ValueError(op, `x must be a non-negative integer or an array, got ${x}`)
      return new NDArray(this.permutedIndices(x, x), [x])
    }
    if (x.ndim === 0) throw new AxisError(op, 0, 0)
    const out = x.copy() // C-contiguous, so x is untouched
    this.shuffle(out)
    return out
  }
  /** `np.random.shuffle(x)`: shuffles x IN PLACE along axis 0 (whole rows move), through its strides, so views work. */
  shuffle(x: NDArray): void {
    if (x.ndim === 0) throw new AxisError('Rng.shuffle', 0, 0)
    const n = x.shape[0]!
    const rel = rowPositions(x)
    const d = x.data
    for (let i = 0; i < n - 1; i++) {
      const j = i + this.bounded(n - i) // the same swaps as permutedIndices(n, n)
      if (j === i) continue
      const a = x.offset + i * x.strides[0]!
      const b = x.offset + j * x.strides[0]!
      for (const r of rel) [d[a + r], d[b + r]] = [d[b + r]!, d[a + r]!]
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/** SplitMix64 from `seed`: two 64-bit outputs cut into four uint32 words, low half first. BigInt: once per generator. */
function splitmix64(seed: bigint): number[] {
  const words: number[] = []
  let x = seed & MASK64
  for (let i = 0; i < 2; i++) {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64
    let z = x
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64
    z ^= z >> 31n
    words.push(Number(z & 0xffffffffn), Number(z >> 32n))
  }
  // Never all zero: the output mix is a bijection, so two consecutive outputs cannot both be 0.
  return words
}

function shapeArgs(args: ShapeArgs): Shape {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as number[])
}
function sizeShape(op: string, size: Size): Shape {
  return checkShape(op, size === undefined ? [] : typeof size === 'number' ? [size] : size)
}
function alloc(op: string, shape: Shape): NDArray {
  const s = checkShape(op, shape)
  return new NDArray(new Float64Array(sizeOf(s)), s)
}

/** The entries of a 1-D array or list (null when `a` is a population size, after checking it). */
function population(op: string, a: number | NDArray | readonly number[]): number[] | null {
  if (typeof a === 'number') {
    if (!Number.isSafeInteger(a) || a < 0) throw new ValueError(op, `a must be a non-negative integer or a 1-D array, got ${a}`)
    return null
  }
  if (!(a instanceof NDArray)) return [...a]
  if (a.ndim !== 1) throw new ValueError(op, `a must be 1-dimensional, got shape ${formatShape(a.shape)}`)
  return Array.from({ length: a.shape[0]! }, (_, i) => a.data[a.offset + i * a.strides[0]!]!)
}
function checkP(op: string, p: readonly number[] | NDArray, n: number): number[] {
  if (p instanceof NDArray && p.ndim !== 1) throw new ValueError(op, `p must be 1-dimensional, got shape ${formatShape(p.shape)}`)
  const w = population(op, p)!
  if (w.length !== n) throw new ValueError(op, `a and p must have same size (a has ${n}, p has ${w.length})`)
  if (!w.every((v) => v >= 0)) throw new ValueError(op, 'probabilities are not non-negative')
  const sum = w.reduce((acc, v) => acc + v, 0)
  if (!(Math.abs(sum - 1) <= 1e-8)) throw new ValueError(op, `probabilities do not sum to 1 (sum ${sum})`)
  return w
}
/** Running sums (left to right) over their total: the last is exactly 1, as the same sum is divided by itself. */
function cdfOf(w: Float64Array): Float64Array {
  const total = w.reduce((acc, v) => acc + v, 0)
  let acc = 0
  return w.map((v) => (acc += v) / total)
}
/** The first index whose CDF entry exceeds u (numpy's `searchsorted(side='right')`, Python's `bisect_right`). */
function searchRight(cdf: Float64Array, u: number): number {
  let lo = 0
  let hi = cdf.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cdf[mid]! > u) hi = mid
    else lo = mid + 1
  }
  return lo
}
/** Positions, relative to the start of a row, of the elements of x[0] in C order (x: (n, ...)). */
function rowPositions(x: NDArray): number[] {
  const shape = x.shape.slice(1)
  const strides = x.strides.slice(1)
  if (sizeOf(shape) === 0) return []
  const idx = new Array<number>(shape.length).fill(0)
  const out: number[] = []
  do out.push(indexToPosition(idx, strides, 0))
  while (nextIndex(idx, shape))
  return out
}
