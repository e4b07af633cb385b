import { NDArray } from '../ndarray.js'

/*
 * The fast matmul: the same C = A·B as `matmulReference`, organised like a BLAS "GEMM"
 * (Goto & van de Geijn, "Anatomy of High-Performance Matrix Multiplication", ACM TOMS 2008).
 *
 * Blocking. C (M,N) is computed in MR×NR tiles. Each tile is a sum over k of (MR×1)·(1×NR)
 * outer products, kept in MR·NR local variables, so the inner loop does MR·NR multiply-adds
 * for MR + NR loads. Around it, the operands are cut into cache-sized blocks:
 *
 *   for jc in N, step NC            B block: kc×nc, packed once per (jc, pc)
 *     for pc in K, step kc ≤ KC
 *       pack B[pc:pc+kc, jc:jc+nc]
 *       for ic in M, step MC        A block: mc×kc, packed once per (jc, pc, ic)
 *         pack A[ic:ic+mc, pc:pc+kc]
 *         for jr in nc, step NR     one NR-column panel of B stays in L1 ...
 *           for ir in mc, step MR   ... while the MR-row panels of A stream past it
 *             C[ic+ir : +MR, jc+jr : +NR] += Apanel · Bpanel   (micro-kernel)
 *
 * Packing layout. Both blocks live in one buffer, `pack` = [A block | B block], allocated once
 * at its largest (the blocks never exceed MC×KC and KC×NC) and reused by every call.
 * A panel (MR rows of A, kc deep) stores A[i0+r, k] at `k·MR + r`: for each k, the MR values of
 * one column of the panel side by side. A B panel (NR columns) stores B[k, j0+s] at `k·NR + s`.
 * So the micro-kernel reads both panels front to back with no index arithmetic but "+1".
 * Packing reads the operands through their strides, so `x.T` is never copied in transposed
 * form first. Lanes past the edge of A or B are packed as zeros: they only reach the parts of
 * an edge tile that are outside C, which are never stored. No entry is ever skipped, so NaN
 * and ±Infinity propagate as in numpy (0·NaN = NaN).
 *
 * Sizes were measured on Node 20 (V8, x64), see bench/matmul.bench.ts. Of the tiles tried
 * (1×4 to 8×2, 4×4, 5×3), 5×2 was fastest: x64 has 16 float registers, and with more
 * accumulators (4×4, 4×3) V8 keeps some on the stack. 5×2 also divides the book's MNIST shapes
 * (batch 100, hidden 50, 10 classes), so they have no edge tiles. NOTE: packA, packB and
 * microKernel are written out for MR = 5 and NR = 2; change them together.
 */
const MR = 5 // rows of C per micro-tile
const NR = 2 // columns of C per micro-tile
const KC = 256 // most k per packed panel: one A and one B panel (7·256·8 B = 14 KiB) fit in L1
const MC = 120 // rows of A per packed block (a multiple of MR): 120·256·8 B = 240 KiB, within L2
const NC = 512 // columns of B per packed block (a multiple of NR): 512·256·8 B = 1 MiB
const B_START = MC * KC // where the B block starts in `pack`
/** The tile and block sizes, so tests can pick shapes that cross every boundary. */
export const BLOCKING = { MR, NR, KC, MC, NC } as const

/**
 * [A block | B block], 1.2 MiB of zeros that the system only backs with memory once a matmul
 * packs into it. NOTE: a `const` of fixed size on purpose: V8 then knows its type and length in
 * the micro-kernel, which measured 13% faster than a buffer grown on demand (a `let`).
 */
const pack = new Float64Array((MC + NC) * KC)
/** Scratch MR×NR tile for the edges of C. */
const edge = new Float64Array(MR * NR)

/** Fast 2-D matmul, any strides and offset: a (M,K) · b (K,N) → new C-contiguous (M,N). Shapes are checked by the caller. */
export function matmulFast(a: NDArray, b: NDArray): NDArray {
  const M = a.shape[0]!
  const K = a.shape[1]!
  const N = b.shape[1]!
  const sa0 = a.strides[0]!, sa1 = a.strides[1]! // A[i,k] at a.offset + i·sa0 + k·sa1
  const sb0 = b.strides[0]!, sb1 = b.strides[1]!
  const c = new Float64Array(M * N) // (M,N), zeros: the blocks over k add into it
  if (M === 0 || N === 0 || K === 0) return new NDArray(c, [M, N])

  // Equal k blocks no deeper than KC: K = 784 → 4 × 196 rather than 3 × 256 + 16.
  const kc = Math.ceil(K / Math.ceil(K / KC))

  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc)
    for (let pc = 0; pc < K; pc += kc) {
      const kb = Math.min(kc, K - pc)
      // B[pc:pc+kb, jc:jc+nc] → NR-column panels; a lane is a column (step along k = row stride).
      packB(b.data, b.offset + pc * sb0 + jc * sb1, sb1, sb0, nc, kb, pack, B_START)
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic)
        // A[ic:ic+mc, pc:pc+kb] → MR-row panels; a lane is a row (step along k = column stride).
        packA(a.data, a.offset + ic * sa0 + pc * sa1, sa0, sa1, mc, kb, pack, 0)
        for (let jr = 0; jr < nc; jr += NR) {
          const w = Math.min(NR, nc - jr)
          for (let ir = 0; ir < mc; ir += MR) {
            // Panel number ir/MR of A starts at (ir/MR)·MR·kb = ir·kb; likewise for B.
            const o = (ic + ir) * N + jc + jr // C[ic+ir, jc+jr]
            const h = Math.min(MR, mc - ir)
            if (h === MR && w === NR) microKernel(pack, ir * kb, B_START + jr * kb, kb, c, o, N)
            else addEdgeTile(pack, ir * kb, B_START + jr * kb, kb, c, o, N, h, w)
          }
        }
      }
    }
  }
  return new NDArray(c, [M, N])
}

