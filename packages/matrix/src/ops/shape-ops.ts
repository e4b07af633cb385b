import { NDArray } from '../ndarray.js'
import { ShapeError, ValueError } from '../errors.js'
import { checkShape, formatShape, normalizeAxes, normalizeAxis, shapesEqual, sizeOf, stridesOf } from '../shape.js'
import { mapFast, mapReference } from '../kernels/map.js'
import { copyRun } from '../kernels/runs.js'
import { useReference } from '../kernels/mode.js'

/**
 * `x.reshape(shape)`; one dimension may be -1 and is inferred. A view when x is contiguous,
 * otherwise a copy (numpy also copies when no view is possible).
 */
export function reshape(x: NDArray, shape: readonly number[]): NDArray {
  const unknown = shape.filter((d) => d === -1).length
  if (unknown > 1) throw new ValueError('reshape', `can only specify one unknown dimension, got shape ${formatShape(shape)}`)
  const known = shape.filter((d) => d !== -1)
  checkShape('reshape', known)
  const rest = sizeOf(known)
  const target = shape.map((d) => (d === -1 ? (rest === 0 ? 0 : x.size / rest) : d))
  if ((unknown && (rest === 0 || x.size % rest !== 0)) || sizeOf(target) !== x.size) {
    throw new ShapeError('reshape', `cannot reshape array of size ${x.size} into shape ${formatShape(shape)}`, [x.shape, shape])
  }
  const src = x.isContiguous() ? x : copy(x)
  return new NDArray(src.data, target, stridesOf(target), src.offset)
}

/**
 * `x.transpose(axes)`: a view with permuted shape and strides; no axes reverses them (`x.T`).
 * (2,3,4).transpose(1,0,2) → (3,2,4).
 */
export function transpose(x: NDArray, axes?: readonly number[]): NDArray {
  if (axes && axes.length !== x.ndim) {
    throw new ValueError('transpose', `axes (${axes.join(',')}) don't match array of shape ${formatShape(x.shape)}`)
  }
  const perm = axes ? axes.map((a) => normalizeAxis('transpose', a, x.ndim)) : x.shape.map((_, i) => x.ndim - 1 - i)
  if (new Set(perm).size !== perm.length) throw new ValueError('transpose', `repeated axis in transpose: (${axes!.join(',')})`)
  return new NDArray(x.data, perm.map((a) => x.shape[a]!), perm.map((a) => x.strides[a]!), x.offset)
}

/** A C-contiguous copy of any view. */
export function copy(x: NDArray): NDArray {
  return new NDArray(useReference() ? mapReference(x, (v) => v) : mapFast(x, copyRun), x.shape)
}

/** `x.flatten()`: always a 1-D copy, as numpy. */
export function flatten(x: NDArray): NDArray {
  return new NDArray(copy(x).data, [x.size])
}

/** Remove axes of length 1 (all of them, or the given ones, which must have length 1). A view. */
export function squeeze(x: NDArray, axis?: number | readonly number[]): NDArray {
  const axes = axis === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axis, x.ndim)
  for (const a of axes) {
    if (x.shape[a] !== 1) {
      throw new ValueError('squeeze', `cannot select an axis to squeeze out which has size not equal to one (axis ${a} of shape ${formatShape(x.shape)})`)
    }
  }
  const keep = (_: number, i: number) => !axes.includes(i)
  return new NDArray(x.data, x.shape.filter(keep), x.strides.filter(keep), x.offset)
}

/** Insert an axis of length 1 at `axis` (in [-ndim-1, ndim]): (3,) → (1,3) at 0. A view. */
export function expandDims(x: NDArray, axis: number): NDArray {
  const a = normalizeAxis('expandDims', axis, x.ndim + 1)
  const insert = (list: readonly number[], v: number) => [...list.slice(0, a), v, ...list.slice(a)]
  return new NDArray(x.data, insert(x.shape, 1), insert(x.strides, 0), x.offset)
}

