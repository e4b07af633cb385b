import { NDArray, type Operand } from '../ndarray.js'

/** A number operand becomes a 0-d array (it broadcasts against anything). Internal helper. */
export function toArray(value: Operand): NDArray {
  return value instanceof NDArray ? value : new NDArray(Float64Array.of(value), [])
}
