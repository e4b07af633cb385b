import { NDArray, ShapeError, ValueError, array, formatShape } from '@dlfs/matrix'

/** Labels as the book takes them: one-hot rows like y, or one class index per sample. */
export type Labels = NDArray | readonly number[] | number

/** Labels given as a JS array or a single number become an NDArray. */
export function toLabelArray(t: Labels): NDArray {
  return t instanceof NDArray ? t : array(typeof t === 'number' ? t : [...t])
}

/**
 * Class index of each sample. y: (N, C) predictions; t: one-hot (N, C) (its argmax, as the book
 * does) or indices (N,). Throws naming `op`, the argument and the shapes when t fits neither.
 */
export function labelIndices(op: string, y: NDArray, t: NDArray): Int32Array {
  const [n, c] = [y.shape[0]!, y.shape[1]!]
  // One class: one-hot and index labels look alike; every sample is class 0 either way.
  if (c === 1 && t.size === n) return new Int32Array(n)
  if (t.size === y.size && t.size !== n) {
    if (t.ndim !== 2 || t.shape[0] !== n) {
      throw new ShapeError(op, `one-hot 't' ${formatShape(t.shape)} must have the shape of 'y' ${formatShape(y.shape)}`, [y.shape, t.shape])
    }
    return Int32Array.from(t.argmax(1).data)
  }
  if (t.size !== n || t.ndim > 1) {
    throw new ShapeError(
      op,
      `'t' ${formatShape(t.shape)} is neither one-hot like 'y' ${formatShape(y.shape)} nor one class index per sample (${n},)`,
      [y.shape, t.shape],
    )
  }
  const flat = t.flatten().data
  return Int32Array.from(flat, (label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= c) {
      throw new ValueError(op, `label t[${i}] = ${label} is not a class index in [0, ${c}) for 'y' ${formatShape(y.shape)}`)
    }
    return label
  })
}
