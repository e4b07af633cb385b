import { NDArray, type Operand } from '../ndarray.js'
import { broadcastShapes, broadcastStrides } from '../broadcast.js'
import { indexToPosition, ordinalToIndex } from '../indexing.js'
import { sizeOf, stridesOf } from '../shape.js'
import { ValueError } from '../errors.js'
import { mapFast, mapReference, type UnaryFn } from '../kernels/map.js'
import { zipFast, zipReference, type BinaryFn } from '../kernels/zip.js'
import { forEachRun } from '../kernels/strided.js'
import * as runs from '../kernels/runs.js'
import { useReference } from '../kernels/mode.js'
import { toArray } from './_args.js'

/**
 * Apply `fn` to every pair of elements after numpy broadcasting; `op` names the op in errors.
 * `run` is the same function as a loop of its own (kernels/runs.ts), for the fast path.
 */
export function binary(op: string, a: Operand, b: Operand, fn: BinaryFn, run = runs.binaryRunOf(fn)): NDArray {
  const x = toArray(a)
  const y = toArray(b)
  const shape = broadcastShapes(op, x.shape, y.shape)
  const data = useReference() ? zipReference(x, y, fn, shape) : zipFast(x, y, run, shape)
  return new NDArray(data, shape)
}

/** Apply `fn` (as the loop `run` on the fast path) to every element; returns a new C-contiguous array of x's shape. */
export function unary(x: NDArray, fn: UnaryFn, run = runs.unaryRunOf(fn)): NDArray {
  return new NDArray(useReference() ? mapReference(x, fn) : mapFast(x, run), x.shape)
}

// Arithmetic, as numpy's ufuncs. NaN and ±Infinity propagate by IEEE 754 rules (1/0 = Infinity).
export const add = (a: Operand, b: Operand) => binary('add', a, b, (p, q) => p + q, runs.addRun)
export const sub = (a: Operand, b: Operand) => binary('sub', a, b, (p, q) => p - q, runs.subRun)
export const mul = (a: Operand, b: Operand) => binary('mul', a, b, (p, q) => p * q, runs.mulRun)
export const div = (a: Operand, b: Operand) => binary('div', a, b, (p, q) => p / q, runs.divRun)
// NOTE: JS gives NaN for 1 ** NaN and (±1) ** ±Infinity; C's pow (and numpy) give 1.
export const pow = (a: Operand, b: Operand) =>
  binary('pow', a, b, (p, q) => (p === 1 || (p === -1 && Math.abs(q) === Infinity) ? 1 : Math.pow(p, q)))
/** Element-wise larger value; NaN wins, as in numpy's `maximum` (Math.max agrees). */
export const maximum = (a: Operand, b: Operand) => binary('maximum', a, b, Math.max)
export const minimum = (a: Operand, b: Operand) => binary('minimum', a, b, Math.min)

// Comparisons give 1 for true and 0 for false (numpy gives booleans; `.sum()` counts either way).
export const equal = (a: Operand, b: Operand) => binary('equal', a, b, (p, q) => (p === q ? 1 : 0))
export const notEqual = (a: Operand, b: Operand) => binary('notEqual', a, b, (p, q) => (p !== q ? 1 : 0))
export const less = (a: Operand, b: Operand) => binary('less', a, b, (p, q) => (p < q ? 1 : 0))
export const lessEqual = (a: Operand, b: Operand) => binary('lessEqual', a, b, (p, q) => (p <= q ? 1 : 0), runs.lessEqualRun)
export const greater = (a: Operand, b: Operand) => binary('greater', a, b, (p, q) => (p > q ? 1 : 0), runs.greaterRun)
export const greaterEqual = (a: Operand, b: Operand) => binary('greaterEqual', a, b, (p, q) => (p >= q ? 1 : 0))

export const neg = (x: NDArray) => unary(x, (v) => -v)
export const exp = (x: NDArray) => unary(x, Math.exp, runs.expRun)
/** Natural log: log(0) = -Infinity and log(-1) = NaN, as numpy (which also warns). */
export const log = (x: NDArray) => unary(x, Math.log)
export const sqrt = (x: NDArray) => unary(x, Math.sqrt, runs.sqrtRun)
export const abs = (x: NDArray) => unary(x, Math.abs)
export const tanh = (x: NDArray) => unary(x, Math.tanh)

/** `np.where(condition, x, y)`: x where condition is non-zero, else y; all three broadcast. */
export function where(condition: Operand, x: Operand, y: Operand): NDArray {
  const [c, a, b] = [toArray(condition), toArray(x), toArray(y)]
  const shape = broadcastShapes('where', c.shape, a.shape, b.shape)
  const out = new Float64Array(sizeOf(shape))
  const [sc, sa, sb] = [c, a, b].map((t) => broadcastStrides(t.shape, t.strides, shape)) as [number[], number[], number[]]
  if (useReference()) {
    const index = new Array<number>(shape.length).fill(0)
    for (let k = 0; k < out.length; k++) {
      ordinalToIndex(k, shape, index)
      const chosen = c.data[indexToPosition(index, sc, c.offset)] !== 0
      out[k] = chosen ? a.data[indexToPosition(index, sa, a.offset)]! : b.data[indexToPosition(index, sb, b.offset)]!
    }
  } else {
    // Fast path: the same choice over runs (kernels/strided.ts); Relu's `where(mask, 0, x)` is one run.
    forEachRun(shape, [stridesOf(shape), sc, sa, sb], [0, c.offset, a.offset, b.offset], (m, n, p, P, s) =>
      runs.whereRun(m, n, out, p[0]!, P[0]!, s[0]!, c.data, p[1]!, P[1]!, s[1]!, a.data, p[2]!, P[2]!, s[2]!, b.data, p[3]!, P[3]!, s[3]!))
  }
  return new NDArray(out, shape)
}

/** `np.clip(x, min, max)`: limit values to [min, max]; `null` leaves a side open. NaN stays NaN. */
export function clip(x: NDArray, min: number | null, max: number | null): NDArray {
  if (min === null && max === null) throw new ValueError('clip', 'one of min or max must be given')
  if (min !== null && max !== null && min > max) throw new ValueError('clip', `min (${min}) is greater than max (${max})`)
  const lo = min ?? -Infinity
  const hi = max ?? Infinity
  return unary(x, (v) => (v < lo ? lo : v > hi ? hi : v))
}
