/*
 * C = A·B in float64 with WebAssembly SIMD (f64x2: two doubles per 128-bit lane), the same
 * product as `matmulReference` (src/kernels/matmul.ts) and organised like `matmulFast`
 * (src/kernels/matmul.fast.ts): a BLAS "GEMM" after Goto & van de Geijn, ACM TOMS 2008.
 * Built by scripts/build-wasm.ts into src/kernels/_matmul-wasm-module.ts; loaded by matmul.wasm.ts.
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
 *
 * Blocking. C is computed in MR×NR = 4×4 tiles. Each tile holds 8 f64x2 accumulators (4 rows ×
 * 2 vectors of 2 columns); a step of k loads one row of the B panel (2 vectors) and splats the
 * 4 values of the A panel, then does 8 multiplies and 8 adds: 11 of the 16 SIMD registers.
 * Measured on Node 20 (CPU time, the micro-kernel alone on L1-resident panels, a loaded 2-core
 * machine): 4×4 ran at 16–17 GFLOP/s; 5×4 at 12, 6×4 at 14 (spills), 4×4 unrolled twice over k
 * at 14; 2×8 at 18–19, but in the whole product it was no faster at the MNIST shapes and 20%
 * slower at N = 10, where its 8-wide edge panels waste more. A last panel of B that is 2 wide
 * (N = 50 and N = 10 leave one) goes through a 4×2 kernel straight into C.
 * Around the micro-kernel, the loops cut the operands into cache-sized blocks:
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
 * Summation order: C[i,j] is summed over k in order within a k block, and block by block, as
 * in the reference; but the reference adds each product straight into C while here each block
 * sums in a register first (the first block is stored, the later ones added), so results may
 * differ from the reference by rounding (tested to 1e-12 relative to Σ|A[i,k]·B[k,j]|).
 */

const MR: i32 = 4 // rows of C per micro-tile
const NR: i32 = 4 // columns of C per micro-tile (2 f64x2 vectors)
const KC: i32 = 256 // most k per panel: an A and a B panel (2·4·256·8 B = 16 KiB) fit in L1
const MC: i32 = 128 // rows of A per packed block (a multiple of MR): 256 KiB, within L2
const NC: i32 = 512 // columns of B per packed block (a multiple of NR): 1 MiB
const B_START: usize = <usize>(MC * KC) << 3 // byte offset of the B block in the pack area
const EDGE_START: usize = B_START + (<usize>(KC * NC) << 3) // byte offset of the edge tile

/** First free byte after this module's static data (16-byte aligned by the wrapper). */
export function heapBase(): usize {
  return __heap_base
}

/** Bytes of scratch the kernel needs at `pack`: the A block, the B block and one edge tile. */
export function packBytes(): usize {
  return EDGE_START + (<usize>(MR * NR) << 3)
}

/**
 * C (M,N) = A (M,K) · B (K,N). A[i,k] is the f64 at a + 8·(i·rsA + k·csA), B[k,j] at
 * b + 8·(k·rsB + j·csB); C is written in C order at c. `pack` points at packBytes() of scratch.
 */
