/*
 * C = A·B in float64 with WebAssembly SIMD (f64x2: two doubles per 128-bit lane), the same
 * product as `matmulReference` (src/kernels/matmul.ts) and organised like `matmulFast`
 * (src/kernels/matmul.fast.ts): a BLAS "GEMM" after Goto & van de Geijn, ACM TOMS 2008.
 * This file holds the loops; pack.ts the packing, micro-kernel.ts the tiles. Built by
 * scripts/build-wasm.ts into src/kernels/_matmul-wasm-module.ts; loaded by matmul.wasm.ts.
 *
 * Memory layout. The JS wrapper owns linear memory from `heapBase()` up (this module allocates
 * nothing itself: it is compiled with the stub runtime and uses raw pointers):
 *
 *   heapBase ─┬─ pack: [A block MC×KC | B block KC×NC | edge tile MR×NR]   packBytes() bytes
 *             ├─ A    the operand's data, as the wrapper copied it in
 *             ├─ B    likewise
 *             └─ C    (M,N), C order; written here, copied out by the wrapper
 *
 * A and B are read through element strides (rsA, csA) and (rsB, csB), so the wrapper can copy a
 * view's span as it is: A (M,K) in C order has (K, 1); a transposed view `x.T` has (1, M).
 * For products larger than L2 the wrapper streams (see src/kernels/matmul.wasm.ts): A, B and C
 * are then one block of the product's rows (tall: C = A·B for those rows) or of its k (deep:
 * `accumulate` adds A·B to the C of the blocks before), and M, N, K are the block's.
 *
 * Blocking. C is computed in MR×NR = 4×4 tiles. Each tile holds 8 f64x2 accumulators (4 rows ×
 * 2 vectors of 2 columns); a step of k loads one row of the B panel (2 vectors) and splats the
 * 4 values of the A panel, then does 8 multiplies and 8 adds (8 fused multiply-adds in the FMA
 * build, see below). Around the micro-kernel, the loops
 * cut the operands into cache-sized blocks:
 *
 *   for jc in N, step NC            pack B[pc:pc+kb, jc:jc+nc] into NR-column panels (L2/L3)
 *     for pc in K, step kb ≤ KC
 *       for ic in M, step MC        pack A[ic:ic+mc, pc:pc+kb] into MR-row panels (L2)
 *         for jr in nc, step NR     one kb×NR panel of B stays in L1 ...
 *           for ir in mc, step MR   ... while the MR-row panels of A stream past it
 *             C[ic+ir : +MR, jc+jr : +NR] += Apanel · Bpanel
 *
 * Packed panels. An A panel stores A[i0+r, k] at element k·MR + r, a B panel stores B[k, j0+s]
 * at k·NR + s, so the micro-kernel walks both front to back. Lanes past the edge of A or B are
 * packed as zeros and only reach the part of an edge tile outside C, which is never stored; no
 * entry is skipped, so NaN and ±Infinity propagate as in numpy.
 *
 * Operands read where they lie. Packing pays when a panel is reused many times; for small
 * operands it is a large share of the work (at h·W2, 100×50·50×10, packing A took a sixth of
 * the kernel). So: B is not packed when it is in C order and a k block of it fits in half of L1
 * (kb·N ≤ 2048 doubles: N = 10 at the MNIST shapes); its rows are then read with their own
 * stride. A is not packed when B is at most 16 columns wide (each A panel meets at most 4 B
 * panels): a transposed A (`x.T`) already holds A[i0..i0+3, k] side by side, a step of csA apart;
 * an A in C order is read through 4 row pointers (3 more adds per step, measured 9% slower than
 * a packed panel, which is why wider products still pack). A last row panel of fewer than 4 rows
 * is packed either way, so zeros fill its missing lanes.
 *
 * Measured (Node 20 / V8 11.3 on a 2-core AMD EPYC (Zen 4), CPU time, load average 2–5; the
 * harness is bench/_wasm-kernel.ts): the 4×4 micro-kernel alone on L1-resident panels runs at
 * 23.4 GFLOP/s, near the ceiling here. Without FMA (relaxed SIMD is off by default in V8 11.3;
 * behind its flag an FMA build of the same kernel ran at 27.6) a step is 8 multiplies and 8 adds
 * of 2 doubles plus 6 loads, 2 pointer adds, V8's loop stack check and the branch, and the core
 * issues about 6 of those a cycle; numpy's OpenBLAS does 2 FMAs of 4 doubles a cycle, twice the
 * flops. Tried and dropped: a counted `for` over k (21.2: more loop overhead than the `do …
 * while (pa != end)` in micro-kernel.ts); unrolling k by 2 or 4 (15.8 and 19.0: V8 hoists the
 * second step's loads, runs out of the 15 usable xmm registers and spills an accumulator, whose
 * add chain then goes through memory); 2×8 (22.5), 3×4 (21.6), 2×6 (21.8), 2×10 and 3×6 (18.3,
 * 16.8: spills); a dot-product kernel reading A rows as vectors along k (22.1, not enough to
 * repay unpacked A at N = 50). A last panel of B that is 2 wide (N = 50 and N = 10 leave one)
 * goes through a 4×2 kernel straight into C (16.7). One k block up to K = 1024 instead of
 * KC = 256 made no measurable difference. Packing lines that are contiguous along k (A in C
 * order, B = Wᵀ) with 2-lane shuffles instead of scalar copies (pack.ts) made the kernel 2–10%
 * faster at the MNIST shapes; reading small operands where they lie, 10–17% at N = 10. The
 * whole kernel (packing included) then runs at 21.1–21.3 GFLOP/s at x·W1 (100×784·784×50),
 * x.T·dout (784×100·100×50) and dout·W1.T (100×50·(784×50)ᵀ), 17.7–18.2 at h·W2 and h.T·dout
 * (N = 10), 15.9 at dout·W2.T (K = 10: each tile is 10 steps long, so its set-up and stores
 * weigh more). At x·W1 that is about 340 µs of micro-kernels and 25 µs of packing (15 A, 10 B).
 *
 * Two builds. scripts/build-wasm.ts compiles this source twice: as it is, and with relaxed SIMD
 * enabled, where `madd` in micro-kernel.ts becomes `f64x2.relaxed_madd` (one FMA, rounded once)
 * instead of a multiply and an add; matmul.wasm.ts runs the FMA build where the runtime validates
 * it (Node ≥ 22, Chromium; Node 20 only with --experimental-wasm-relaxed-simd). Measured side by
 * side under that flag (bench/_wasm-kernel.ts --wasm, CPU time, load average 0.7–0.8, numpy 41.1
 * and 40.0 at the first two shapes): the whole kernel at x·W1 and x.T·dout went from 21.2 to 24.1
 * and 24.8 GFLOP/s, at h·W2 and h.T·dout from 18.1 and 17.6 to 21.9 and 19.7, at dout·W1.T from
 * 21.1 to 25.9, at dout·W2.T from 15.5 to 19.8; a whole matmulWasm call (copies included) at
 * x·W1 from 19.0 to 22.2, 0.46 → 0.54 of numpy.
 *
 * Summation order: C[i,j] is summed over k in order within a k block, and block by block, as
 * in the reference; but the reference adds each product straight into C while here each block
 * sums in a register first (the first block is stored, unless `accumulate`, the later ones
 * added), so results may differ from the reference by rounding (tested to 1e-12 relative to
 * Σ|A[i,k]·B[k,j]|, both builds: the FMA one rounds each step once instead of twice).
 */
