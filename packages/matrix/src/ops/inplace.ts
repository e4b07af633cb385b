import type { NDArray, Operand } from '../ndarray.js'
import { broadcastShapes, broadcastStrides } from '../broadcast.js'
import { ShapeError } from '../errors.js'
import { formatShape, shapesEqual } from '../shape.js'
import { indexToPosition, nextIndex } from '../indexing.js'
import { toArray } from './_args.js'

export type InPlaceKind = 'add' | 'sub' | 'mul' | 'div' | 'set'

/**
 * `target op= other`, writing into target's own elements (views included), as numpy's
 * `W -= lr * g`. `other` must broadcast to target's shape; target's shape never changes.
 */
export function inPlace<T extends NDArray>(op: string, target: T, other: Operand, kind: InPlaceKind): T {
  let src = toArray(other)
  const shape = broadcastShapes(op, target.shape, src.shape)
  if (!shapesEqual(shape, target.shape)) {
    throw new ShapeError(op, `non-broadcastable output operand with shape ${formatShape(target.shape)} doesn't match the broadcast shape ${formatShape(shape)}`, [target.shape, src.shape])
  }
  // Reading and writing the same buffer (x.addInPlace(x.T)) would see half-updated values.
  if (src.data === target.data) src = src.copy()
  const t = target.data
  const s = src.data
  if (target.isContiguous() && src.isContiguous() && (src.size === target.size || src.size === 1)) {
    // Flat loops for the optimizer case: same-shape or scalar operand, no index arithmetic.
    const n = target.size
    const to = target.offset
    const so = src.offset
    const ds = src.size === 1 ? 0 : 1
    switch (kind) {
      case 'add': for (let k = 0; k < n; k++) t[to + k] = t[to + k]! + s[so + k * ds]!; break
      case 'sub': for (let k = 0; k < n; k++) t[to + k] = t[to + k]! - s[so + k * ds]!; break
      case 'mul': for (let k = 0; k < n; k++) t[to + k] = t[to + k]! * s[so + k * ds]!; break
      case 'div': for (let k = 0; k < n; k++) t[to + k] = t[to + k]! / s[so + k * ds]!; break
      case 'set': for (let k = 0; k < n; k++) t[to + k] = s[so + k * ds]!; break
    }
    return target
  }
  if (target.size === 0) return target
  const ss = broadcastStrides(src.shape, src.strides, target.shape)
  const index = new Array<number>(target.ndim).fill(0)
  do {
    const p = indexToPosition(index, target.strides, target.offset)
    const v = s[indexToPosition(index, ss, src.offset)]!
    t[p] = kind === 'add' ? t[p]! + v : kind === 'sub' ? t[p]! - v : kind === 'mul' ? t[p]! * v : kind === 'div' ? t[p]! / v : v
  } while (nextIndex(index, target.shape))
  return target
}
