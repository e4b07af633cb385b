/**
 * Position in the flat data buffer of the element at `index`: `offset + Σ index[i]·strides[i]`.
 * An index shorter than `strides` addresses the start of a sub-array (the trailing axes at 0).
 * Pure and allocation-free; the reference kernels call it for every element.
 */
export function indexToPosition(index: ArrayLike<number>, strides: ArrayLike<number>, offset: number): number {
  let pos = offset
  for (let i = 0; i < index.length; i++) pos += index[i]! * strides[i]!
  return pos
}

/**
 * Write into `outIndex` the multi-index of the `ordinal`-th element of `shape` in C order
 * (the last axis moves fastest): ordinal 5 of (2,3) is [1,2].
 */
export function ordinalToIndex(ordinal: number, shape: ArrayLike<number>, outIndex: number[] | Int32Array): void {
  let rest = ordinal
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!
    outIndex[i] = rest % d
    rest = Math.floor(rest / d)
  }
}

/**
 * Advance `index` to the next element of `shape` in C order, like an odometer.
 * Returns false after the last element. Lets strided loops walk an array without division.
 */
export function nextIndex(index: number[] | Int32Array, shape: ArrayLike<number>): boolean {
  for (let i = shape.length - 1; i >= 0; i--) {
    if (++index[i]! < shape[i]!) return true
    index[i] = 0
  }
  return false
}
