import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { NDArray } from '../ndarray.js'
import { dot } from '../ops/dot.js'
import { setReferenceMode, useReference } from './mode.js'
import {
  disableWasmMatmulForTesting,
  loadWasmMatmulForTesting,
  matmulWasm,
  setWasmMatmulBlockBytesForTesting,
  wasmMatmulAvailable,
  wasmMatmulBlocksForTesting,
  wasmMatmulBuild,
  wasmMatmulMemoryBytesForTesting,
} from './matmul.wasm.js'
import * as reference from './matmul.js'
import * as wasm from './matmul.wasm.js'
import * as fast from './matmul.fast.js'
import { buildsHere, dim, expectAgreement, LAYOUTS, matrix, operandsArb, smallDim, values, type Layout } from '../../test/wasm-matmul.js'

// The blocking of asm/matmul.ts, so shapes can cross every boundary.
const [MR, NR, KC, MC, NC] = [4, 4, 256, 128, 512]
// Its limits for reading operands where they lie: B in C order when a k block of it has at most
// DIRECT_B_DOUBLES entries; A (C order or transposed) when N ≤ DIRECT_A_MAX_N.
const [DIRECT_B_DOUBLES, DIRECT_A_MAX_N] = [2048, 16]

const initialMode = useReference() // true under DLFS_REFERENCE=1
afterEach(() => {
  disableWasmMatmulForTesting(false)
  setWasmMatmulBlockBytesForTesting()
  setReferenceMode(initialMode)
})

/**
 * A streamed operand is cut into blocks only when they are dense spans of its buffer: always in
 * C order or with padded rows, never for a sparse or reversed view, and for a transposed view
 * when a block's span is within twice its size (it depends on the shape: either is right).
 */
function expectCut(actual: number, layout: Layout, block: number, whole: number): void {
  if (layout === 'contiguous' || layout === 'padded') expect(actual).toBe(block)
  else if (layout === 'transposed') expect([block, whole]).toContain(actual)
  else expect(actual).toBe(whole)
}