/** `np.concatenate(arrays, axis)`: join along an existing axis; other dimensions must match. */
export function concat(arrays: readonly NDArray[], axis = 0): NDArray {
  const first = arrays[0]
  if (!first) throw new ValueError('concat', 'need at least one array to concatenate')
  const ax = normalizeAxis('concat', axis, first.ndim)
  arrays.forEach((x, k) => {
    if (x.ndim !== first.ndim) {
      throw new ShapeError('concat', `all the input arrays must have same number of dimensions, but the array at index 0 has ${first.ndim} dimension(s) and the array at index ${k} has ${x.ndim} dimension(s)`, [first.shape, x.shape])
    }
    const bad = x.shape.findIndex((d, i) => i !== ax && d !== first.shape[i])
    if (bad >= 0) {
      throw new ShapeError('concat', `all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${bad}, the array at index 0 has size ${first.shape[bad]} and the array at index ${k} has size ${x.shape[bad]}`, [first.shape, x.shape])
    }
  })
  const shape = [...first.shape]
  shape[ax] = arrays.reduce((n, x) => n + x.shape[ax]!, 0)
  const out = new NDArray(new Float64Array(sizeOf(shape)), shape)
  let start = 0
  for (const x of arrays) {
    // Write x into the slab [start, start + len) of the output along `ax`, through a view.
    const slab = new NDArray(out.data, x.shape, out.strides, start * out.strides[ax]!)
    slab.assign(x)
    start += x.shape[ax]!
  }
  return out
}

/** `np.stack(arrays, axis)`: join equal-shaped arrays along a new axis. */
export function stack(arrays: readonly NDArray[], axis = 0): NDArray {
  const first = arrays[0]
  if (!first) throw new ValueError('stack', 'need at least one array to stack')
  arrays.forEach((x, k) => {
    if (!shapesEqual(x.shape, first.shape)) {
      throw new ShapeError('stack', `all input arrays must have the same shape, but the array at index 0 has shape ${formatShape(first.shape)} and the array at index ${k} has shape ${formatShape(x.shape)}`, [first.shape, x.shape])
    }
  })
  const ax = normalizeAxis('stack', axis, first.ndim + 1)
  return concat(arrays.map((x) => expandDims(x, ax)), ax)
}

/** Padding per axis: a number (all sides), [before, after] (every axis), or one pair per axis. */
export type PadWidth = number | readonly [number, number] | readonly (readonly [number, number])[]

/**
 * `np.pad(x, padWidth, 'constant', constant_values=value)`. For an image batch (N,C,H,W):
 * `pad(x, [[0,0],[0,0],[p,p],[p,p]])`, as the book's im2col does.
 */
export function pad(x: NDArray, padWidth: PadWidth, value = 0): NDArray {
  const pairs: (readonly [number, number])[] =
    typeof padWidth === 'number'
      ? x.shape.map(() => [padWidth, padWidth] as const)
      : typeof padWidth[0] === 'number'
        ? x.shape.map(() => padWidth as readonly [number, number])
        : [...(padWidth as readonly (readonly [number, number])[])]
  if (pairs.length !== x.ndim) {
    throw new ValueError('pad', `padWidth has ${pairs.length} pairs but the array has ${x.ndim} dimensions (shape ${formatShape(x.shape)})`)
  }
  for (const [b, a] of pairs) {
    if (!Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0) {
      throw new ValueError('pad', `padWidth must be non-negative integers, got (${b}, ${a})`)
    }
  }
  const shape = x.shape.map((d, i) => d + pairs[i]![0] + pairs[i]![1])
  const out = new NDArray(new Float64Array(sizeOf(shape)).fill(value), shape)
  const offset = pairs.reduce((o, [b], i) => o + b * out.strides[i]!, 0)
  new NDArray(out.data, x.shape, out.strides, offset).assign(x)
  return out
}
