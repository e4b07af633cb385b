import { NDArray, ShapeError, ValueError, array, formatShape } from '@dlfs/matrix'
import type { Labels } from '@dlfs/losses'
import { checkSize } from './_checks.js'

/**
 * Fraction of samples whose predicted class (argmax of predict's rows) is the label, over ALL N
 * samples, predicted batchSize at a time. x: (N, ...); t: indices (N,) or one-hot (N, C).
 * NOTE: the book's SimpleConvNet/DeepConvNet loop `int(N / batch_size)` times and silently skip the
 * last N % batch_size samples (yet divide by N); here the last, shorter batch is evaluated too.
 */
export function batchedAccuracy(op: string, predict: (x: NDArray) => NDArray, x: NDArray, t: Labels, batchSize = 100): number {
  checkSize(op, 'batchSize', batchSize)
  const n = x.shape[0] ?? 0
  if (n === 0) throw new ValueError(op, `'x' ${formatShape(x.shape)} holds no samples: the accuracy of an empty set is undefined`)
  const labels = labelIndices(op, t, n)
  let correct = 0
  for (let start = 0; start < n; start += batchSize) {
    const y = predict(x.slice([start, start + batchSize])) // (B, C)
    if (labels.oneHotClasses !== null && labels.oneHotClasses !== y.shape[1]) {
      throw new ShapeError(op, `one-hot 't' has ${labels.oneHotClasses} classes but the network predicts ${y.shape[1]}`, [y.shape])
    }
    const predicted = y.argmax(1).data
    predicted.forEach((p, i) => {
      if (p === labels.indices[start + i]) correct++
    })
  }
  return correct / n
}

/** t as one class index per sample; one-hot rows give their argmax, as the book's `np.argmax(t, axis=1)`. */
function labelIndices(op: string, t: Labels, n: number): { indices: Float64Array; oneHotClasses: number | null } {
  const tt = t instanceof NDArray ? t : array(typeof t === 'number' ? [t] : [...t])
  if (tt.ndim === 2 && tt.shape[0] === n) return { indices: Float64Array.from(tt.argmax(1).data), oneHotClasses: tt.shape[1]! }
  if (tt.ndim === 1 && tt.shape[0] === n) return { indices: tt.copy().data, oneHotClasses: null }
  throw new ShapeError(op, `'t' ${formatShape(tt.shape)} must be class indices (${n},) or one-hot (${n}, C) for the ${n} samples of 'x'`, [tt.shape])
}
