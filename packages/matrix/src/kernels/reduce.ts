import type { NDArray } from '../ndarray.js'
import { indexToPosition, nextIndex, ordinalToIndex } from '../indexing.js'

/**
 * How to fold a run of elements into one: start from `init`, then `acc = step(acc, v)`. The fast
 * kernel takes the same fold as loops of the op's own (why: kernels/runs.ts), when given:
 *   run(acc, x, p, s, n)   folds x[p], x[p+s], … (n elements) into acc and returns it
 *   rows(out, x, p, n)     out[j] = step(out[j], x[p+j]) for j < n: folds a whole row at once
 */
export interface Reducer {
  readonly init: number
  readonly step: (acc: number, v: number) => number
  readonly run?: (acc: number, x: Float64Array, p: number, s: number, n: number) => number
  readonly rows?: (out: Float64Array, x: Float64Array, p: number, n: number) => void
}

/**
 * Split x's axes into kept (outer) and reduced (inner) ones. Output element o folds the
 * inner elements in C order, so every path sums in the same order and agrees bit for bit.
 */
function split(x: NDArray, axes: readonly number[]) {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i))
  const pick = (list: readonly number[], from: readonly number[]) => list.map((i) => from[i]!)
  return {
    outerShape: pick(kept, x.shape),
    outerStrides: pick(kept, x.strides),
    innerShape: pick(axes, x.shape),
    innerStrides: pick(axes, x.strides),
  }
}

/**
 * Reference: for each output element (in C order over the kept axes), fold every element of
 * the reduced axes. x: any shape and strides; axes: sorted, unique. Returns the kept-axes buffer.
 */
export function reduceReference(x: NDArray, axes: readonly number[], r: Reducer): Float64Array {
  const { outerShape, outerStrides, innerShape, innerStrides } = split(x, axes)
  const out = new Float64Array(outerShape.reduce((a, b) => a * b, 1))
  const inner = innerShape.reduce((a, b) => a * b, 1)
  const oi = new Array<number>(outerShape.length).fill(0)
  const ii = new Array<number>(innerShape.length).fill(0)
  for (let o = 0; o < out.length; o++) {
    ordinalToIndex(o, outerShape, oi)
    const base = indexToPosition(oi, outerStrides, x.offset)
    let acc = r.init
    for (let i = 0; i < inner; i++) {
      ordinalToIndex(i, innerShape, ii)
      acc = r.step(acc, x.data[indexToPosition(ii, innerStrides, base)]!)
    }
    out[o] = acc
  }
  return out
}

/**
 * Fast path, same order of operations. Contiguous x reduced over trailing axes: each output
 * folds one flat run. Contiguous x reduced over leading axes (a bias gradient: sum over the
 * batch axis): fold whole rows into the output, walking memory once. Otherwise odometers.
 */
export function reduceFast(x: NDArray, axes: readonly number[], r: Reducer): Float64Array {
  const nd = x.ndim
  const { data, offset } = x
  const trailing = axes.every((a, i) => a === nd - axes.length + i)
  const leading = axes.every((a, i) => a === i)
  const { outerShape, outerStrides, innerShape, innerStrides } = split(x, axes)
  const outSize = outerShape.reduce((a, b) => a * b, 1)
  const inner = innerShape.reduce((a, b) => a * b, 1)
  const out = new Float64Array(outSize).fill(r.init)
  const { step } = r
  const run = r.run ?? ((acc, x, p, s, n) => { for (let i = 0; i < n; i++, p += s) acc = step(acc, x[p]!); return acc })
  const rows = r.rows ?? ((out, x, p, n) => { for (let j = 0; j < n; j++) out[j] = step(out[j]!, x[p + j]!) })
  if (x.isContiguous() && trailing) {
    for (let o = 0, p = offset; o < outSize; o++, p += inner) out[o] = run(r.init, data, p, 1, inner)
    return out
  }
  if (x.isContiguous() && leading) {
    for (let i = 0, p = offset; i < inner; i++, p += outSize) rows(out, data, p, outSize)
    return out
  }
  if (outSize === 0 || inner === 0) return out
  const oi = new Array<number>(outerShape.length).fill(0)
  const ii = new Array<number>(innerShape.length).fill(0)
  let o = 0
  do {
    const base = indexToPosition(oi, outerStrides, offset)
    let acc = r.init
    ii.fill(0)
    do acc = r.step(acc, data[indexToPosition(ii, innerStrides, base)]!)
    while (nextIndex(ii, innerShape))
    out[o++] = acc
  } while (nextIndex(oi, outerShape))
  return out
}
