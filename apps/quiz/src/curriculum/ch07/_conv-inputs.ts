// Inputs shared by the chapter 7 checks: image batches with a filter (or pooling window) that fits.
import type fc from 'fast-check'
import { NDArray, formatShape, shapesEqual } from '@dlfs/matrix'
import type { CheckContext, Diagnoser, Text } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'

/** Sizes of one convolution or pooling: x (n, c, h, w), window (fh, fw), stride, pad; output (oh, ow). */
export interface Geometry {
  n: number
  c: number
  h: number
  w: number
  fh: number
  fw: number
  stride: number
  pad: number
  oh: number
  ow: number
  seed: number
}

type Ranges = Partial<Record<'n' | 'c' | 'h' | 'w' | 'fh' | 'fw' | 'stride' | 'pad', [number, number]>>

/** Small geometries; the window is clamped to the padded input, so every draw is valid. */
export function geometries(ranges: Ranges = {}): fc.Arbitrary<Geometry> {
  const r = { n: [1, 2], c: [1, 3], h: [1, 6], w: [1, 6], fh: [1, 3], fw: [1, 3], stride: [1, 3], pad: [0, 2], ...ranges } as Required<Ranges>
  return dims(r).map((d) => {
    const fh = Math.min(d.fh, d.h + 2 * d.pad)
    const fw = Math.min(d.fw, d.w + 2 * d.pad)
    const oh = Math.floor((d.h + 2 * d.pad - fh) / d.stride) + 1
    const ow = Math.floor((d.w + 2 * d.pad - fw) / d.stride) + 1
    return { ...d, fh, fw, oh, ow }
  })
}

/** x: (n, c, h, w) standard normal values. */
export const imageOf = (g: Geometry, seed = g.seed): NDArray => randn(seed, [g.n, g.c, g.h, g.w])

/** The same values as x, laid out as a transposed view (not C-contiguous): x.data is NOT in (n, c, h, w) order. */
export function asView(x: NDArray): NDArray {
  return x.transpose(0, 1, 3, 2).copy().transpose(0, 1, 3, 2)
}

/** "x (2,1,5,5), filter (3,3), stride 2, pad 1": the input a failure was found on. */
export function describe(g: Geometry, window = 'filter'): string {
  return `x ${formatShape([g.n, g.c, g.h, g.w])}, ${window} (${g.fh},${g.fw}), stride ${g.stride}, pad ${g.pad}`
}

/** True when a and b have the same shape and agree to 1e-9 (relative). */
export function sameArray(a: NDArray, b: NDArray): boolean {
  if (!shapesEqual(a.shape, b.shape)) return false
  const [x, y] = [a.flatten().data, b.flatten().data]
  return x.every((v, i) => Math.abs(v - y[i]!) <= 1e-9 * (1 + Math.abs(y[i]!)))
}

/**
 * `got` must have shape `shape`; when it has one of the `known` wrong shapes instead, the failure names
 * the mistake behind it (e.g. (N, OH, OW, FN): the transpose(0, 3, 1, 2) is missing).
 */
export function expectShapeOr(
  ctx: CheckContext,
  what: string,
  got: unknown,
  shape: readonly number[],
  known: { shape: readonly number[]; likely: Text }[],
): void {
  if (got instanceof NDArray && !shapesEqual(got.shape, shape)) {
    const hit = known.find((k) => shapesEqual(k.shape, got.shape))
    if (hit) {
      ctx.fail({
        what,
        expected: formatShape(shape),
        got: formatShape(got.shape),
        likely: hit.likely,
        message: {
          en: `${what} has shape ${formatShape(got.shape)}, expected ${formatShape(shape)}`,
          ja: `${what} の形状が ${formatShape(got.shape)} です。期待される形状は ${formatShape(shape)} です`,
        },
      })
    }
  }
  ctx.expectShape(what, got, shape)
}

/**
 * Recognises a result computed from x.data as if the view x were C-ordered: `compute` applied to that
 * misreading gives what came back.
 */
export function readsRawData(x: NDArray, compute: (raw: NDArray) => NDArray): Diagnoser {
  return (got, expected) => {
    const alt = compute(new NDArray(x.data, x.shape))
    return !sameArray(alt, expected) && sameArray(got, alt)
      ? {
          en: 'x here is a view (a transpose) whose x.data is not in (n, c, h, w) order: read elements with x.get(n, c, h, w), or start from a C-ordered copy, x.copy()',
          ja: 'ここでの x はビュー（転置）で、x.data が (n, c, h, w) の順に並んでいません。x.get(n, c, h, w) で読むか、C 順のコピー x.copy() から始めます',
        }
      : null
  }
}
