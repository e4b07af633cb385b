import { AxisError, ValueError } from './errors.js'

/** A shape as numpy writes it: one non-negative integer per axis; `[]` is a 0-d array. */
export type Shape = readonly number[]

/** Number of elements: the product of the dimensions (1 for a 0-d array). */
export function sizeOf(shape: Shape): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

/** C-order (row-major) strides, counted in elements: (2,3,4) → (12,4,1). */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length)
  let s = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s
    s *= shape[i]!
  }
  return strides
}

/** Python's tuple notation, so messages match numpy: (), (3,), (2,3). */
export function formatShape(shape: Shape): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(',')})`
}

/** Throw unless every dimension is a non-negative integer; returns a fresh copy. */
export function checkShape(op: string, shape: Shape): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d)) {
      throw new ValueError(op, `shape ${formatShape(shape)} has a non-integer dimension ${d}`)
    }
    if (d < 0) throw new ValueError(op, `negative dimensions are not allowed, got shape ${formatShape(shape)}`)
  }
  return [...shape]
}

/** Whether two shapes are the same. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Resolve a possibly negative axis into `[0, ndim)`, as numpy does; throws AxisError otherwise. */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis)) throw new ValueError(op, `axis must be an integer, got ${axis}`)
  if (axis < -ndim || axis >= ndim) throw new AxisError(op, axis, ndim)
  return axis < 0 ? axis + ndim : axis
}

/** Resolve `axis` (one, a list, or undefined/null for all axes) into sorted unique axes. */
export function normalizeAxes(op: string, axis: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i)
  const list = typeof axis === 'number' ? [axis] : axis
  const out = list.map((a) => normalizeAxis(op, a, ndim))
  if (new Set(out).size !== out.length) throw new ValueError(op, `repeated axis in (${list.join(',')})`)
  return out.sort((a, b) => a - b)
}
