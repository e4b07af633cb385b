import { ValueError } from './errors.js'
import { formatShape } from './shape.js'
import type { NDArray } from './ndarray.js'

/** Nested JS arrays of numbers, as `array()` takes and `toArray()` gives; a bare number is 0-d. */
export type Nested = number | Nested[]

/** Shape of nested input, checking it is rectangular: [[1,2],[3]] is ragged and throws. */
export function nestedShape(op: string, value: Nested): number[] {
  const shape: number[] = []
  let level: Nested = value
  while (Array.isArray(level)) {
    shape.push(level.length)
    if (level.length === 0) break
    level = level[0]!
  }
  checkNested(op, value, shape, 0, [])
  return shape
}

function checkNested(op: string, value: Nested, shape: number[], depth: number, path: number[]): void {
  const where = () => (path.length ? ` at [${path.join('][')}]` : '')
  if (depth === shape.length) {
    if (Array.isArray(value)) {
      throw new ValueError(op, `inhomogeneous nested input${where()}: expected a number, got a list (detected shape ${formatShape(shape)})`)
    }
    if (typeof value !== 'number') {
      throw new ValueError(op, `expected numbers, got ${typeof value}${where()}`)
    }
    return
  }
  if (!Array.isArray(value) || value.length !== shape[depth]) {
    const got = Array.isArray(value) ? `a list of length ${value.length}` : 'a number'
    throw new ValueError(
      op,
      `inhomogeneous nested input${where()}: expected a list of length ${shape[depth]}, got ${got} (ragged lists cannot form an array)`,
    )
  }
  // A plain loop, not forEach: forEach skips the holes of a sparse list ([1, , 3]).
  for (let i = 0; i < value.length; i++) checkNested(op, value[i]!, shape, depth + 1, [...path, i])
}

/** Flatten checked nested input into `out` in C order. */
export function fillFromNested(value: Nested, out: Float64Array, start = 0): number {
  if (!Array.isArray(value)) {
    out[start] = value
    return start + 1
  }
  let k = start
  for (const v of value) k = fillFromNested(v, out, k)
  return k
}

/** Nested JS arrays from an NDArray, walking its strides (views included). */
export function toNested(x: NDArray): Nested {
  const walk = (axis: number, pos: number): Nested => {
    if (axis === x.ndim) return x.data[pos]!
    const out: Nested[] = new Array(x.shape[axis]!)
    for (let i = 0; i < out.length; i++) out[i] = walk(axis + 1, pos + i * x.strides[axis]!)
    return out
  }
  return walk(0, x.offset)
}