import { edgeTile, microKernel, microKernel4x2, MR, NR } from './micro-kernel'
import { packPanels } from './pack'

const KC: i32 = 256 // most k per panel: an A and a B panel (2·4·256·8 B = 16 KiB) fit in L1
const MC: i32 = 128 // rows of A per packed block (a multiple of MR): 256 KiB, within L2
const NC: i32 = 512 // columns of B per packed block (a multiple of NR): 1 MiB
const B_START: usize = <usize>(MC * KC) << 3 // byte offset of the B block in the pack area
const EDGE_START: usize = B_START + (<usize>(KC * NC) << 3) // byte offset of the edge tile
const DIRECT_B_DOUBLES: i32 = 2048 // B unpacked when a k block of it is at most this (16 KiB)
const DIRECT_A_MAX_N: i32 = 16 // A unpacked when B is at most this wide

/** First free byte after this module's static data (16-byte aligned by the wrapper). */
export function heapBase(): usize {
  return __heap_base
}

/** Bytes of scratch the kernel needs at `pack`: the A block, the B block and one edge tile. */
export function packBytes(): usize {
  return EDGE_START + (<usize>(MR * NR) << 3)
}

/**
 * C (M,N) = A (M,K) · B (K,N), or with `accumulate` C += A·B (the wrapper streams a deep product
 * through in k blocks). A[i,k] is the f64 at a + 8·(i·rsA + k·csA), B[k,j] at b + 8·(k·rsB +
 * j·csB); C is in C order at c. `pack` points at packBytes() of scratch.
 */
