import type { NDArray, Operand } from '../ndarray.js'
import { broadcastShapes, broadcastStrides } from '../broadcast.js'
import { ShapeError } from '../errors.js'
import { formatShape, shapesEqual } from '../shape.js'
import { forEachRun } from '../kernels/strided.js'
import { addRun, divRun, mulRun, setRun, subRun, type BinaryRun } from '../kernels/runs.js'
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
  // One loop per kind (kernels/runs.ts) over the runs of target's own strides: a view is written where it lies.
  const run = RUNS[kind]
  const t = target.data
  const strides = [target.strides, target.strides, broadcastStrides(src.shape, src.strides, target.shape)]
  forEachRun(target.shape, strides, [target.offset, target.offset, src.offset], (m, n, p, P, s) =>
    run(m, n, t, p[0]!, P[0]!, s[0]!, t, p[1]!, P[1]!, s[1]!, src.data, p[2]!, P[2]!, s[2]!))
  return target
}

/** target[i] = target[i] ⊕ other[i] per kind; 'set' takes other[i] as it is. */
const RUNS: Record<InPlaceKind, BinaryRun> = { add: addRun, sub: subRun, mul: mulRun, div: divRun, set: setRun }
