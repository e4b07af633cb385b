import { ShapeError, ValueError, formatShape, type NDArray, type Rng } from '@dlfs/matrix'

/**
 * The book's `shuffle_dataset` (common/util.py): one random permutation of the samples, applied to both
 * x (N, ...) — the book's (N, D) or (N, C, H, W) — and t (N,) or (N, classes), so each label stays with
 * its sample. Returns new arrays `[x, t]`; the inputs are unchanged. `rng` replaces the book's global
 * `np.random`, so a seed repeats the shuffle.
 *
 * @example
 * const [xShuffled, tShuffled] = shuffleDataset(xTrain, tTrain, new Rng(0))
 */
export function shuffleDataset(x: NDArray, t: NDArray, rng: Rng): [NDArray, NDArray] {
  const op = 'shuffleDataset'
  if (x.ndim === 0) throw new ValueError(op, `'x' must have a sample axis, (N, ...), got shape ()`)
  if (t.ndim === 0 || t.shape[0] !== x.shape[0]) {
    throw new ShapeError(op, `'t' ${formatShape(t.shape)} must have one label row per sample of 'x' ${formatShape(x.shape)}`, [x.shape, t.shape])
  }
  // permutation = np.random.permutation(x.shape[0]); x[permutation], t[permutation]: copies, like numpy's fancy indexing
  const permutation = rng.permutation(x.shape[0]!)
  return [x.take(permutation, 0), t.take(permutation, 0)]
}
