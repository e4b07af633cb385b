import { NDArray } from '../ndarray.js'
import { matmulFast } from './matmul.fast.js'
import { MATMUL_WASM_BASE64 } from './_matmul-wasm-module.js'

/*
 * The WebAssembly SIMD matmul (source: asm/matmul.ts), behind the same contract as `matmulFast`.
 *
 * Each call copies A and B into the module's linear memory, runs the kernel, and copies C out:
 *
 *   [static data | pack scratch | A | B | C]      (16-byte aligned regions)
 *
 * Copying in is one `Float64Array.set` per operand whenever the view's elements lie in a dense
 * span of its buffer (C order, a transposed view `x.T`, a row slice): the span is copied as it is
 * and the kernel reads it through the view's strides. Other views (sparse slices) are gathered
 * into C order first. The memory is sized once for the largest product seen and reused, as is
 * the Float64Array over it. NOTE: a larger memory is a new `WebAssembly.Memory` and a new
 * instance of the (already compiled) module, never `memory.grow`: growing detaches the old
 * ArrayBuffer, and the first detach in a process makes V8 check for detached buffers on every
 * typed-array access from then on, slowing every JS kernel (see bench/matmul.bench.ts).
 *
 * Where the time of one call goes (bench/_wasm-kernel.ts --parts: CPU time, 2 loaded cores):
 *
 *   x·W1      100×784·784×50   411 µs = kernel 371 + copy in 21 + copy out 3
 *   x.T·dout  784×100·100×50   405 µs = kernel 368 + copy in 15 + copy out 16–45
 *   h·W2      100×50·50×10     8.0 µs = kernel 5.5 + copy in 1.1 + copy out 1.0
 *
 * Copying out is mostly allocating the result: a fresh Float64Array costs about 1 µs at 8 KB,
 * and from ~128 KB (x.T·dout's 313 KB) up it often comes from memory that glibc's malloc had
 * handed back to the system, so its first touch page-faults (~40 µs). The kernel fills the
 * result in WebAssembly memory, which is reused, and `slice` copies it once; filling a fresh
 * array in place would not save the allocation. The copies in are one memcpy per operand.
 *
 * Results: float64, equal to `matmulReference` up to rounding (the kernel sums each k block in a
 * register before adding it to C): within 1e-12 of Σ_k |A[i,k]·B[k,j]|, relative.
 *
 * Without WebAssembly, or where it lacks SIMD (`WebAssembly.validate` rejects the module), every
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
  matmul(a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, M: number, N: number, K: number, pack: number): void
}
interface Kernel {
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
const MAX_BYTES = 2 ** 31 - PAGE // the kernel computes offsets in i32: stay below 2 GiB
/** undefined: not loaded yet; null: unavailable (no WebAssembly or no SIMD), use the JS kernel. */
let kernel: Kernel | null | undefined
let disabled = false

/** Load the module on first use (synchronous: it is 2 KB). Null when WebAssembly SIMD is unavailable. */
function load(): Kernel | null {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
    const bytes = decodeBase64(MATMUL_WASM_BASE64)
    if (wasm === undefined || !wasm.validate(bytes)) return null
    const k: Kernel = { wasm, module: new wasm.Module(bytes), exports: {} as KernelExports, f64: new Float64Array(0), pack: 0, operands: 0 }
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
export function wasmMatmulAvailable(): boolean {
  if (kernel === undefined) kernel = load()
  return kernel !== null && !disabled
}

/** Test hook: `true` makes `matmulWasm` take the JS fallback, as on a runtime without WebAssembly SIMD. */
export function disableWasmMatmulForTesting(on: boolean): void {
  disabled = on
}

/** Test hook: bytes of WebAssembly memory reserved so far (0 before the first product). */
export function wasmMatmulMemoryBytesForTesting(): number {
  return kernel ? kernel.f64.byteLength : 0
}

/** WebAssembly SIMD 2-D matmul, any strides and offset: a (M,K) · b (K,N) → new C-contiguous (M,N). Shapes are checked by the caller. */
export function matmulWasm(a: NDArray, b: NDArray): NDArray {
  if (!wasmMatmulAvailable()) return matmulFast(a, b)
  const k = kernel!
  const M = a.shape[0]!
  const K = a.shape[1]!
  const N = b.shape[1]!
  if (M === 0 || N === 0 || K === 0) return new NDArray(new Float64Array(M * N), [M, N])
  // Regions after the pack scratch, in bytes; a dense operand is copied as its span, others gathered.
  const aSpan = denseSpan(a), bSpan = denseSpan(b)
  const aAt = k.operands
  const bAt = aAt + align16((aSpan || a.size) * 8)
  const cAt = bAt + align16((bSpan || b.size) * 8)
  const end = cAt + M * N * 8
  if (end > MAX_BYTES) return matmulFast(a, b) // beyond the kernel's 32-bit offsets
  if (end > k.f64.byteLength && !reserve(k, end)) return matmulFast(a, b) // out of memory: the JS kernel needs less
  const [rsA, csA] = copyIn(a, aSpan, k.f64, aAt / 8)
  const [rsB, csB] = copyIn(b, bSpan, k.f64, bAt / 8)
  k.exports.matmul(aAt, rsA, csA, bAt, rsB, csB, cAt, M, N, K, k.pack)
  return new NDArray(k.f64.slice(cAt / 8, cAt / 8 + M * N), [M, N])
}

/**
 * For a 2-D view x: the number of buffer elements from its first element to its last, when that
 * span is dense enough to copy as it is (non-negative strides, at most twice x.size); else 0.
 */
function denseSpan(x: NDArray): number {
  const s0 = x.strides[0]!, s1 = x.strides[1]!
  const span = (x.shape[0]! - 1) * s0 + (x.shape[1]! - 1) * s1 + 1
  return s0 >= 0 && s1 >= 0 && span <= 2 * x.size ? span : 0
}

/** Copy x to f64[at…]: its dense span as it is, or gathered in C order; returns the strides the kernel reads it with. */
function copyIn(x: NDArray, span: number, f64: Float64Array, at: number): [number, number] {
  const s0 = x.strides[0]!, s1 = x.strides[1]!
  if (span > 0) {
    f64.set(x.data.subarray(x.offset, x.offset + span), at)
    return [s0, s1]
  }
  const rows = x.shape[0]!, cols = x.shape[1]!
  for (let i = 0; i < rows; i++) {
    const src = x.offset + i * s0
    const dst = at + i * cols
    for (let j = 0; j < cols; j++) f64[dst + j] = x.data[src + j * s1]!
  }
  return [cols, 1]
}

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16
}

/** Base64 → bytes without atob or Buffer, so it runs anywhere. */
function decodeBase64(text: string): Uint8Array {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const clean = text.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0, value = 0, n = 0
  for (const ch of clean) {
    value = (value << 6) | ALPHABET.indexOf(ch)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[n++] = (value >> bits) & 0xff
    }
  }
  return out
}
