import { ShapeError } from './errors.js'
import { formatShape, type Shape } from './shape.js'

/**
 * numpy's broadcasting rule: align shapes on the right; two dimensions fit when they are
 * equal or one of them is 1.
 *
 *     x    (100, 50)        a batch of rows
 *     b         (50,)       one bias row
 *     out  (100, 50)        b repeats down the batch axis
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length))
  const out = new Array<number>(ndim).fill(1)
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = ndim - s.length + i
      const d = s[i]!
      if (d === out[j] || d === 1) continue
      if (out[j] !== 1) {
        const list = shapes.map(formatShape).join(' ')
        throw new ShapeError(op, `operands could not be broadcast together with shapes ${list}`, shapes)
      }
      out[j] = d
    }
  }
  return out
}

/**
 * Strides that read an array of `shape` as if it had `outShape`: a broadcast axis
 * (missing, or 1 against n) gets stride 0, so every output index along it reads the same element.
 */
export function broadcastStrides(shape: Shape, strides: readonly number[], outShape: Shape): number[] {
  const out = new Array<number>(outShape.length).fill(0)
  const lead = outShape.length - shape.length
  for (let i = 0; i < shape.length; i++) {
    out[lead + i] = shape[i] === 1 && outShape[lead + i] !== 1 ? 0 : strides[i]!
  }
  return out
}

/**
 * The axes of `outShape` that broadcasting stretched `inShape` along. Summing a gradient of
 * `outShape` over them gives the gradient for `inShape`: Affine's `db` is `dout` summed over
 * axis 0, because `b` (M,) was broadcast to (N, M) in the forward pass.
 */
export function reductionAxes(inShape: Shape, outShape: Shape): number[] {
  const axes: number[] = []
  const lead = outShape.length - inShape.length
  for (let j = 0; j < outShape.length; j++) {
    const d = j < lead ? 1 : inShape[j - lead]!
    if (j < lead || (d === 1 && outShape[j] !== 1)) axes.push(j)
  }
  return axes
}
