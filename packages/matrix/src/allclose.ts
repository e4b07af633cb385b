import { NDArray, type Operand } from './ndarray.js'
import { broadcastShapes, broadcastStrides } from './broadcast.js'
import { nextIndex } from './indexing.js'
import { sizeOf } from './shape.js'

/** Tolerances of `isclose`/`allclose`, with numpy's defaults. */
export interface CloseOptions {
  /** Relative tolerance, scaled by |b| (default 1e-5). */
  rtol?: number
  /** Absolute tolerance (default 1e-8). */
  atol?: number
  /** Whether NaN is close to NaN (default false). */
  equalNan?: boolean
}

/**
 * `np.isclose(a, b)`: 1 where |a − b| ≤ atol + rtol·|b|, else 0; a, b broadcast to the output shape.
 * NOTE: asymmetric, as in numpy: `b` is the reference value that scales rtol. Infinities are close
 * only to an equal infinity; NaN only to NaN, and only with `equalNan`.
 *
 * @example
 * isclose(array([1, 1.1, NaN]), 1).toArray() // [1, 0, 0]
 */
export function isclose(a: Operand, b: Operand, options: CloseOptions = {}): NDArray {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = options
  const x = a instanceof NDArray ? a : new NDArray(Float64Array.of(a), [])
  const y = b instanceof NDArray ? b : new NDArray(Float64Array.of(b), [])
  const shape = broadcastShapes('isclose', x.shape, y.shape)
  const xs = broadcastStrides(x.shape, x.strides, shape)
  const ys = broadcastStrides(y.shape, y.strides, shape)
  const out = new Float64Array(sizeOf(shape))
  if (out.length === 0) return new NDArray(out, shape)
  const index = new Array<number>(shape.length).fill(0)
  let k = 0
  do {
    let px = x.offset
    let py = y.offset
    for (let i = 0; i < shape.length; i++) {
      px += index[i]! * xs[i]!
      py += index[i]! * ys[i]!
    }
    const u = x.data[px]!
    const v = y.data[py]!
    // numpy: (|x − y| ≤ atol + rtol·|y| and y finite) or x == y, or both NaN when equal_nan.
    const close = (Math.abs(u - v) <= atol + rtol * Math.abs(v) && Number.isFinite(v)) || u === v
    out[k++] = close || (equalNan && Number.isNaN(u) && Number.isNaN(v)) ? 1 : 0
  } while (nextIndex(index, shape))
  return new NDArray(out, shape)
}

/** `np.allclose(a, b)`: true when `isclose(a, b, options)` holds for every broadcast element. */
export function allclose(a: Operand, b: Operand, options: CloseOptions = {}): boolean {
  return isclose(a, b, options).data.every((v) => v === 1)
}
