import type { NDArray } from '../ndarray.js'
import { indexToPosition, ordinalToIndex } from '../indexing.js'

/**
 * How to fold a run of elements into one: start from `init`, then `acc = step(acc, v)`. The fast
 * kernel takes the same fold as loops of the op's own (why: kernels/runs.ts), when given:
 *   runs(out, x, p, n, m)  out[i] = the fold of x[p + i·n … p + i·n + n − 1], for i < m (m runs at once:
 *                          a max over 432,000 pooling windows of 4 is one call, not 432,000)
 *   rows(out, x, p, n, m)  out[j] = step(out[j], x[p + i·n + j]) for i < m, j < n: folds m rows into out
 */
export interface Reducer {
  readonly init: number
  readonly step: (acc: number, v: number) => number
  readonly runs?: (out: Float64Array, x: Float64Array, p: number, n: number, m: number) => void
  readonly rows?: (out: Float64Array, x: Float64Array, p: number, n: number, m: number) => void
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
 * folds one flat run (all in one `runs` call). Contiguous x reduced over leading axes (a bias
 * gradient: sum over the batch axis): fold whole rows into the output, walking memory once. Any
 * other layout is first copied in C order with the reduced axes moved last: the trailing case,
 * folding each output's elements in the same order as the reference.
 */
export function reduceFast(x: NDArray, axes: readonly number[], r: Reducer): Float64Array {
  const trailing = axes.every((a, i) => a === x.ndim - axes.length + i)
  const leading = axes.every((a, i) => a === i)
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i))
  if (!x.isContiguous() || !(trailing || leading)) {
    return reduceFast(x.transpose([...kept, ...axes]).copy(), axes.map((_, i) => kept.length + i), r)
  }
  const outSize = kept.reduce((n, i) => n * x.shape[i]!, 1)
  const inner = axes.reduce((n, i) => n * x.shape[i]!, 1)
  const out = new Float64Array(outSize).fill(r.init)
  const { init, step } = r
  // Without the reducer's own loops, the same folds calling `step` per element.
  const runs = r.runs ?? ((out, x, p, n, m) => { for (let i = 0; i < m; i++) { let acc = init; for (let j = 0; j < n; j++) acc = step(acc, x[p++]!); out[i] = acc } })
  const rows = r.rows ?? ((out, x, p, n, m) => { for (let i = 0; i < m * n; i++) out[i % n] = step(out[i % n]!, x[p + i]!) })
  if (trailing) runs(out, x.data, x.offset, inner, outSize)
  else rows(out, x.data, x.offset, outSize, inner)
  return out
}
