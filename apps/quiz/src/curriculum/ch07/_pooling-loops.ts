// Plain-loop pooling (pad 0) with a choice of rule: the alternatives the Pooling checks recognise.
import { zeros, type NDArray } from '@dlfs/matrix'

/**
 * Where each window's gradient goes: 'first' maximum (the book: argmax), 'last' maximum, 'all' maxima,
 * or spread evenly over the window ('mean', as average pooling does).
 */
export type Rule = 'first' | 'last' | 'all' | 'mean'

/** Max (or, for 'mean', average) pooling of x (N, C, H, W) and its backward for dout (N, C, OH, OW). */
export function poolLoops(x: NDArray, ph: number, pw: number, stride: number, dout: NDArray | null, rule: Rule): { out: NDArray; dx: NDArray } {
  const [N, C, H, W] = x.shape as [number, number, number, number]
  const OH = Math.floor((H - ph) / stride) + 1
  const OW = Math.floor((W - pw) / stride) + 1
  const out = zeros([N, C, OH, OW])
  const dx = zeros([N, C, H, W])
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) {
    const cells: [number, number][] = []
    for (let p = 0; p < ph; p++) for (let q = 0; q < pw; q++) cells.push([i * stride + p, j * stride + q])
    const values = cells.map(([a, b]) => x.get(n, c, a, b))
    const max = Math.max(...values)
    out.set([n, c, i, j], rule === 'mean' ? values.reduce((s, v) => s + v, 0) / values.length : max)
    if (!dout) continue
    const d = dout.get(n, c, i, j)
    const targets =
      rule === 'mean' ? cells
      : rule === 'all' ? cells.filter((_, k) => values[k] === max)
      : [cells[rule === 'first' ? values.indexOf(max) : values.lastIndexOf(max)]!]
    const share = rule === 'mean' ? d / cells.length : d
    for (const [a, b] of targets) dx.set([n, c, a, b], dx.get(n, c, a, b) + share)
  }
  return { out, dx }
}