export function matmul(a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, M: i32, N: i32, K: i32, pack: usize): void {
  if (K == 0) memory.fill(c, 0, <usize>(M * N) << 3) // an empty sum: zeros
  if (M == 0 || N == 0 || K == 0) return
  // Equal k blocks no deeper than KC: K = 784 → 4 × 196 rather than 3 × 256 + 16.
  const blocks = (K + KC - 1) / KC
  const kc = (K + blocks - 1) / blocks
  const packB = pack + B_START
  const edge = pack + EDGE_START
  const ldc = <usize>N << 3 // bytes from one row of C to the next
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc)
    for (let pc = 0; pc < K; pc += kc) {
      const kb = min(kc, K - pc)
      const add = pc > 0 // the first k block stores into C, the later ones add to it
      packPanels(b + elementOffset(pc, rsB, jc, csB), csB, rsB, nc, kb, packB)
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic)
        packPanels(a + elementOffset(ic, rsA, pc, csA), rsA, csA, mc, kb, pack)
        const panelBytes = <usize>kb << 5 // one panel: kb steps of 4 (MR or NR) doubles
        for (let jr = 0; jr < nc; jr += NR) {
          const w = min(NR, nc - jr)
          const pb = packB + <usize>(jr / NR) * panelBytes
          for (let ir = 0; ir < mc; ir += MR) {
            const h = min(MR, mc - ir)
            const pa = pack + <usize>(ir / MR) * panelBytes
            const o = c + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 3) // &C[ic+ir, jc+jr]
            if (h == MR && w == NR) microKernel(pa, pb, kb, o, ldc, add)
            else if (h == MR && w == 2) microKernel4x2(pa, pb, kb, o, ldc, add) // N = 50 and N = 10 end so
            else edgeTile(pa, pb, kb, o, ldc, h, w, edge, add)
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

/**
 * `lanes` lines of a matrix, `depth` steps deep, into 4-wide panels at `dst`: line l of the
 * panel starting at line l0 goes to element (l0/4)·4·depth + k·4 + (l − l0). A line moves by
 * `lineStride` elements from the next and by `step` per k: for A the lines are rows (step along
 * k = column stride); for B the lines are columns (step = row stride). Missing lanes get zeros.
 */
function packPanels(src: usize, lineStride: i32, step: i32, lanes: i32, depth: i32, dst: usize): void {
  const stepBytes = <usize>step << 3
  const full = lanes & ~3 // lines in whole panels
  if (lineStride == 1) {
    // The 4 lines of a panel are adjacent in memory (A transposed, or B in C order): 2 vector copies per k.
    for (let l0 = 0; l0 < full; l0 += 4) {
      let s = src + (<usize>l0 << 3)
      for (let k = 0; k < depth; k++) {
        v128.store(dst, v128.load(s))
        v128.store(dst, v128.load(s, 16), 16)
        s += stepBytes
        dst += 32
      }
    }
  } else {
    const ls = <usize>lineStride << 3
    for (let l0 = 0; l0 < full; l0 += 4) {
      let s = src + <usize>l0 * ls
      for (let k = 0; k < depth; k++) {
        store<f64>(dst, load<f64>(s))
        store<f64>(dst, load<f64>(s + ls), 8)
        store<f64>(dst, load<f64>(s + 2 * ls), 16)
        store<f64>(dst, load<f64>(s + 3 * ls), 24)
        s += stepBytes
        dst += 32
      }
    }
  }
  const rest = lanes - full
  if (rest == 0) return
  // The last, partial panel.
  const ls = <usize>lineStride << 3
  const s0 = src + <usize>full * ls
  for (let k = 0; k < depth; k++) {
    const s = s0 + <usize>k * stepBytes
    for (let r = 0; r < 4; r++) store<f64>(dst + (<usize>r << 3), r < rest ? load<f64>(s + <usize>r * ls) : 0)
    dst += 32
  }
}

/**
 * C[o…] (+)= (A panel at pa) · (B panel at pb): one 4×4 tile of C (row pitch ldc bytes) over kc
 * steps of k; `add` adds to C (later k blocks), else stores (the first). cRV holds C[row R,
 * columns 2V and 2V+1] of the tile.
 */
// @ts-ignore: decorator
@inline function microKernel(pa: usize, pb: usize, kc: i32, o: usize, ldc: usize, add: bool): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0)
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0)
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0)
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0)
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb) // B[k, j0..j0+1]
    const b1 = v128.load(pb, 16) // B[k, j0+2..j0+3]
    let a = v128.load64_splat(pa) // A[i0, k] in both lanes
    c00 = f64x2.add(c00, f64x2.mul(a, b0))
    c01 = f64x2.add(c01, f64x2.mul(a, b1))
    a = v128.load64_splat(pa, 8)
    c10 = f64x2.add(c10, f64x2.mul(a, b0))
    c11 = f64x2.add(c11, f64x2.mul(a, b1))
    a = v128.load64_splat(pa, 16)
    c20 = f64x2.add(c20, f64x2.mul(a, b0))
    c21 = f64x2.add(c21, f64x2.mul(a, b1))
    a = v128.load64_splat(pa, 24)
    c30 = f64x2.add(c30, f64x2.mul(a, b0))
    c31 = f64x2.add(c31, f64x2.mul(a, b1))
    pa += 32
    pb += 32
  }
  if (add) {
    c00 = f64x2.add(v128.load(o), c00)
    c01 = f64x2.add(v128.load(o, 16), c01)
    c10 = f64x2.add(v128.load(o + ldc), c10)
    c11 = f64x2.add(v128.load(o + ldc, 16), c11)
    c20 = f64x2.add(v128.load(o + 2 * ldc), c20)
    c21 = f64x2.add(v128.load(o + 2 * ldc, 16), c21)
    c30 = f64x2.add(v128.load(o + 3 * ldc), c30)
    c31 = f64x2.add(v128.load(o + 3 * ldc, 16), c31)
  }
  v128.store(o, c00)
  v128.store(o, c01, 16)
  o += ldc
  v128.store(o, c10)
  v128.store(o, c11, 16)
  o += ldc
  v128.store(o, c20)
  v128.store(o, c21, 16)
  o += ldc
  v128.store(o, c30)
  v128.store(o, c31, 16)
}

/** As microKernel for the first 2 columns of the B panel only: a last panel of B that is 2 wide. */
// @ts-ignore: decorator
@inline function microKernel4x2(pa: usize, pb: usize, kc: i32, o: usize, ldc: usize, add: bool): void {
  let c0 = f64x2.splat(0), c1 = f64x2.splat(0), c2 = f64x2.splat(0), c3 = f64x2.splat(0)
  for (let k = 0; k < kc; k++) {
    const b = v128.load(pb) // B[k, j0..j0+1]
    c0 = f64x2.add(c0, f64x2.mul(v128.load64_splat(pa), b))
    c1 = f64x2.add(c1, f64x2.mul(v128.load64_splat(pa, 8), b))
    c2 = f64x2.add(c2, f64x2.mul(v128.load64_splat(pa, 16), b))
    c3 = f64x2.add(c3, f64x2.mul(v128.load64_splat(pa, 24), b))
    pa += 32
    pb += 32
  }
  if (add) {
    c0 = f64x2.add(v128.load(o), c0)
    c1 = f64x2.add(v128.load(o + ldc), c1)
    c2 = f64x2.add(v128.load(o + 2 * ldc), c2)
    c3 = f64x2.add(v128.load(o + 3 * ldc), c3)
  }
  v128.store(o, c0)
  v128.store(o + ldc, c1)
  v128.store(o + 2 * ldc, c2)
  v128.store(o + 3 * ldc, c3)
}

/** An edge tile, where only the top-left h×w of the 4×4 tile lies inside C: compute it in `edge`, store or add that part. */
function edgeTile(pa: usize, pb: usize, kc: i32, o: usize, ldc: usize, h: i32, w: i32, edge: usize, add: bool): void {
  microKernel(pa, pb, kc, edge, <usize>NR << 3, false)
  for (let r = 0; r < h; r++) {
    for (let s = 0; s < w; s++) {
      const p = o + <usize>r * ldc + (<usize>s << 3)
      const v = load<f64>(edge + (<usize>(r * NR + s) << 3))
      store<f64>(p, add ? load<f64>(p) + v : v)
    }
  }
}
