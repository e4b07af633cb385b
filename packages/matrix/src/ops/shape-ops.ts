import { NDArray } from '../ndarray.js'
import { stridesOf } from '../shape.js'
const todo = (): never => { throw new Error('not yet') }
export function reshape(x: NDArray, shape: readonly number[]): NDArray { return todo() }
/** Transpose as a view: permute shape and strides (default: reverse the axes). */
export function transpose(x: NDArray, axes?: readonly number[]): NDArray {
  const perm = axes ?? x.shape.map((_, i) => x.ndim - 1 - i)
  return new NDArray(x.data, perm.map((a) => x.shape[a]!), perm.map((a) => x.strides[a]!), x.offset)
}
export function flatten(x: NDArray): NDArray { return todo() }
export function squeeze(x: NDArray, axis?: number | readonly number[]): NDArray { return todo() }
export function expandDims(x: NDArray, axis: number): NDArray { return todo() }
/** A C-contiguous copy. */
export function copy(x: NDArray): NDArray {
  const out = new Float64Array(x.size)
  const idx = new Array<number>(x.ndim).fill(0)
  for (let k = 0; k < out.length; k++) {
    let pos = x.offset
    for (let i = 0; i < x.ndim; i++) pos += idx[i]! * x.strides[i]!
    out[k] = x.data[pos]!
    for (let i = x.ndim - 1; i >= 0; i--) { if (++idx[i]! < x.shape[i]!) break; idx[i] = 0 }
  }
  return new NDArray(out, x.shape, stridesOf(x.shape))
}
