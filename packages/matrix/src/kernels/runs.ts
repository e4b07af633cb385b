import type { BinaryFn } from './zip.js'
import type { UnaryFn } from './map.js'

/*
 * The inner loops of the fast element-wise kernels, one function per op. A run is n elements, each
 * operand read (and the output written) from a start position with a fixed step:
 *
 *   out[po + j·so] = f(a[pa + j·sa], b[pb + j·sb])      for j = 0 … n−1
 *
 * Why one loop per op rather than one loop calling `f`: V8 optimises a loop for the functions it has
 * seen called there. One shared loop sees every op's `f`, so each element pays a real function call
 * (about 15× numpy's time for `a + b`); a loop of its own gets `+` compiled inline (4–5× faster).
 * The ops a network calls every step have a loop here; the rest go through `binaryRunOf(fn)`.
 * Every run computes exactly its op's `fn` (kernels/runs.test.ts checks them bit for bit).
 */

/** n elements of a binary op: out[po + j·so] = f(a[pa + j·sa], b[pb + j·sb]). */
export type BinaryRun = (n: number, out: Float64Array, po: number, so: number, a: Float64Array, pa: number, sa: number, b: Float64Array, pb: number, sb: number) => void
/** n elements of a unary op: out[po + j·so] = f(x[px + j·sx]). */
export type UnaryRun = (n: number, out: Float64Array, po: number, so: number, x: Float64Array, px: number, sx: number) => void

export const addRun: BinaryRun = (n, out, po, so, a, pa, sa, b, pb, sb) => {
  for (let j = 0; j < n; j++, po += so, pa += sa, pb += sb) out[po] = a[pa]! + b[pb]!
}
export const subRun: BinaryRun = (n, out, po, so, a, pa, sa, b, pb, sb) => {
  for (let j = 0; j < n; j++, po += so, pa += sa, pb += sb) out[po] = a[pa]! - b[pb]!
}
export const mulRun: BinaryRun = (n, out, po, so, a, pa, sa, b, pb, sb) => {
  for (let j = 0; j < n; j++, po += so, pa += sa, pb += sb) out[po] = a[pa]! * b[pb]!
}
export const divRun: BinaryRun = (n, out, po, so, a, pa, sa, b, pb, sb) => {
  for (let j = 0; j < n; j++, po += so, pa += sa, pb += sb) out[po] = a[pa]! / b[pb]!
}
// Comparisons as +(boolean), not `? 1 : 0`: V8 compiles the ternary to a branch, which random data
// (a Relu mask) mispredicts half the time; +(a <= b) is branch-free, 6× faster here.
export const lessEqualRun: BinaryRun = (n, out, po, so, a, pa, sa, b, pb, sb) => {
  for (let j = 0; j < n; j++, po += so, pa += sa, pb += sb) out[po] = +(a[pa]! <= b[pb]!)
}
export const greaterRun: BinaryRun = (n, out, po, so, a, pa, sa, b, pb, sb) => {
  for (let j = 0; j < n; j++, po += so, pa += sa, pb += sb) out[po] = +(a[pa]! > b[pb]!)
}
/** The second operand as it is (an in-place `set`, as numpy's `x[...] = y`). */
export const setRun: BinaryRun = (n, out, po, so, _a, _pa, _sa, b, pb, sb) => {
  for (let j = 0; j < n; j++, po += so, pb += sb) out[po] = b[pb]!
}

/** Copy (the identity): what `copy`, `flatten` and a non-contiguous `reshape` run. */
export const copyRun: UnaryRun = (n, out, po, so, x, px, sx) => {
  for (let j = 0; j < n; j++, po += so, px += sx) out[po] = x[px]!
}
export const expRun: UnaryRun = (n, out, po, so, x, px, sx) => {
  for (let j = 0; j < n; j++, po += so, px += sx) out[po] = Math.exp(x[px]!)
}
export const sqrtRun: UnaryRun = (n, out, po, so, x, px, sx) => {
  for (let j = 0; j < n; j++, po += so, px += sx) out[po] = Math.sqrt(x[px]!)
}

/**
 * `where`'s loop: out[po + j·so] = c[…] !== 0 ? a[…] : b[…]. Branch-free, for the reason given at
 * lessEqualRun: both candidates go into a two-slot buffer and the condition, as 0 or 1, picks one.
 */
export function whereRun(n: number, out: Float64Array, po: number, so: number, c: Float64Array, pc: number, sc: number,
  a: Float64Array, pa: number, sa: number, b: Float64Array, pb: number, sb: number): void {
  for (let j = 0; j < n; j++, po += so, pc += sc, pa += sa, pb += sb) {
    pick[0] = b[pb]!
    pick[1] = a[pa]!
    out[po] = pick[+(c[pc] !== 0)]!
  }
}
const pick = new Float64Array(2)

/** The run of any binary function: correct for every op, but calls `fn` per element (the slow way). */
export function binaryRunOf(fn: BinaryFn): BinaryRun {
  return (n, out, po, so, a, pa, sa, b, pb, sb) => {
    for (let j = 0; j < n; j++, po += so, pa += sa, pb += sb) out[po] = fn(a[pa]!, b[pb]!)
  }
}

/** The run of any unary function (calls `fn` per element). */
export function unaryRunOf(fn: UnaryFn): UnaryRun {
  return (n, out, po, so, x, px, sx) => {
    for (let j = 0; j < n; j++, po += so, px += sx) out[po] = fn(x[px]!)
  }
}
