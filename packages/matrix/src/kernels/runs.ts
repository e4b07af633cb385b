import type { BinaryFn } from './zip.js'
import type { UnaryFn } from './map.js'

/*
 * The inner loops of the fast element-wise kernels, one function per op. A block is m runs of n
 * elements (kernels/strided.ts); each operand, and the output, has a start position, a step from run
 * to run (capital: Po, Pa, Pb) and a step from element to element (so, sa, sb):
 *
 *   out[po + i·Po + j·so] = f(a[pa + i·Pa + j·sa], b[pb + i·Pb + j·sb])      i < m, j < n
 *
 * Why one loop per op rather than one loop calling `f`: V8 optimises a loop for the functions it has
 * seen called there. One shared loop sees every op's `f`, so each element pays a real function call
 * (about 15× numpy's time for `a + b`); a loop of its own gets `+` compiled inline (4–5× faster).
 * And why blocks: a bias added to (57600, 30) is 57,600 runs of 30, and a call per run cost twice the
 * additions. The ops a network calls every step have a loop here; the rest go through `binaryRunOf(fn)`.
 * Every run computes exactly its op's `fn` (kernels/zip.test.ts, map.test.ts check them bit for bit).
 */

/** m runs of n elements of a binary op: out[po + i·Po + j·so] = f(a[pa + i·Pa + j·sa], b[pb + i·Pb + j·sb]). */
export type BinaryRun = (m: number, n: number, out: Float64Array, po: number, Po: number, so: number,
  a: Float64Array, pa: number, Pa: number, sa: number, b: Float64Array, pb: number, Pb: number, sb: number) => void
/** m runs of n elements of a unary op: out[po + i·Po + j·so] = f(x[px + i·Px + j·sx]). */
export type UnaryRun = (m: number, n: number, out: Float64Array, po: number, Po: number, so: number,
  x: Float64Array, px: number, Px: number, sx: number) => void

export const addRun: BinaryRun = (m, n, out, po, Po, so, a, pa, Pa, sa, b, pb, Pb, sb) => {
  for (let i = 0; i < m; i++, po += Po, pa += Pa, pb += Pb)
    for (let j = 0, o = po, p = pa, q = pb; j < n; j++, o += so, p += sa, q += sb) out[o] = a[p]! + b[q]!
}
export const subRun: BinaryRun = (m, n, out, po, Po, so, a, pa, Pa, sa, b, pb, Pb, sb) => {
  for (let i = 0; i < m; i++, po += Po, pa += Pa, pb += Pb)
    for (let j = 0, o = po, p = pa, q = pb; j < n; j++, o += so, p += sa, q += sb) out[o] = a[p]! - b[q]!
}
export const mulRun: BinaryRun = (m, n, out, po, Po, so, a, pa, Pa, sa, b, pb, Pb, sb) => {
  for (let i = 0; i < m; i++, po += Po, pa += Pa, pb += Pb)
    for (let j = 0, o = po, p = pa, q = pb; j < n; j++, o += so, p += sa, q += sb) out[o] = a[p]! * b[q]!
}
export const divRun: BinaryRun = (m, n, out, po, Po, so, a, pa, Pa, sa, b, pb, Pb, sb) => {
  for (let i = 0; i < m; i++, po += Po, pa += Pa, pb += Pb)
    for (let j = 0, o = po, p = pa, q = pb; j < n; j++, o += so, p += sa, q += sb) out[o] = a[p]! / b[q]!
}
// Comparisons as +(boolean), not `? 1 : 0`: V8 compiles the ternary to a branch, which random data
// (a Relu mask) mispredicts half the time; +(a <= b) is branch-free, 6× faster here.
export const lessEqualRun: BinaryRun = (m, n, out, po, Po, so, a, pa, Pa, sa, b, pb, Pb, sb) => {
  for (let i = 0; i < m; i++, po += Po, pa += Pa, pb += Pb)
    for (let j = 0, o = po, p = pa, q = pb; j < n; j++, o += so, p += sa, q += sb) out[o] = +(a[p]! <= b[q]!)
}
export const greaterRun: BinaryRun = (m, n, out, po, Po, so, a, pa, Pa, sa, b, pb, Pb, sb) => {
  for (let i = 0; i < m; i++, po += Po, pa += Pa, pb += Pb)
    for (let j = 0, o = po, p = pa, q = pb; j < n; j++, o += so, p += sa, q += sb) out[o] = +(a[p]! > b[q]!)
}
/** The second operand as it is (an in-place `set`, as numpy's `x[...] = y`). */
export const setRun: BinaryRun = (m, n, out, po, Po, so, _a, _pa, _Pa, _sa, b, pb, Pb, sb) => {
  for (let i = 0; i < m; i++, po += Po, pb += Pb) for (let j = 0, o = po, q = pb; j < n; j++, o += so, q += sb) out[o] = b[q]!
}

/** Copy (the identity): what `copy`, `flatten` and a non-contiguous `reshape` run. */
export const copyRun: UnaryRun = (m, n, out, po, Po, so, x, px, Px, sx) => {
  for (let i = 0; i < m; i++, po += Po, px += Px) for (let j = 0, o = po, p = px; j < n; j++, o += so, p += sx) out[o] = x[p]!
}
export const expRun: UnaryRun = (m, n, out, po, Po, so, x, px, Px, sx) => {
  for (let i = 0; i < m; i++, po += Po, px += Px) for (let j = 0, o = po, p = px; j < n; j++, o += so, p += sx) out[o] = Math.exp(x[p]!)
}
export const sqrtRun: UnaryRun = (m, n, out, po, Po, so, x, px, Px, sx) => {
  for (let i = 0; i < m; i++, po += Po, px += Px) for (let j = 0, o = po, p = px; j < n; j++, o += so, p += sx) out[o] = Math.sqrt(x[p]!)
}

/**
 * `where`'s loop, a block as above: out = c !== 0 ? a : b. Branch-free, for the reason given at
 * lessEqualRun: both candidates go into a two-slot buffer and the condition, as 0 or 1, picks one.
 */
export function whereRun(m: number, n: number, out: Float64Array, po: number, Po: number, so: number, c: Float64Array, pc: number, Pc: number, sc: number,
  a: Float64Array, pa: number, Pa: number, sa: number, b: Float64Array, pb: number, Pb: number, sb: number): void {
  for (let i = 0; i < m; i++, po += Po, pc += Pc, pa += Pa, pb += Pb) {
    for (let j = 0, o = po, r = pc, p = pa, q = pb; j < n; j++, o += so, r += sc, p += sa, q += sb) {
      pick[0] = b[q]!
      pick[1] = a[p]!
      out[o] = pick[+(c[r] !== 0)]!
    }
  }
}
const pick = new Float64Array(2)

/** The run of any binary function: correct for every op, but calls `fn` per element (the slow way). */
export function binaryRunOf(fn: BinaryFn): BinaryRun {
  return (m, n, out, po, Po, so, a, pa, Pa, sa, b, pb, Pb, sb) => {
    for (let i = 0; i < m; i++, po += Po, pa += Pa, pb += Pb)
      for (let j = 0, o = po, p = pa, q = pb; j < n; j++, o += so, p += sa, q += sb) out[o] = fn(a[p]!, b[q]!)
  }
}

/** The run of any unary function (calls `fn` per element). */
export function unaryRunOf(fn: UnaryFn): UnaryRun {
  return (m, n, out, po, Po, so, x, px, Px, sx) => {
    for (let i = 0; i < m; i++, po += Po, px += Px) for (let j = 0, o = po, p = px; j < n; j++, o += so, p += sx) out[o] = fn(x[p]!)
  }
}
