import { NDArray } from '../ndarray.js'
import { IndexError, ValueError } from '../errors.js'
import { formatShape, normalizeAxis, sizeOf, stridesOf } from '../shape.js'

/**
 * One axis of a slice, as numpy writes it between commas:
 * a number picks one index and drops the axis (`x[2]`); `null` or `':'` keeps the whole axis;
 * a string `'1:3'`, `'::2'`, `'-1'`, `'::-1'` is Python's slice syntax; a tuple is [start, stop, step].
 */
export type SliceSpec = number | string | null | readonly [number | null, (number | null)?, (number | null)?]

/** Python's `slice.indices(n)`: clamp start/stop for a step, giving the first index and the length. */
function resolve(start: number | null, stop: number | null, step: number, n: number): [number, number] {
  const clamp = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt
    const w = v < 0 ? v + n : v
    return Math.min(Math.max(w, lo), hi)
  }
  const first = step > 0 ? clamp(start, 0, 0, n) : clamp(start, n - 1, -1, n - 1)
  const end = step > 0 ? clamp(stop, n, 0, n) : clamp(stop, -1, -1, n - 1)
  const len = step > 0 ? Math.ceil((end - first) / step) : Math.ceil((first - end) / -step)
  return [first, Math.max(0, len)]
}

/** Parse '1:3', ':', '::-1', '-2' into a number (single index) or a [start, stop, step] triple. */
function parse(spec: string): number | [number | null, number | null, number | null] {
  const parts = spec.split(':').map((s) => s.trim())
  const num = (s: string) => {
    if (s === '') return null
    const v = Number(s)
    if (!Number.isInteger(v)) throw new IndexError('slice', `cannot parse slice '${spec}': '${s}' is not an integer`)
    return v
  }
  if (parts.length === 1) return num(parts[0]!) ?? (() => { throw new IndexError('slice', `empty index '${spec}'`) })()
  if (parts.length > 3) throw new IndexError('slice', `cannot parse slice '${spec}': too many ':'`)
  return [num(parts[0]!), num(parts[1]!), num(parts[2] ?? '')]
}

/** numpy basic indexing as a view: `x[1:3, :, 0]` → `slice(x, ['1:3', ':', 0])`. */
export function slice(x: NDArray, specs: readonly SliceSpec[]): NDArray {
  if (specs.length > x.ndim) {
    throw new IndexError('slice', `too many indices for array: array is ${x.ndim}-dimensional, but ${specs.length} were indexed`)
  }
  const shape: number[] = []
  const strides: number[] = []
  let offset = x.offset
  x.shape.forEach((n, axis) => {
    const raw = specs[axis] ?? null
    const spec = typeof raw === 'string' ? parse(raw) : raw
    if (typeof spec === 'number') {
      if (!Number.isInteger(spec)) throw new IndexError('slice', `index ${spec} is not an integer`)
      if (spec < -n || spec >= n) throw new IndexError('slice', `index ${spec} is out of bounds for axis ${axis} with size ${n}`)
      offset += (spec < 0 ? spec + n : spec) * x.strides[axis]!
      return
    }
    const [start = null, stop = null, step = null] = spec ?? []
    for (const v of [start, stop, step]) {
      if (v !== null && !Number.isInteger(v)) throw new IndexError('slice', `slice indices must be integers or null, got ${v}`)
    }
    const s = step ?? 1
    if (s === 0) throw new ValueError('slice', 'slice step cannot be zero')
    const [first, len] = resolve(start, stop, s, n)
    if (len > 0) offset += first * x.strides[axis]!
    shape.push(len)
    strides.push(x.strides[axis]! * s)
  })
  return new NDArray(x.data, shape, strides, offset)
}

/**
 * `np.take(x, indices, axis)`: pick entries along `axis` by an index list (a copy).
 * The book's `x_train[batch_mask]` is `take(xTrain, batchMask, 0)`. Without axis, x is flattened.
 * Output shape: x.shape[:axis] + indices.shape + x.shape[axis+1:].
 */
export function take(x: NDArray, indices: NDArray | readonly number[], axis?: number): NDArray {
  if (axis === undefined) return take(x.reshape(x.size), indices, 0)
  const ax = normalizeAxis('take', axis, x.ndim)
  const idx = indices instanceof NDArray ? indices.copy() : new NDArray(Float64Array.from(indices), [indices.length])
  const n = x.shape[ax]!
  const list = idx.data.map((i) => {
    if (!Number.isInteger(i)) throw new IndexError('take', `indices must be integers, got ${i}`)
    if (i < -n || i >= n) throw new IndexError('take', `index ${i} is out of bounds for axis ${ax} with size ${n} (shape ${formatShape(x.shape)})`)
    return i < 0 ? i + n : i
  })
  const before = x.shape.slice(0, ax)
  const after = x.shape.slice(ax + 1)
  const shape = [...before, ...idx.shape, ...after]
  const out = new NDArray(new Float64Array(sizeOf(shape)), shape)
  // View the output as (outer, k, inner) and copy one sub-array x[..., i, ...] per picked index.
  const outer = sizeOf(before)
  const inner = sizeOf(after)
  const viewShape = [...before, list.length, ...after]
  const o = new NDArray(out.data, viewShape, stridesOf(viewShape))
  if (outer === 0 || inner === 0) return out
  list.forEach((i, k) => {
    const src = slice(x, [...before.map(() => null), i])
    const dst = slice(o, [...before.map(() => null), k])
    dst.assign(src)
  })
  return out
}
