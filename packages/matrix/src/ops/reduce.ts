import { NDArray } from '../ndarray.js'
import { ValueError } from '../errors.js'
import { normalizeAxes, normalizeAxis, formatShape } from '../shape.js'
import { reduceFast, reduceReference, type Reducer } from '../kernels/reduce.js'
import { useReference } from '../kernels/mode.js'

/** One axis, a list of axes, or null/undefined for all axes (numpy's `axis=None`). */
export type Axis = number | readonly number[] | null

/** numpy's keyword arguments: `x.sum({ axis: 1, keepdims: true })` is `x.sum(axis=1, keepdims=True)`. */
export interface ReduceOptions {
  axis?: Axis
  keepdims?: boolean
  /** Delta degrees of freedom for var/std: divide by N − ddof (numpy's default 0). */
  ddof?: number
}

/** Accept both `x.sum(1, true)` and `x.sum({ axis: 1, keepdims: true })`. */
function options(op: string, x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean) {
  const o: ReduceOptions =
    axis !== null && typeof axis === 'object' && !Array.isArray(axis) ? (axis as ReduceOptions) : { axis: axis as Axis, keepdims }
  return { axes: normalizeAxes(op, o.axis, x.ndim), keepdims: o.keepdims ?? false, ddof: o.ddof ?? 0 }
}

/** Shape after reducing `axes`: dropped, or kept as 1 with keepdims. */
function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  return keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i))
}

function fold(op: string, x: NDArray, axes: readonly number[], keepdims: boolean, r: Reducer): NDArray {
  const data = useReference() ? reduceReference(x, axes, r) : reduceFast(x, axes, r)
  return new NDArray(data, reducedShape(x.shape, axes, keepdims))
}

