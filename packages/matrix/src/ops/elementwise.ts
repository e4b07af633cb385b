import { NDArray, type Operand } from '../ndarray.js'
import { broadcastShapes, broadcastStrides } from '../broadcast.js'
import { indexToPosition, ordinalToIndex } from '../indexing.js'
import { shapesEqual, sizeOf } from '../shape.js'
import { ValueError } from '../errors.js'
import { mapFast, mapReference, type UnaryFn } from '../kernels/map.js'
import { zipFast, zipReference, type BinaryFn } from '../kernels/zip.js'
import { useReference } from '../kernels/mode.js'
import { toArray } from './_args.js'

/** Apply `fn` to every pair of elements after numpy broadcasting; `op` names the op in errors. */
export function binary(op: string, a: Operand, b: Operand, fn: BinaryFn): NDArray {
  const x = toArray(a)
  const y = toArray(b)
  const shape = broadcastShapes(op, x.shape, y.shape)
  const data = useReference() ? zipReference(x, y, fn, shape) : zipFast(x, y, fn, shape)
  return new NDArray(data, shape)
}

/** Apply `fn` to every element; returns a new C-contiguous array of x's shape. */
export function unary(x: NDArray, fn: UnaryFn): NDArray {
  return new NDArray(useReference() ? mapReference(x, fn) : mapFast(x, fn), x.shape)
}

// Arithmetic, as numpy's ufuncs. NaN and ±Infinity propagate by IEEE 754 rules (1/0 = Infinity).
export const add = (a: Operand, b: Operand) => binary('add', a, b, (p, q) => p + q)
export const sub = (a: Operand, b: Operand) => binary('sub', a, b, (p, q) => p - q)
export const mul = (a: Operand, b: Operand) => binary('mul', a, b, (p, q) => p * q)
export const div = (a: Operand, b: Operand) => binary('div', a, b, (p, q) => p / q)
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
export const lessEqual = (a: Operand, b: Operand) => binary('lessEqual', a, b, (p, q) => (p <= q ? 1 : 0))
export const greater = (a: Operand, b: Operand) => binary('greater', a, b, (p, q) => (p > q ? 1 : 0))
export const greaterEqual = (a: Operand, b: Operand) => binary('greaterEqual', a, b, (p, q) => (p >= q ? 1 : 0))

export const neg = (x: NDArray) => unary(x, (v) => -v)
export const exp = (x: NDArray) => unary(x, Math.exp)
/** Natural log: log(0) = -Infinity and log(-1) = NaN, as numpy (which also warns). */
export const log = (x: NDArray) => unary(x, Math.log)
export const sqrt = (x: NDArray) => unary(x, Math.sqrt)
export const abs = (x: NDArray) => unary(x, Math.abs)
export const tanh = (x: NDArray) => unary(x, Math.tanh)

/** `np.where(condition, x, y)`: x where condition is non-zero, else y; all three broadcast. */
export function where(condition: Operand, x: Operand, y: Operand): NDArray {
  const args = [toArray(condition), toArray(x), toArray(y)] as const
  const shape = broadcastShapes('where', ...args.map((a) => a.shape))
  const out = new Float64Array(sizeOf(shape))
  // Fast path (Relu's `where(mask, 0, x)`): every operand is either a single number or a contiguous
  // array of the output's shape, so one flat loop with a step of 0 or 1 per operand reads them all.
  const flat = args.every((a) => a.size === 1 || (a.isContiguous() && shapesEqual(a.shape, shape)))
  if (flat && !useReference()) {
    const [c, a, b] = args
    const [sc, sa, sb] = args.map((t) => (t.size === 1 ? 0 : 1)) as [number, number, number]
    for (let k = 0; k < out.length; k++) {
      out[k] = c.data[c.offset + k * sc] !== 0 ? a.data[a.offset + k * sa]! : b.data[b.offset + k * sb]!
    }
    return new NDArray(out, shape)
  }
  const [c, a, b] = args.map((t) => ({ t, s: broadcastStrides(t.shape, t.strides, shape) }))
  const index = new Array<number>(shape.length).fill(0)
  for (let k = 0; k < out.length; k++) {
    ordinalToIndex(k, shape, index)
    const pick = c!.t.data[indexToPosition(index, c!.s, c!.t.offset)] !== 0 ? a! : b!
    out[k] = pick.t.data[indexToPosition(index, pick.s, pick.t.offset)]!
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
