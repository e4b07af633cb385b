/**
 * Operands and the agreement check shared by the matmul kernel tests (src/kernels/matmul.test.ts for the
 * TypeScript fast kernel, matmul.wasm*.test.ts and test/wasm-matmul.ts for the WebAssembly one).
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { NDArray } from '../src/ndarray.js'
import { stridesOf } from '../src/shape.js'
import { matmulReference } from '../src/kernels/matmul.js'

/**
 * Storages: C order after an offset; `x.T` of a contiguous buffer; rows padded by one slot (a
 * dense span copied as it is, read through strides); every second row and third column (sparse:
 * gathered); both axes reversed (negative strides: gathered). Slots outside the view hold NaN.
 */
export type Layout = 'contiguous' | 'transposed' | 'padded' | 'strided' | 'reversed'
/** Every storage, for loops over them. */
export const LAYOUTS: Layout[] = ['contiguous', 'transposed', 'padded', 'strided', 'reversed']

/** n values in [-1, 1) from a seed (32-bit LCG); with `specials`, ~1 in 40 is NaN/±Infinity and ~1 in 40 is 0. */
export function values(n: number, seed: number, specials = false): number[] {
  const out: number[] = []
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const u = s / 2 ** 32
    out.push(specials && u < 0.025 ? [NaN, Infinity, -Infinity][i % 3]! : specials && u < 0.05 ? 0 : 2 * u - 1)
  }
  return out
}

/** A (rows, cols) operand holding `vals` (C order) in the given storage. */
export function matrix(vals: readonly number[], rows: number, cols: number, layout: Layout, offset = 0): NDArray {
  const strides: [number, number] =
    layout === 'transposed' ? [1, rows] : layout === 'padded' ? [cols + 1, 1] : layout === 'strided' ? [6 * cols, 3] : layout === 'reversed' ? [-cols, -1] : [cols, 1]
  const start = layout === 'reversed' && rows * cols > 0 ? offset + rows * cols - 1 : offset
  const span = rows * cols === 0 ? 0 : (rows - 1) * Math.abs(strides[0]) + (cols - 1) * Math.abs(strides[1]) + 1
  const data = new Float64Array(offset + span + 2).fill(NaN)
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[start + i * strides[0] + j * strides[1]] = vals[i * cols + j]!
  }
  return new NDArray(data, [rows, cols], strides, start)
}

/** The same view over |data|: the reference on it gives Σ_k |A[i,k]|·|B[k,j]|, the scale of rounding errors. */
const absolute = (x: NDArray) => new NDArray(x.data.map(Math.abs), x.shape, x.strides, x.offset)

/**
 * `product` (a fast kernel) equals the reference: NaN where it is NaN, the same infinities, and finite
 * values within 1e-12 of Σ_k |A[i,k]·B[k,j]| (the summation order differs, so the last bits may too);
 * a new C-contiguous result. `name` labels the kernel in the failure list.
 */
export function expectMatchesReference(name: string, product: (a: NDArray, b: NDArray) => NDArray, a: NDArray, b: NDArray): void {
  const fast = product(a, b)
  const ref = matmulReference(a, b)
  const scale = matmulReference(absolute(a), absolute(b)).data
  expect(fast.shape).toEqual(ref.shape)
  expect(fast.strides).toEqual(stridesOf(ref.shape))
  expect(fast.offset).toBe(0)
  const bad: string[] = []
  fast.data.forEach((f, p) => {
    const r = ref.data[p]!
    const ok = Number.isFinite(r) ? Math.abs(f - r) <= 1e-12 * scale[p]! : Object.is(f, r)
    if (!ok && bad.length < 10) bad.push(`C[${Math.floor(p / b.shape[1]!)},${p % b.shape[1]!}]: ${name} ${f}, reference ${r}`)
  })
  expect(bad).toEqual([])
}

/** Sides up to 12 (three 4×4 tiles); `dim` mixes in sides up to 130 (past MC = 128). */
export const smallDim = fc.integer({ min: 0, max: 12 })
export const dim = fc.oneof({ weight: 3, arbitrary: smallDim }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 130 }) })
/** A (M,K) and B (K,N) in random storages and offsets; `specials` mixes in NaN, ±Infinity and 0. */
export const operandsArb = (d: fc.Arbitrary<number>, k: fc.Arbitrary<number>, specials = false) =>
  fc
    .record({ M: d, K: k, N: d, la: fc.constantFrom(...LAYOUTS), lb: fc.constantFrom(...LAYOUTS), oa: fc.nat(3), ob: fc.nat(3), seed: fc.integer() })
    .map(({ M, K, N, la, lb, oa, ob, seed }) => ({
      a: matrix(values(M * K, seed, specials), M, K, la, oa),
      b: matrix(values(K * N, seed + 1, specials), K, N, lb, ob),
    }))