/** Sum; an empty reduction gives 0. numpy sums pairwise, so the last bits may differ from ours. */
export function sum(x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray {
  const o = options('sum', x, axis, keepdims)
  return fold('sum', x, o.axes, o.keepdims, SUM)
}

const SUM: Reducer = {
  init: 0,
  step: (acc, v) => acc + v,
  runs: (out, x, p, n, m) => {
    for (let i = 0; i < m; i++) {
      let acc = 0
      for (let j = 0; j < n; j++) acc += x[p++]!
      out[i] = acc
    }
  },
  rows: (out, x, p, n, m) => {
    for (let i = 0; i < m; i++, p += n) for (let j = 0; j < n; j++) out[j] = out[j]! + x[p + j]!
  },
}

/** Mean = sum / count; an empty reduction gives NaN (numpy also warns). */
export function mean(x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray {
  const o = options('mean', x, axis, keepdims)
  const count = o.axes.reduce((n, a) => n * x.shape[a]!, 1)
  return sum(x, { axis: o.axes, keepdims: o.keepdims }).div(count)
}

function extreme(op: 'max' | 'min', x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray {
  const o = options(op, x, axis, keepdims)
  if (o.axes.some((a) => x.shape[a] === 0)) {
    const name = op === 'max' ? 'maximum' : 'minimum'
    throw new ValueError(op, `zero-size array to reduction operation ${name} which has no identity (shape ${formatShape(x.shape)})`)
  }
  return fold(op, x, o.axes, o.keepdims, op === 'max' ? MAX : MIN)
}

// NaN is sticky, as numpy: once acc is NaN neither comparison replaces it. The loops pick branch-free
// (a max over pooling windows of random values would mispredict a branch half the time; see kernels/runs.ts);
// `sign` turns the max into the min: v < acc exactly when −v > −acc.
const pick = new Float64Array(2)
const extremeReducer = (sign: 1 | -1): Reducer => ({
  init: -sign * Infinity,
  step: (acc, v) => (sign * v > sign * acc || v !== v ? v : acc),
  runs: (out, x, p, n, m) => {
    for (let i = 0; i < m; i++) {
      let acc = -sign * Infinity
      for (let j = 0; j < n; j++) {
        pick[0] = acc
        pick[1] = x[p++]!
        acc = pick[+(sign * pick[1] > sign * acc) | +(pick[1] !== pick[1])]!
      }
      out[i] = acc
    }
  },
})
const MAX = extremeReducer(1)
const MIN = extremeReducer(-1)
/** Largest element along the axes; NaN if any element is NaN. */
export const max = (x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean) => extreme('max', x, axis, keepdims)
/** Smallest element along the axes; NaN if any element is NaN. */
export const min = (x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean) => extreme('min', x, axis, keepdims)

/** Variance: mean((x − mean(x))²) · n / (n − ddof), computed in two passes for accuracy. */
export function variance(x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray {
  return varianceOf('var', x, axis, keepdims)
}

function varianceOf(op: 'var' | 'std', x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray {
  const o = options(op, x, axis, keepdims)
  const count = o.axes.reduce((n, a) => n * x.shape[a]!, 1)
  const d = x.sub(mean(x, { axis: o.axes, keepdims: true }))
  return sum(d.mul(d), { axis: o.axes, keepdims: o.keepdims }).div(Math.max(count - o.ddof, 0))
}

/** Standard deviation: √var. */
export function std(x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray {
  return varianceOf('std', x, axis, keepdims).sqrt()
}

/**
 * Index of the first extreme along one axis (or of the flattened array when axis is omitted),
 * as float64 values; a NaN counts as the extreme, as in numpy.
 */
function argExtreme(op: 'argmax' | 'argmin', x: NDArray, axis: number | null | undefined, keepdims = false): NDArray {
  if (axis === undefined || axis === null) {
    const flat = x.isContiguous() ? x.reshape(x.size) : x.copy().reshape(x.size)
    const r = argExtreme(op, flat, 0)
    return keepdims ? r.reshape(x.shape.map(() => 1)) : r
  }
  const ax = normalizeAxis(op, axis, x.ndim)
  if (x.shape[ax] === 0) throw new ValueError(op, `attempt to get ${op} of an empty sequence (shape ${formatShape(x.shape)}, axis ${ax})`)
  // Move the axis last, in C order (a copy unless it already is): output o scans c[o·n … o·n + n − 1].
  const perm = [...x.shape.keys()].filter((i) => i !== ax).concat(ax)
  const t = x.transpose(perm)
  const c = t.isContiguous() ? t : t.copy()
  const n = x.shape[ax]!
  const outShape = perm.slice(0, -1).map((i) => x.shape[i]!)
  const out = new Float64Array(outShape.reduce((a, b) => a * b, 1))
  const sign = op === 'argmax' ? 1 : -1
  for (let o = 0; o < out.length; o++) out[o] = argExtremeRun(c.data, c.offset + o * n, n, sign)
  return new NDArray(out, keepdims ? x.shape.map((d, i) => (i === ax ? 1 : d)) : outShape)
}
/**
 * Index of the largest (sign 1) or smallest (sign −1) of x[p], x[p+1], … (n ≥ 1 elements): the first on
 * ties, the first NaN if any. Branch-free, as the reducers above: `take` is 0 or 1, value and index follow it.
 */
function argExtremeRun(x: Float64Array, p: number, n: number, sign: number): number {
  let best = 0
  let bv = x[p]!
  for (let j = 1; j < n; j++) {
    pick[0] = bv
    pick[1] = x[p + j]!
    const take = +(sign * pick[1] > sign * bv) | (+(pick[1] !== pick[1]) & +(bv === bv)) // better, or the first NaN
    bv = pick[take]!
    best += take * (j - best)
  }
  return best
}

/** Index of the largest element (first on ties). */
export const argmax = (x: NDArray, axis?: number | null, keepdims?: boolean) => argExtreme('argmax', x, axis, keepdims)
/** Index of the smallest element (first on ties). */
export const argmin = (x: NDArray, axis?: number | null, keepdims?: boolean) => argExtreme('argmin', x, axis, keepdims)
