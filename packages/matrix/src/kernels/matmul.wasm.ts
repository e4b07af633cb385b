import { NDArray } from '../ndarray.js'
import { matmulFast } from './matmul.fast.js'
import { MATMUL_WASM_BASE64, MATMUL_WASM_FMA_BASE64 } from './_matmul-wasm-module.js'

/*
 * The WebAssembly SIMD matmul (source: asm/matmul.ts), behind the same contract as `matmulFast`.
 *
 * Each call copies A and B into the module's linear memory, runs the kernel, and copies C out:
 *
 *   [static data | pack scratch | A block | B block | C block]      (16-byte aligned regions)
 *
 * A block is copied with one `Float64Array.set` when its elements lie in a dense span of the
 * buffer (C order, a transposed view `x.T`, a row slice): the span as it is, which the kernel
 * reads through the view's strides. Other views (sparse slices, reversed) are gathered into C order.
 *
 * Streaming. Small products (the MNIST ones) go in one block, as A, B and C fit in L2. The
 * Convolution layer's (book §7.4.3) are far larger than L2: col is (57600, 25) for SimpleConvNet,
 * 11.5 MB. Copying all of A in, then packing it, writing all of C and copying it out would make
 * four passes through main memory. So two shapes are cut into blocks of about BLOCK_BYTES:
 *
 *   tall  (col·colW, d·colW.T: large M)   B once; then for each block of rows of A: copy it in, run
 *                                          the kernel, copy its rows of C straight into the result
 *   deep  (col.T·d: C small, K large)     for each block of k: copy those columns of A and rows of
 *                                          B in, run the kernel adding into C (accumulate), which
 *                                          stays in memory until the end
 *
 * Only operands whose blocks are dense spans are streamed (C order rows, `x.T` columns); others
 * go in one block as before. A block of rows is a multiple of the kernel's MC and a block of k one
 * of its KC, so the kernel's own blocking inside is unchanged; the blocks were measured 3% apart
 * from 256 KiB to 1.5 MiB here, and 512 KiB also fits a smaller L2. Per block: a `subarray` view
 * of each source block and of C, and a pair of strides (small objects, no buffer). The memory is sized once for the
 * largest product (for a streamed one, its largest block) and reused, as is the Float64Array
 * over it. NOTE: a larger memory is a new `WebAssembly.Memory` and a new instance of the
 * (already compiled) module, never `memory.grow`: growing detaches the old ArrayBuffer, and the
 * first detach in a process makes V8 check for detached buffers on every typed-array access
 * from then on, slowing every JS kernel (see bench/matmul.bench.ts).
 *
 * Where the time of one call goes (node --cpu-prof and bench/_wasm-conv.ts: CPU time, 2 cores
 * under load average 4, numpy 2.4 on one thread beside it: 2.6–2.8, 3.5–4.0, 2.7–2.8 ms):
 *
 *   col·colW  57600×25·25×30     6.4–7.2 ms (was 7.4–10.1) = kernel 4.7 + result 1.8 + copy in 0.7
 *   col.T·d   25×57600·57600×30  6.5–7.1 ms (was 8.0–9.8) = kernel 4.0 + edge tiles 0.8
 *                                 + packing 0.9 + copy in 1.7 (25 MB read from memory)
 *   d·colW.T  57600×30·30×25     6.7–7.6 ms (was 7.9–9.7), as col·colW
 *   x·W1      100×784·784×50     0.40 ms, as before (one block)
 *
 * "Result" is allocating the fresh (M,N) Float64Array and copying each C block into it. NOTE: a
 * fresh array of megabytes often comes from memory that glibc's malloc had handed back to the
 * system, and then every 4 KiB page faults on its first touch: about 3,000 faults and 6 ms more
 * for col·colW's 13.8 MB, before and after streaming alike (12–15 ms in runs where it happens).
 * numpy asks for huge pages (madvise) and avoids it; for Node, GLIBC_TUNABLES=glibc.malloc.hugetlb=1
 * does the same (bench/_wasm-conv.ts prints the faults per call).
 *
 * Results: float64, equal to `matmulReference` up to rounding. C[i,j] sums k in order, in k
 * blocks of at most KC: each block in a register, then added to C (the first stored). A deep
 * product's calls start on multiples of KC and each cuts its k into equal blocks, so only where
 * the blocks end can differ from one call's. Within 1e-12 of Σ_k |A[i,k]·B[k,j]|, relative.
 *
 * Two builds of the same source (scripts/build-wasm.ts): 'wasm-fma' accumulates with relaxed
 * SIMD's fused multiply-add (rounded once, not twice, so within the same bound), 'wasm' with a
 * multiply and an add. At x·W1 a call ran at 22.2 GFLOP/s against 19.0 (Node 20 with the flag,
 * numpy 41; asm/matmul.ts has the other shapes). The first build that `WebAssembly.validate`
 * accepts runs: FMA in Node ≥ 22 and Chromium, and in Node 20 only with
 * --experimental-wasm-relaxed-simd. Where neither validates (no WebAssembly, or no SIMD), every
 * call goes to `matmulFast` instead, silently.
 */

