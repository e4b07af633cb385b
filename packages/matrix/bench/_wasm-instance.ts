/**
 * A build of the kernel (asm/) over its own 64 MiB memory, called as matmulWasm called it before streaming
 * (dense spans only): for the scratch harnesses (_wasm-kernel.ts, _wasm-conv.ts), to time a build or a part
 * of a call ('kernel', 'copyIn', 'copyOut'; 'all' returns a number, 'check' the product).
 */
import { NDArray } from '../src/ndarray.js'

interface Exports {
  heapBase(): number
  packBytes(): number
  /** `accumulate` (C += A·B) is 0 here; builds from before it existed ignore the extra argument. */
  matmul(a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, M: number, N: number, K: number, pack: number, accumulate: number): void
}

/** The WebAssembly JS API, declared here as in matmul.wasm.ts (the package builds with lib ES2022 only). */
const WASM = (globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object
    Instance: new (module: object, imports: object) => { exports: unknown }
    Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer }
  }
}).WebAssembly

/** A build of the kernel over its own 64 MiB memory, called as matmulWasm calls it (dense spans only). */
export function kernelInstance(bytes: Uint8Array) {
  const memory = new WASM.Memory({ initial: 1024 })
  const ex = new WASM.Instance(new WASM.Module(bytes), { env: { memory } }).exports as Exports
  const f64 = new Float64Array(memory.buffer)
  const align = (n: number) => Math.ceil(n / 16) * 16
  const pack = align(ex.heapBase())
  const base = pack + align(ex.packBytes())
  return (a: NDArray, b: NDArray, part: 'all' | 'kernel' | 'copyIn' | 'copyOut' | 'check'): NDArray | number => {
    const M = a.shape[0]!, K = a.shape[1]!, N = b.shape[1]!
    const aSpan = (M - 1) * a.strides[0]! + (K - 1) * a.strides[1]! + 1
    const bSpan = (K - 1) * b.strides[0]! + (N - 1) * b.strides[1]! + 1
    const aAt = base, bAt = aAt + align(aSpan * 8), cAt = bAt + align(bSpan * 8)
    if (part === 'all' || part === 'check' || part === 'copyIn') {
      f64.set(a.data.subarray(a.offset, a.offset + aSpan), aAt / 8)
      f64.set(b.data.subarray(b.offset, b.offset + bSpan), bAt / 8)
    }
    if (part === 'all' || part === 'check' || part === 'kernel') ex.matmul(aAt, a.strides[0]!, a.strides[1]!, bAt, b.strides[0]!, b.strides[1]!, cAt, M, N, K, pack, 0)
    if (part === 'check') return new NDArray(f64.slice(cAt / 8, cAt / 8 + M * N), [M, N])
    if (part === 'all' || part === 'copyOut') return new NDArray(f64.slice(cAt / 8, cAt / 8 + M * N), [M, N]).data[0]!
    return f64[cAt / 8]!
  }
}

