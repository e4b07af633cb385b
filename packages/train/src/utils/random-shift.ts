import { ShapeError, ValueError, formatShape, NDArray, type Rng } from '@dlfs/matrix'

/**
 * Data Augmentation by translation (book §8.1.3, 「データ拡張」): each image moves by its own (dy, dx),
 * whole pixels drawn uniformly from −maxShift … maxShift, and the pixels shifted in are 0 (MNIST's
 * background). x: (N, C, H, W); returns a new (N, C, H, W), x is unchanged. The book only describes
 * it; its code has none. On the bundled 8,000-digit split it lifts SimpleConvNet by about a point
 * (docs/results.md), as the net can no longer learn where each training digit sits.
 *
 * @example
 * const trainer = new Trainer(net, xTrain, tTrain, xTest, tTest, { augment: (x, rng) => randomShift(x, 2, rng) })
 */
export function randomShift(x: NDArray, maxShift: number, rng: Rng): NDArray {
  const op = 'randomShift'
  if (x.ndim !== 4) {
    throw new ShapeError(op, `'x' must be images (N, C, H, W), got ${formatShape(x.shape)}; load MNIST with flatten: false`, [x.shape])
  }
  if (!Number.isSafeInteger(maxShift) || maxShift < 0) throw new ValueError(op, `'maxShift' must be an integer >= 0, got ${maxShift}`)
  const [N, C, H, W] = x.shape as [number, number, number, number]
  const src = x.isContiguous() ? x : x.copy() // C order, so each image row is one run of W pixels
  const out = new Float64Array(src.size)
  const shifts = rng.integers(-maxShift, maxShift + 1, [N, 2]).data // (dy, dx) per image
  for (let n = 0; n < N; n++) {
    const dy = shifts[2 * n]!
    const dx = shifts[2 * n + 1]!
    // Output row h reads input row h − dy; output columns [max(dx, 0), W + min(dx, 0)) read columns − dx.
    const width = W - Math.abs(dx)
    if (width <= 0 || Math.abs(dy) >= H) continue // moved out of the frame: all zeros
    for (let c = 0; c < C; c++) {
      const plane = (n * C + c) * H * W
      for (let h = Math.max(dy, 0); h < H + Math.min(dy, 0); h++) {
        const from = src.offset + plane + (h - dy) * W + Math.max(-dx, 0)
        out.set(src.data.subarray(from, from + width), plane + h * W + Math.max(dx, 0))
      }
    }
  }
  return new NDArray(out, x.shape)
}