/** The part of the WebAssembly JS API used here (declared locally: the package builds with lib ES2022 only). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer }
}
interface KernelExports {
  heapBase(): number
  packBytes(): number
  matmul(a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, M: number, N: number, K: number, pack: number, accumulate: number): void
}
interface Kernel {
  build: WasmBuild
  wasm: WasmApi
  module: object
  exports: KernelExports
  /** Float64 view of the whole memory; replaced with the memory. */
  f64: Float64Array
  /** Byte offset of the pack scratch; A, B and C follow it. */
  pack: number
  /** Byte offset where operand A starts. */
  operands: number
}

const PAGE = 65536 // bytes per WebAssembly memory page
const MC = 128 // rows of A the kernel packs at a time (asm/matmul.ts): tall blocks are a multiple of it
const KC = 256 // most k the kernel sums in registers before adding to C: deep blocks are a multiple of it
const BLOCK_BYTES = 512 * 1024 // a block of A and of C (tall) or of A and B (deep): half of L2
let blockBytes = BLOCK_BYTES // changed only by setWasmMatmulBlockBytesForTesting
const MAX_BYTES = 2 ** 31 - PAGE // the kernel computes offsets in i32: stay below 2 GiB
/** The kernel's builds, best first (see the header comment). */
const BUILDS = { 'wasm-fma': MATMUL_WASM_FMA_BASE64, wasm: MATMUL_WASM_BASE64 }
/** A build of the kernel: 'wasm-fma' (relaxed SIMD) or 'wasm' (SIMD). */
export type WasmBuild = keyof typeof BUILDS
/** undefined: not loaded yet; null: unavailable (no WebAssembly or no SIMD), use the JS kernel. */
let kernel: Kernel | null | undefined
let disabled = false

/**
 * The first of `builds` (best first) whose binary `validate` accepts, and that binary; null when
 * none does. `validate` is `WebAssembly.validate`, or a stand-in in the tests.
 */
export function pickWasmBuild(validate: (bytes: Uint8Array) => boolean, builds = Object.keys(BUILDS) as WasmBuild[]): { build: WasmBuild; bytes: Uint8Array } | null {
  // Base64 through `atob` (browsers, workers, Node ≥ 16), not Buffer, which is Node's alone.
  const { atob } = globalThis as unknown as { atob(data: string): string }
  const decoded = builds.map((build) => ({ build, bytes: Uint8Array.from(atob(BUILDS[build]), (ch) => ch.charCodeAt(0)) }))
  return decoded.find(({ bytes }) => validate(bytes)) ?? null
}