// The kernel's tests, once per build this process runs (buildsHere).
describe.each(buildsHere)('3.3-dot: the %s build', (build) => {
  beforeAll(() => {
    expect(loadWasmMatmulForTesting([build])).toBe(build)
  })
  afterAll(() => {
    loadWasmMatmulForTesting()
  })

  describe('3.3-dot: matmulWasm against matmulReference', () => {
    it('runs in WebAssembly SIMD, in this build', () => {
      expect(wasmMatmulBuild()).toBe(build)
    })

    it('rounds each step once in the FMA build, twice in the plain one', () => {
      // C = -1·1 + (1+2⁻³⁰)²: the square is 1 + 2⁻²⁹ + 2⁻⁶⁰; a separate multiply rounds the 2⁻⁶⁰
      // away before the add, a fused one keeps it (on a CPU with FMA: every x64 since 2013, arm64).
      const e = 2 ** -30
      const c = matmulWasm(matrix([-1, 1 + e], 1, 2, 'contiguous'), matrix([1, 1 + e], 2, 1, 'contiguous')).data[0]
      expect(c).toBe(build === 'wasm-fma' ? 2 * e + e * e : 2 * e)
    })

    it('agrees within 1e-12 on random shapes (0, 1, odd, tile and block edges) and every storage', () => {
      const k = fc.oneof({ weight: 4, arbitrary: dim }, { weight: 1, arbitrary: fc.integer({ min: KC - 6, max: KC + 40 }) })
      fc.assert(fc.property(operandsArb(dim, k), ({ a, b }) => expectAgreement(a, b)), { numRuns: 150 })
    })

    it('agrees when every block boundary is crossed: M > MC, K > 2·KC, N > NC, none a tile multiple', () => {
      const [M, K, N] = [MC + MR + 1, 2 * KC + 7, NC + NR + 3]
      expectAgreement(matrix(values(M * K, 1), M, K, 'transposed'), matrix(values(K * N, 2), K, N, 'padded'))
    })

    it('handles every shape with sides 0 to 9 (around two 4×4 tiles); K = 0 gives zeros', () => {
      const sides = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
      for (const [M, K, N] of sides.flatMap((m) => sides.flatMap((k) => sides.map((n) => [m, k, n] as const)))) {
        const a = matrix(values(M * K, M + 3 * K), M, K, LAYOUTS[(M + K) % 5]!, 1)
        const b = matrix(values(K * N, N + 5 * K), K, N, LAYOUTS[(M + N) % 5]!, 2)
        expectAgreement(a, b)
        if (K === 0) expect(Array.from(matmulWasm(a, b).data)).toEqual(new Array(M * N).fill(0))
      }
    })

    it('reads broadcast operands (stride 0), as dot does for a 1-D vector', () => {
      const col = new NDArray(Float64Array.from(values(9, 4)), [9, 3], [1, 0], 0) // each column is the vector
      expectAgreement(matrix(values(5 * 9, 3), 5, 9, 'contiguous'), col)
      // A[i,k] = v[i] has the strides of a transposed view but does not move along k: it must be packed.
      const rows = new NDArray(Float64Array.from(values(12, 5)), [12, 9], [1, 0], 0)
      expectAgreement(rows, matrix(values(9 * 6, 6), 9, 6, 'contiguous'))
      expectAgreement(new NDArray(Float64Array.from(values(9, 7)), [12, 9], [0, 1], 0), matrix(values(9 * 6, 8), 9, 6, 'padded'))
    })

    it('reads small operands where they lie: every width to N = 17, rows around a panel, each storage of A and B', () => {
      // N ≤ 16 reads A unpacked (4 row pointers in C order, one panel pointer transposed); B in C
      // order or padded is read unpacked while K·N ≤ 2048 (K = 128, N = 16 is the last such).
      // Widths 1 and 3 pad the last B panel, 2 goes through the 4×2 kernel; M = 5, 11 leave a partial A panel.
      for (const N of Array.from({ length: DIRECT_A_MAX_N + 1 }, (_, i) => i + 1)) {
        for (const M of [1, 3, 4, 5, 8, 11]) {
          for (const K of [1, 2, 7, 50, DIRECT_B_DOUBLES / DIRECT_A_MAX_N]) {
            for (const la of ['contiguous', 'transposed', 'padded', 'strided'] as const) {
              for (const lb of ['contiguous', 'padded', 'transposed'] as const) {
                expectAgreement(matrix(values(M * K, M + 7 * K + N), M, K, la, N % 3), matrix(values(K * N, N + 11 * K), K, N, lb, M % 2))
              }
            }
          }
        }
      }
    })

    it('reads small operands where they lie across k blocks (K > 2·KC), adding each block to C', () => {
      const K = 2 * KC + 7 // 3 blocks of 173: a block of B (173 × 10) is within the limit
      for (const la of ['contiguous', 'transposed'] as const) {
        for (const [M, N] of [[13, 10], [8, 2], [6, 11]] as const) {
          expectAgreement(matrix(values(M * K, M + N), M, K, la, 1), matrix(values(K * N, N), K, N, 'contiguous'))
        }
      }
    })

    it('propagates NaN and ±Infinity exactly as the reference (0·NaN, 0·Infinity, Infinity − Infinity)', () => {
      fc.assert(fc.property(operandsArb(smallDim, smallDim, true), ({ a, b }) => expectAgreement(a, b)), { numRuns: 200 })
    })

    it('grows its memory for a big product, then reuses it for small ones', () => {
      const before = wasmMatmulMemoryBytesForTesting()
      // A transposed: its row blocks are not dense spans, so the product goes in one block
      expectAgreement(matrix(values(600 * 800, 5), 600, 800, 'transposed'), matrix(values(800 * 301, 6), 800, 301, 'transposed'))
      const grown = wasmMatmulMemoryBytesForTesting()
      expect(grown).toBeGreaterThan(before)
      expect(grown).toBeGreaterThanOrEqual(8 * (600 * 800 + 800 * 301 + 600 * 301))
      for (const [M, K, N] of [[3, 7, 1], [6, 2, 3], [11, 5, 7], [100, 50, 10]] as const) {
        expectAgreement(matrix(values(M * K, M), M, K, 'padded'), matrix(values(K * N, N), K, N, 'contiguous'))
      }
      expect(wasmMatmulMemoryBytesForTesting()).toBe(grown) // reused, not replaced
    })

    it('leaves its operands unchanged and returns a fresh array, not a view of WebAssembly memory', () => {
      const a = matrix(values(12 * 9, 5), 12, 9, 'transposed')
      const b = matrix(values(9 * 4, 6), 9, 4, 'padded')
      const [aData, bData] = [a.data.slice(), b.data.slice()]
      const c = matmulWasm(a, b)
      const before = c.data.slice()
      matmulWasm(b.T, a.T) // another call overwrites the kernel's C region
      expect(c.data).toEqual(before)
      expect(c.isContiguous()).toBe(true)
      expect(a.data).toEqual(aData)
      expect(b.data).toEqual(bData)
    })

    it('falls back to the JS kernel, with the same results, when WebAssembly SIMD is unavailable', () => {
      disableWasmMatmulForTesting(true)
      expect(wasmMatmulAvailable()).toBe(false)
      fc.assert(fc.property(operandsArb(dim, dim), ({ a, b }) => expectAgreement(a, b)), { numRuns: 30 })
    })
  })

  describe('3.3-dot: matmulWasm streams large products in blocks', () => {
    // The Convolution layer's products (book §7.4.3, SimpleConvNet: col is (57600, 25), 30 filters).
    const conv = {
      forward: () => [matrix([], 57600, 25, 'contiguous'), matrix([], 25, 30, 'transposed')] as const, // col · colW
      dW: () => [matrix([], 25, 57600, 'transposed'), matrix([], 57600, 30, 'contiguous')] as const, // col.T · d
      dx: () => [matrix([], 57600, 30, 'contiguous'), matrix([], 30, 25, 'contiguous')] as const, // d · colW.T
    }

    it("cuts the convolution's products: col·colW and d·colW.T by rows, col.T·d by k; the MNIST shapes stay whole", () => {
      for (const [a, b] of [conv.forward(), conv.dx()]) {
        const { rows, depth } = wasmMatmulBlocksForTesting(a, b)
        expect([rows % MC, depth]).toEqual([0, a.shape[1]])
        expect(rows).toBeLessThan(a.shape[0]!)
        expect(rows * (a.shape[1]! + b.shape[1]!) * 8).toBeLessThanOrEqual(512 * 1024) // a block of A and of C
      }
      const [a, b] = conv.dW()
      const { rows, depth } = wasmMatmulBlocksForTesting(a, b)
      expect([rows, depth % KC]).toEqual([25, 0])
      expect(depth).toBeLessThan(57600)
      for (const [M, K, N, la, lb] of [[100, 784, 50, 'contiguous', 'contiguous'], [784, 100, 50, 'transposed', 'contiguous'], [100, 50, 784, 'contiguous', 'transposed']] as const) {
        expect(wasmMatmulBlocksForTesting(matrix([], M, K, la), matrix([], K, N, lb))).toEqual({ rows: M, depth: K })
      }
    })

    it("streams the convolution's forward product through a block of memory and agrees with the reference", () => {
      const [M, K, N] = [57600, 25, 30]
      expectAgreement(matrix(values(M * K, 21), M, K, 'contiguous'), matrix(values(K * N, 22), K, N, 'transposed'))
      // Earlier tests in this file need less; copying all of A and C in would need 25 MB.
      expect(wasmMatmulMemoryBytesForTesting()).toBeLessThan(8 * M * (K + N))
    })

    it('agrees below, at and above the tall block edges (a last block of 1 row), for each storage of A and B', () => {
      setWasmMatmulBlockBytesForTesting(16 * 1024) // rows come in blocks of MC = 128 from M·(K+N)·8 > 32 KiB
      const [K, N] = [21, 9]
      for (const M of [2 * MC + 1, 3 * MC - 1, 3 * MC, 3 * MC + 1]) {
        for (const la of LAYOUTS) {
          for (const lb of LAYOUTS) {
            const a = matrix(values(M * K, M + K), M, K, la, 1)
            const b = matrix(values(K * N, N), K, N, lb, 2)
            const { rows, depth } = wasmMatmulBlocksForTesting(a, b)
            expect(depth).toBe(K)
            expectCut(rows, la, MC, M)
            expectAgreement(a, b)
          }
        }
      }
    })

    it('agrees below, at and above the deep block edges (a last block of 1 k), for each storage of B', () => {
      setWasmMatmulBlockBytesForTesting(16 * 1024) // k comes in blocks of KC = 256 when C is small and (M+N)·K·8 > 32 KiB
      for (const [M, N, la] of [[5, 9, 'transposed'], [1, 18, 'contiguous'], [7, 3, 'transposed']] as const) {
        for (const K of [2 * KC - 1, 2 * KC, 2 * KC + 1, 3 * KC + 1]) {
          for (const lb of LAYOUTS) {
            const a = matrix(values(M * K, M + K), M, K, la, 2)
            const b = matrix(values(K * N, N + K), K, N, lb, 1)
            const { rows, depth } = wasmMatmulBlocksForTesting(a, b) // A's k blocks are dense: B decides
            expect(rows).toBe(M)
            expectCut(depth, lb, KC, K)
            expectAgreement(a, b)
          }
        }
      }
    })

    it('propagates NaN and ±Infinity through streamed blocks, tall and deep', () => {
      setWasmMatmulBlockBytesForTesting(16 * 1024)
      const tall = [matrix(values(385 * 21, 31, true), 385, 21, 'contiguous'), matrix(values(21 * 9, 32, true), 21, 9, 'transposed')] as const
      const deep = [matrix(values(5 * 769, 33, true), 5, 769, 'transposed'), matrix(values(769 * 9, 34, true), 769, 9, 'contiguous')] as const
      expect(wasmMatmulBlocksForTesting(...tall).rows).toBe(MC)
      expect(wasmMatmulBlocksForTesting(...deep).depth).toBe(KC)
      expectAgreement(...tall)
      expectAgreement(...deep)
    })
  })
})

