// Operands and checks shared by the wasm matmul's tests (src/kernels/matmul.wasm*.test.ts): views
// in every storage the kernel reads, agreement with the reference, and the builds this process runs.
import type { NDArray } from '../src/ndarray.js'
import { matmulWasm, pickWasmBuild, type WasmBuild } from '../src/kernels/matmul.wasm.js'
import { LAYOUTS, dim, expectMatchesReference, matrix, operandsArb, smallDim, values, type Layout } from './matmul-operands.js'

export { LAYOUTS, dim, matrix, operandsArb, smallDim, values, type Layout }

/** wasm equals the reference (test/matmul-operands.ts), through matmulWasm. */
export const expectAgreement = (a: NDArray, b: NDArray): void => expectMatchesReference('wasm', matmulWasm, a, b)

/** The WebAssembly API, declared here: the package builds with lib ES2022 alone, which lacks it. */
export const wasmApi = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean; Module: unknown; Instance: unknown; Memory: unknown } }).WebAssembly
/** A base64 module's bytes. */
export const decode = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'))
/** True when this runtime validates `build` (pickWasmBuild over it alone). */
export const validates = (build: WasmBuild) => pickWasmBuild((bytes) => wasmApi.validate(bytes), [build]) !== null
/**
 * The builds this process tests: each that it validates ('wasm' on Node 20; 'wasm-fma' too with
 * --experimental-wasm-relaxed-simd, or on Node ≥ 22), or of those only the ones DLFS_WASM_BUILDS
 * names (vitest.config.ts: its relaxed-SIMD project tests 'wasm-fma' alone).
 */
export const requested = process.env.DLFS_WASM_BUILDS?.split(',') as WasmBuild[] | undefined
export const buildsHere = (requested ?? (['wasm-fma', 'wasm'] as const)).filter(validates)