/** Load a build on first use (synchronous: about 5 KB each), the best of `builds` that validates. Null when none does. */
function load(builds?: WasmBuild[]): Kernel | null {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
    const picked = wasm && pickWasmBuild((bytes) => wasm.validate(bytes), builds)
    if (!wasm || !picked) return null
    const k: Kernel = { build: picked.build, wasm, module: new wasm.Module(picked.bytes), exports: {} as KernelExports, f64: new Float64Array(0), pack: 0, operands: 0 }
    instantiate(k, 0) // an empty memory, just to ask the module for its sizes
    k.pack = align16(k.exports.heapBase())
    k.operands = k.pack + align16(k.exports.packBytes())
    return k // the first product reserves the memory it needs
  } catch {
    return null
  }
}

/** A fresh instance over a new memory of at least `bytes` (the previous one is left to the GC). */
function instantiate(k: Kernel, bytes: number): void {
  const memory = new k.wasm.Memory({ initial: Math.ceil(bytes / PAGE) })
  k.exports = new k.wasm.Instance(k.module, { env: { memory } }).exports as KernelExports
  k.f64 = new Float64Array(memory.buffer)
}

/** Make room for `bytes`: half again as much as asked, so a run of growing products re-instantiates rarely. */
function reserve(k: Kernel, bytes: number): boolean {
  try {
    instantiate(k, Math.min(MAX_BYTES, Math.ceil(bytes * 1.5)))
    return true
  } catch {
    return false
  }
}

/** True when matmul runs in WebAssembly (loads the module on first call). */
export const wasmMatmulAvailable = (): boolean => wasmMatmulBuild() !== null

/** The build matmul runs in, or null when it runs in JavaScript (loads the module on first call). */
export function wasmMatmulBuild(): WasmBuild | null {
  if (kernel === undefined) kernel = load()
  return kernel && !disabled ? kernel.build : null
}

/** Test hook: load the best of `builds` that validates here, instead of the best of all; returns it (null: none). */
export const loadWasmMatmulForTesting = (builds?: WasmBuild[]): WasmBuild | null => (kernel = load(builds))?.build ?? null

/** Test hook: `true` makes `matmulWasm` take the JS fallback, as on a runtime without WebAssembly SIMD. */
export const disableWasmMatmulForTesting = (on: boolean): void => void (disabled = on)

/** Test hook: bytes of WebAssembly memory reserved so far (0 before the first product). */
export const wasmMatmulMemoryBytesForTesting = (): number => (kernel ? kernel.f64.byteLength : 0)

/** Test hook: blocks of `bytes` instead of 512 KiB, so small products cross block edges; no argument restores the default. */
export const setWasmMatmulBlockBytesForTesting = (bytes = BLOCK_BYTES): void => void (blockBytes = bytes)

/** Test hook: how matmulWasm cuts a (M,K)·(K,N) product: rows of A and C per block, and k per block. */
export function wasmMatmulBlocksForTesting(a: NDArray, b: NDArray): { rows: number; depth: number } {
  const depth = blockDepth(a, b)
  return { rows: depth < a.shape[1]! ? a.shape[0]! : blockRows(a, b.shape[1]!), depth }
}

/** WebAssembly SIMD 2-D matmul, any strides and offset: a (M,K) · b (K,N) → new C-contiguous (M,N). Shapes are checked by the caller. */
export function matmulWasm(a: NDArray, b: NDArray): NDArray {
  if (!wasmMatmulAvailable()) return matmulFast(a, b)
  const k = kernel!
  const M = a.shape[0]!, K = a.shape[1]!, N = b.shape[1]!
  if (M === 0 || N === 0 || K === 0) return new NDArray(new Float64Array(M * N), [M, N])
  const depth = blockDepth(a, b)
  const rows = depth < K ? M : blockRows(a, N) // at most one of the two is cut
  // Regions after the pack scratch, in bytes, each sized for its largest block.
  const aAt = k.operands
  const bAt = aAt + align16(regionOf(a, rows, depth) * 8)
  const cAt = bAt + align16(regionOf(b, depth, N) * 8)
  const end = cAt + rows * N * 8
  if (end > MAX_BYTES) return matmulFast(a, b) // beyond the kernel's 32-bit offsets
  if (end > k.f64.byteLength && !reserve(k, end)) return matmulFast(a, b) // out of memory: the JS kernel needs less
  const f64 = k.f64
  // Tall: each block of C goes straight into the result. Deep or one block: C stays in memory,
  // each k block added to it (accumulate), and is copied out at the end.
  const out = rows < M ? new Float64Array(M * N) : null
  const c = cAt / 8
  for (let k0 = 0; k0 < K; k0 += depth) {
    const kb = Math.min(depth, K - k0)
    const [rsB, csB] = place(b, k0, kb, 0, N, f64, bAt)
    for (let i0 = 0; i0 < M; i0 += rows) {
      const mb = Math.min(rows, M - i0)
      const [rsA, csA] = place(a, i0, mb, k0, kb, f64, aAt)
      k.exports.matmul(aAt, rsA, csA, bAt, rsB, csB, cAt, mb, N, kb, k.pack, k0 > 0 ? 1 : 0)
      if (out) out.set(f64.subarray(c, c + mb * N), i0 * N)
    }
  }
  return new NDArray(out ?? f64.slice(c, c + M * N), [M, N])
}