describe('3.3-dot: dot dispatch', () => {
  it('sends products to the wasm kernel, and to the reference under setReferenceMode(true)', () => {
    const a = matrix(values(20 * 30, 1), 20, 30, 'contiguous')
    const b = matrix(values(30 * 10, 2), 30, 10, 'transposed')
    const toWasm = vi.spyOn(wasm, 'matmulWasm')
    const toReference = vi.spyOn(reference, 'matmulReference')
    try {
      setReferenceMode(false)
      dot(a, b)
      expect(toWasm).toHaveBeenCalledTimes(1)
      setReferenceMode(true)
      toWasm.mockClear()
      toReference.mockClear()
      dot(a, b)
      expect(toWasm).not.toHaveBeenCalled()
      expect(toReference).toHaveBeenCalledTimes(1)
    } finally {
      vi.restoreAllMocks()
    }
  })

  it('sends products to the JS fast kernel where WebAssembly SIMD is unavailable', () => {
    const a = matrix(values(20 * 30, 1), 20, 30, 'contiguous')
    const b = matrix(values(30 * 10, 2), 30, 10, 'transposed')
    const toWasm = vi.spyOn(wasm, 'matmulWasm')
    const toFast = vi.spyOn(fast, 'matmulFast')
    try {
      setReferenceMode(false)
      disableWasmMatmulForTesting(true)
      dot(a, b)
      expect(toWasm).not.toHaveBeenCalled()
      expect(toFast).toHaveBeenCalledTimes(1)
    } finally {
      vi.restoreAllMocks()
    }
  })
})