export function matmul(a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, M: i32, N: i32, K: i32, pack: usize, accumulate: bool): void {
  if (K == 0 && !accumulate) memory.fill(c, 0, <usize>(M * N) << 3) // an empty sum: zeros
  if (M == 0 || N == 0 || K == 0) return
  // Equal k blocks no deeper than KC: K = 784 → 4 × 196 rather than 3 × 256 + 16.
  const blocks = (K + KC - 1) / KC
  const kc = (K + blocks - 1) / blocks
  const packB = pack + B_START
  const edge = pack + EDGE_START
  const ldc = <usize>N << 3 // bytes from one row of C to the next
  const directB = csB == 1 && kc * N <= DIRECT_B_DOUBLES
  const rowsA = N <= DIRECT_A_MAX_N && csA == 1 // A in C order, read through 4 row pointers
  // ... or a transposed A, read as a panel (csA > 0: the loop ends when pa has moved kc steps)
  const directA = rowsA || (N <= DIRECT_A_MAX_N && rsA == 1 && csA > 0)
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc)
    for (let pc = 0; pc < K; pc += kc) {
      const kb = min(kc, K - pc)
      const add = accumulate || pc > 0 // the first k block stores into C, the later ones add to it
      if (!directB) packPanels(b + elementOffset(pc, rsB, jc, csB), csB, rsB, nc, kb, packB)
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic)
        const fullRows = mc & ~(MR - 1)
        if (!directA) packPanels(a + elementOffset(ic, rsA, pc, csA), rsA, csA, mc, kb, pack)
        else if (fullRows < mc) packPanels(a + elementOffset(ic + fullRows, rsA, pc, csA), rsA, csA, mc - fullRows, kb, pack)
        const panelBytes = <usize>kb << 5 // one panel: kb steps of 4 (MR or NR) doubles
        for (let jr = 0; jr < nc; jr += NR) {
          const w = min(NR, nc - jr)
          let pb = packB + <usize>(jr / NR) * panelBytes
          let bStep: usize = 32 // bytes from B[k, j0] to B[k+1, j0]
          if (directB) {
            pb = b + elementOffset(pc, rsB, jc + jr, 1)
            bStep = <usize>rsB << 3
            if (w != NR && w != 2) {
              packPanels(pb, 1, rsB, w, kb, packB) // a 1- or 3-wide last panel: pad it with zeros
              pb = packB
              bStep = 32
            }
          }
          for (let ir = 0; ir < mc; ir += MR) {
            const h = min(MR, mc - ir)
            const o = c + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 3) // &C[ic+ir, jc+jr]
            if (directA && h == MR) {
              const pa = a + elementOffset(ic + ir, rsA, pc, csA) // &A[ic+ir, pc]
              if (rowsA) {
                const lda = <usize>rsA << 3
                if (w == NR) microKernel(pa, 8, lda, true, pb, bStep, kb, o, ldc, add)
                else if (w == 2) microKernel4x2(pa, 8, lda, true, pb, bStep, kb, o, ldc, add)
                else edgeTile(pa, 8, lda, true, pb, bStep, kb, o, ldc, h, w, edge, add)
              } else {
                const aStep = <usize>csA << 3
                if (w == NR) microKernel(pa, aStep, 8, false, pb, bStep, kb, o, ldc, add)
                else if (w == 2) microKernel4x2(pa, aStep, 8, false, pb, bStep, kb, o, ldc, add)
                else edgeTile(pa, aStep, 8, false, pb, bStep, kb, o, ldc, h, w, edge, add)
              }
            } else {
              const pa = directA ? pack : pack + <usize>(ir / MR) * panelBytes
              if (h == MR && w == NR) microKernel(pa, 32, 8, false, pb, bStep, kb, o, ldc, add)
              else if (h == MR && w == 2) microKernel4x2(pa, 32, 8, false, pb, bStep, kb, o, ldc, add)
              else edgeTile(pa, 32, 8, false, pb, bStep, kb, o, ldc, h, w, edge, add)
            }
          }
        }
      }
    }
  }
}

/** Byte offset of element (i, j) of a matrix with element strides (si, sj). */
// @ts-ignore: decorator
@inline function elementOffset(i: i32, si: i32, j: i32, sj: i32): usize {
  return <usize>(i * si + j * sj) << 3
}