/**
 * k per block of a deep product (C small, A and B long along k, as dW = col.T · d): a multiple
 * of KC such that a block of A and one of B fill the block size. K (one block) for other
 * products, and when the k blocks of A or B are not dense spans of their buffers.
 */
function blockDepth(a: NDArray, b: NDArray): number {
  const M = a.shape[0]!, K = a.shape[1]!, N = b.shape[1]!
  if (M * N * 8 > blockBytes / 4 || (M + N) * K * 8 <= 2 * blockBytes) return K
  const depth = Math.min(K, Math.max(KC, Math.floor(blockBytes / ((M + N) * 8) / KC) * KC))
  return spanOf(a, M, depth) > 0 && spanOf(b, depth, N) > 0 ? depth : K
}

/**
 * Rows of A and C per block of a tall product (col · colW): a multiple of MC such that a block
 * of A and its block of C fill the block size. M (one block) when all of A and C fit in twice
 * that, and when A's row blocks are not dense spans of its buffer.
 */
function blockRows(a: NDArray, N: number): number {
  const M = a.shape[0]!, K = a.shape[1]!
  if (M * (K + N) * 8 <= 2 * blockBytes) return M
  const rows = Math.min(M, Math.max(MC, Math.floor(blockBytes / ((K + N) * 8) / MC) * MC))
  return spanOf(a, rows, K) > 0 ? rows : M
}

/**
 * For a rows×cols block of the 2-D view x: the buffer elements from its first element to its
 * last, when that span is dense enough to copy as it is (non-negative strides, at most twice the
 * block's size); else 0. With non-negative strides a smaller block's span is never longer.
 */
function spanOf(x: NDArray, rows: number, cols: number): number {
  const s0 = x.strides[0]!, s1 = x.strides[1]!
  const span = (rows - 1) * s0 + (cols - 1) * s1 + 1
  return s0 >= 0 && s1 >= 0 && span <= 2 * rows * cols ? span : 0
}

/** Elements of memory a block of rows×cols of x, or any smaller one, takes: its span, or its size when gathered. */
function regionOf(x: NDArray, rows: number, cols: number): number {
  return Math.max(spanOf(x, rows, cols), rows * cols)
}

/**
 * Copy x[r0:r0+rows, c0:c0+cols] to memory at byte `at`: its dense span as it is, or else gathered in
 * C order (a sparse or reversed view). Returns the strides (elements) the kernel reads it with.
 */
function place(x: NDArray, r0: number, rows: number, c0: number, cols: number, f64: Float64Array, at: number): [number, number] {
  const s0 = x.strides[0]!, s1 = x.strides[1]!
  const first = x.offset + r0 * s0 + c0 * s1
  const span = spanOf(x, rows, cols)
  if (span > 0) {
    f64.set(x.data.subarray(first, first + span), at / 8)
    return [s0, s1]
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) f64[at / 8 + i * cols + j] = x.data[first + i * s0 + j * s1]!
  }
  return [cols, 1]
}

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16
