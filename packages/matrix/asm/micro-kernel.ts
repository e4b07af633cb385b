// The micro-kernels of asm/matmul.ts: one MR×NR tile of C over a k block (see its header comment).

export const MR: i32 = 4 // rows of C per micro-tile
export const NR: i32 = 4 // columns of C per micro-tile (2 f64x2 vectors)

/**
 * c + x·y, lane by lane: the step of every micro-kernel. Built twice (scripts/build-wasm.ts): with
 * `--enable relaxed-simd`, one `f64x2.relaxed_madd`, a fused multiply-add where the CPU has one
 * (rounded once; V8 falls back to a multiply and an add on a CPU without FMA); without it, a
 * multiply and an add (rounded twice), which every WebAssembly SIMD runtime runs.
 * ASC_FEATURE_RELAXED_SIMD is a compile-time constant, so each build holds one branch only.
 */
// @ts-ignore: decorator
@inline function madd(c: v128, x: v128, y: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(x, y, c)
  return f64x2.add(c, f64x2.mul(x, y))
}

/**
 * C[o…] (+)= A[4 rows, kc] · B[kc, 4 columns]: one 4×4 tile of C (row pitch ldc bytes); `add`
 * adds to C (later k blocks), else stores (the first). A[i0+r, k] is at pa + r·rowBytes +
 * k·aStep: with `rows` false, rowBytes must be 8 (a packed panel, or a transposed A) and the 4
 * loads share one pointer; with `rows` true, aStep must be 8 (A in C order) and 4 pointers
 * rowBytes apart advance together. B[k, j0+s] is at pb + k·bStep + 8s. cRV holds C[row R,
 * columns 2V and 2V+1]. `rows` is a constant at every call, so the other branch compiles away.
 */
// @ts-ignore: decorator
@inline export function microKernel(pa: usize, aStep: usize, rowBytes: usize, rows: bool, pb: usize, bStep: usize, kc: i32, o: usize, ldc: usize, add: bool): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0)
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0)
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0)
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0)
  let p1 = pa + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes // used when `rows`
  const end = pa + <usize>kc * aStep // kc ≥ 1
  do {
    const b0 = v128.load(pb) // B[k, j0..j0+1]
    const b1 = v128.load(pb, 16) // B[k, j0+2..j0+3]
    let x = v128.load64_splat(pa) // A[i0, k] in both lanes
    c00 = madd(c00, x, b0)
    c01 = madd(c01, x, b1)
    x = rows ? v128.load64_splat(p1) : v128.load64_splat(pa, 8)
    c10 = madd(c10, x, b0)
    c11 = madd(c11, x, b1)
    x = rows ? v128.load64_splat(p2) : v128.load64_splat(pa, 16)
    c20 = madd(c20, x, b0)
    c21 = madd(c21, x, b1)
    x = rows ? v128.load64_splat(p3) : v128.load64_splat(pa, 24)
    c30 = madd(c30, x, b0)
    c31 = madd(c31, x, b1)
    pa += aStep
    if (rows) (p1 += 8), (p2 += 8), (p3 += 8)
    pb += bStep
  } while (pa != end)
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
@inline export function microKernel4x2(pa: usize, aStep: usize, rowBytes: usize, rows: bool, pb: usize, bStep: usize, kc: i32, o: usize, ldc: usize, add: bool): void {
  let c0 = f64x2.splat(0), c1 = f64x2.splat(0), c2 = f64x2.splat(0), c3 = f64x2.splat(0)
  let p1 = pa + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes // used when `rows`
  const end = pa + <usize>kc * aStep
  do {
    const b = v128.load(pb) // B[k, j0..j0+1]
    c0 = madd(c0, v128.load64_splat(pa), b)
    c1 = madd(c1, rows ? v128.load64_splat(p1) : v128.load64_splat(pa, 8), b)
    c2 = madd(c2, rows ? v128.load64_splat(p2) : v128.load64_splat(pa, 16), b)
    c3 = madd(c3, rows ? v128.load64_splat(p3) : v128.load64_splat(pa, 24), b)
    pa += aStep
    if (rows) (p1 += 8), (p2 += 8), (p3 += 8)
    pb += bStep
  } while (pa != end)
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

/**
 * An edge tile, where only the top-left h×w of the 4×4 tile lies inside C: compute it in `edge`,
 * store or add that part. Up to 2 columns go through the 4×2 kernel, which reads only 2 columns
 * of B, so a B read where it lies (2 columns left in its rows) is never read past its end.
 */
export function edgeTile(pa: usize, aStep: usize, rowBytes: usize, rows: bool, pb: usize, bStep: usize, kc: i32, o: usize, ldc: usize, h: i32, w: i32, edge: usize, add: bool): void {
  const pitch = <usize>NR << 3
  if (w <= 2) {
    if (rows) microKernel4x2(pa, aStep, rowBytes, true, pb, bStep, kc, edge, pitch, false)
    else microKernel4x2(pa, aStep, rowBytes, false, pb, bStep, kc, edge, pitch, false)
  } else if (rows) microKernel(pa, aStep, rowBytes, true, pb, bStep, kc, edge, pitch, false)
  else microKernel(pa, aStep, rowBytes, false, pb, bStep, kc, edge, pitch, false)
  for (let r = 0; r < h; r++) {
    for (let s = 0; s < w; s++) {
      const p = o + <usize>r * ldc + (<usize>s << 3)
      const v = load<f64>(edge + (<usize>(r * NR + s) << 3))
      store<f64>(p, add ? load<f64>(p) + v : v)
    }
  }
}
