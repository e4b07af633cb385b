import { NDArray } from './ndarray.js'
import { indexToPosition, nextIndex } from './indexing.js'

/**
 * Central-difference gradient of a scalar function: x of any shape → a new C-contiguous array of x's
 * shape holding (f(x + h) − f(x − h)) / 2h for each element (the book's §4.4 `numerical_gradient`).
 * Each element of x is nudged IN PLACE and put back (bit for bit, even if f throws), so f sees the
 * same array every time; views work, the nudge lands in the shared buffer. f is called 2·size times:
 * slow by design, for checking analytic gradients (book §5.7.3), never for training.
 *
 * @example
 * const x = array([3, 4])
 * numericalGradient((v) => v.get(0) ** 2 + v.get(1) ** 2, x).toArray() // ≈ [6, 8]
 */
export function numericalGradient(f: (x: NDArray) => number, x: NDArray, h = 1e-4): NDArray {
  const grad = new Float64Array(x.size)
  if (x.size === 0) return new NDArray(grad, x.shape)
  const index = new Array<number>(x.ndim).fill(0) // walks x in C order, like the book's np.nditer
  let k = 0
  do {
    const pos = indexToPosition(index, x.strides, x.offset)
    const tmpVal = x.data[pos]!
    try {
      x.data[pos] = tmpVal + h
      const fxh1 = f(x) // f(x + h)
      x.data[pos] = tmpVal - h
      const fxh2 = f(x) // f(x − h)
      grad[k++] = (fxh1 - fxh2) / (2 * h)
    } finally {
      x.data[pos] = tmpVal // restore
    }
  } while (nextIndex(index, x.shape))
  return new NDArray(grad, x.shape)
}
