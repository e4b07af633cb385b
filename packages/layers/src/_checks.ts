import { ShapeError, ValueError, formatShape, shapesEqual, type NDArray } from '@dlfs/matrix'

/** Throw unless forward has run, naming the layer: backward needs what forward kept. */
export function forwarded<T>(layer: string, cached: T | null | undefined): T {
  if (cached === null || cached === undefined) {
    throw new ValueError(`${layer}.backward`, 'called before forward: run forward(x) first, backward uses what it kept')
  }
  return cached
}

/** Throw unless dout has the shape forward returned. */
export function checkDout(layer: string, dout: NDArray, outShape: readonly number[]): void {
  if (!shapesEqual(dout.shape, outShape)) {
    throw new ShapeError(
      `${layer}.backward`,
      `'dout' has shape ${formatShape(dout.shape)} but forward returned ${formatShape(outShape)}`,
      [dout.shape, outShape],
    )
  }
}

/** Throw unless `arg` has `ndim` axes; `expected` describes them, e.g. '(N, C, H, W)'. */
export function checkRank(op: string, arg: string, x: NDArray, ndim: number, expected: string): void {
  if (x.ndim !== ndim) {
    throw new ShapeError(op, `'${arg}' must be ${ndim}-D ${expected}, got shape ${formatShape(x.shape)}`, [x.shape])
  }
}
