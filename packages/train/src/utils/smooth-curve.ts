import { ValueError } from '@dlfs/matrix'

// NOTE(book): common/util.py fixes the window: 11 points of a Kaiser window with β = 2.
const WINDOW_LEN = 11
const BETA = 2

/**
 * I0(x), the modified Bessel function of the first kind of order 0, as numpy's `np.i0` (scalar):
 * I0(x) = Σₖ ((x/2)ᵏ / k!)². Every term is positive, so the series is summed until a term no longer
 * changes the sum; fine for |x| up to ~700 (I0 overflows past ~713).
 */
export function i0(x: number): number {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? x : Number.POSITIVE_INFINITY
  const q = (x * x) / 4 // term k = term k−1 · (x/2)² / k²
  let term = 1
  let sum = 1
  for (let k = 1; term > sum * 1e-17; k++) {
    term *= q / (k * k)
    sum += term
  }
  return sum
}

/**
 * numpy's `np.kaiser(M, beta)`: w[n] = I0(β·√(1 − ((n − α)/α)²)) / I0(β), α = (M − 1)/2, n = 0 … M−1.
 * Returns (M,); M = 1 gives [1] and M = 0 gives [], as numpy.
 */
export function kaiser(M: number, beta: number): Float64Array {
  if (!Number.isSafeInteger(M) || M < 0) throw new ValueError('kaiser', `'M' must be a non-negative integer, got ${M}`)
  if (M === 1) return Float64Array.of(1)
  const alpha = (M - 1) / 2
  const denom = i0(beta)
  return Float64Array.from({ length: M }, (_, n) => i0(beta * Math.sqrt(1 - ((n - alpha) / alpha) ** 2)) / denom)
}

/**
 * The book's `smooth_curve` (common/util.py), used to plot loss curves: x (n,) → (n,), each point the
 * Kaiser-window (11 points, β = 2) weighted mean of its neighbourhood, the ends mirrored.
 * Inputs shorter than the window (n < 11) come back unchanged, as a copy: the book's slicing needs
 * 11 points (it returns a curve of the wrong length otherwise). NaN and ±Infinity spread to the
 * neighbours whose window they fall in.
 *
 * @example
 * const smooth = smoothCurve(trainer.trainLossList) // same length, ready to plot
 */
export function smoothCurve(x: readonly number[] | Float64Array): number[] {
  const n = x.length
  if (n < WINDOW_LEN) return Array.from(x)
  const half = (WINDOW_LEN - 1) / 2 // 5
  // s = np.r_[x[window_len-1:0:-1], x, x[-1:-window_len:-1]]: the 10 points after x[0] mirrored in front,
  // x, then the last 10 points mirrored behind: n + 20 points. NOTE(book): the ends differ: x[0] is not
  // repeated but x[n−1] is, so smoothing a reversed curve is not the reverse of smoothing it.
  const pad = WINDOW_LEN - 1
  const s = new Float64Array(n + 2 * pad)
  for (let i = 0; i < pad; i++) s[i] = x[pad - i]!
  s.set(x, pad)
  for (let i = 0; i < pad; i++) s[pad + n + i] = x[n - 1 - i]!
  const w = kaiser(WINDOW_LEN, BETA)
  const total = w.reduce((a, b) => a + b, 0)
  w.forEach((v, j) => (w[j] = v / total)) // weights that sum to 1: a mean, so the curve keeps its level
  // y = np.convolve(w / w.sum(), s, 'valid') has n + 10 points; the book returns y[5 : len(y) − 5], so
  // point i is centred on s[i + 10] = x[i]: out[i] = Σⱼ w[j]·s[i + 15 − j] (w is symmetric anyway).
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    let acc = 0
    for (let j = 0; j < WINDOW_LEN; j++) acc += w[j]! * s[i + half + pad - j]!
    out[i] = acc
  }
  return out
}