/**
 * A[rows of the block, kb steps of k] → MR-row panels at `dst`: A[i0+r, k] of the panel starting
 * at row i0 goes to `buf[dst + i0·depth + k·MR + r]`. A row moves by `rowStride` from the next,
 * and by `step` per k, so any strides work (`x.T` has rowStride 1 and step = x's row length).
 * The MR lanes are written out one by one: V8 runs that twice as fast as a loop over r.
 */
function packA(src: Float64Array, start: number, rowStride: number, step: number, rows: number, depth: number, buf: Float64Array, dst: number): void {
  const r2 = 2 * rowStride, r3 = 3 * rowStride, r4 = 4 * rowStride
  const full = rows - (rows % MR) // rows in whole panels
  for (let i0 = 0; i0 < full; i0 += MR) {
    let s = start + i0 * rowStride
    let d = dst + i0 * depth
    for (let k = 0; k < depth; k++) {
      buf[d] = src[s]!; buf[d + 1] = src[s + rowStride]!; buf[d + 2] = src[s + r2]!; buf[d + 3] = src[s + r3]!; buf[d + 4] = src[s + r4]!
      s += step
      d += 5 // MR
    }
  }
  if (full < rows) packEdge(src, start + full * rowStride, rowStride, step, rows - full, depth, MR, buf, dst + full * depth)
}

/** B[kb steps of k, cols of the block] → NR-column panels: B[k, j0+s] goes to `buf[dst + j0·depth + k·NR + s]`. */
function packB(src: Float64Array, start: number, colStride: number, step: number, cols: number, depth: number, buf: Float64Array, dst: number): void {
  const full = cols - (cols % NR) // columns in whole panels
  for (let j0 = 0; j0 < full; j0 += NR) {
    let s = start + j0 * colStride
    let d = dst + j0 * depth
    for (let k = 0; k < depth; k++) {
      buf[d] = src[s]!; buf[d + 1] = src[s + colStride]!
      s += step
      d += 2 // NR
    }
  }
  if (full < cols) packEdge(src, start + full * colStride, colStride, step, cols - full, depth, NR, buf, dst + full * depth)
}

/** The last, partial panel: `lanes` < `width` lines, and zeros in the missing lanes. */
function packEdge(src: Float64Array, start: number, laneStride: number, step: number, lanes: number, depth: number, width: number, buf: Float64Array, dst: number): void {
  for (let k = 0; k < depth; k++) {
    for (let r = 0; r < width; r++) buf[dst + k * width + r] = r < lanes ? src[start + r * laneStride + k * step]! : 0
  }
}

/**
 * C[o…] += (A panel at pa) · (B panel at pb): one MR×NR tile of C (row length ldc) over `kc`
 * steps of k, summed in MR·NR locals that V8 keeps in registers.
 */
function microKernel(buf: Float64Array, pa: number, pb: number, kc: number, c: Float64Array, o: number, ldc: number): void {
  // cRS = C[row R of the tile, column S of the tile]
  let c00 = 0, c01 = 0, c10 = 0, c11 = 0, c20 = 0, c21 = 0, c30 = 0, c31 = 0, c40 = 0, c41 = 0
  for (let k = 0; k < kc; k++) {
    const b0 = buf[pb]!, b1 = buf[pb + 1]! // B[k, j0..j0+1]
    const a0 = buf[pa]!, a1 = buf[pa + 1]!, a2 = buf[pa + 2]!, a3 = buf[pa + 3]!, a4 = buf[pa + 4]! // A[i0..i0+4, k]
    c00 += a0 * b0; c01 += a0 * b1
    c10 += a1 * b0; c11 += a1 * b1
    c20 += a2 * b0; c21 += a2 * b1
    c30 += a3 * b0; c31 += a3 * b1
    c40 += a4 * b0; c41 += a4 * b1
    pa += 5 // MR: literals here and in the packing loops, as V8 reloads module constants each time
    pb += 2 // NR
  }
  c[o]! += c00; c[o + 1]! += c01; o += ldc
  c[o]! += c10; c[o + 1]! += c11; o += ldc
  c[o]! += c20; c[o + 1]! += c21; o += ldc
  c[o]! += c30; c[o + 1]! += c31; o += ldc
  c[o]! += c40; c[o + 1]! += c41
}

/** An edge tile, where only the top-left h×w of the MR×NR tile lies inside C: compute it aside, add that part. */
function addEdgeTile(buf: Float64Array, pa: number, pb: number, kc: number, c: Float64Array, o: number, ldc: number, h: number, w: number): void {
  edge.fill(0)
  microKernel(buf, pa, pb, kc, edge, 0, NR)
  for (let r = 0; r < h; r++) {
    for (let s = 0; s < w; s++) c[o + r * ldc + s]! += edge[r * NR + s]!
  }
}
