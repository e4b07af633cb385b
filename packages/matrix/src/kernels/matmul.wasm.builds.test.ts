import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadWasmMatmulForTesting, pickWasmBuild, wasmMatmulAvailable, wasmMatmulBuild } from './matmul.wasm.js'
import { MATMUL_WASM_BASE64, MATMUL_WASM_FMA_BASE64 } from './_matmul-wasm-module.js'
import * as fast from './matmul.fast.js'
import { buildsHere, decode, expectAgreement, matrix, requested, values, wasmApi } from '../../test/wasm-matmul.js'

// Which of the two builds of the kernel (scripts/build-wasm.ts) runs where; matmul.wasm.test.ts
// tests each build that runs here against the reference.

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  loadWasmMatmulForTesting() // the best build again, after a test loaded another or none
})

describe('3.3-dot: which build of the wasm matmul runs', () => {
  it('picks the first build that validates: the FMA one, else the plain one, else none', () => {
    const offered: Uint8Array[] = []
    const pick = (accept: (i: number) => boolean) => {
      offered.length = 0
      return pickWasmBuild((bytes) => accept(offered.push(bytes) - 1))
    }
    expect(pick(() => true)).toEqual({ build: 'wasm-fma', bytes: decode(MATMUL_WASM_FMA_BASE64) })
    expect(pick((i) => i > 0)).toEqual({ build: 'wasm', bytes: decode(MATMUL_WASM_BASE64) }) // no relaxed SIMD
    expect(offered).toEqual([decode(MATMUL_WASM_FMA_BASE64), decode(MATMUL_WASM_BASE64)])
    expect(pick(() => false)).toBeNull() // no SIMD
    expect(pickWasmBuild(() => true, ['wasm'])?.build).toBe('wasm')
  })

  it('loads the FMA build exactly where this runtime validates relaxed SIMD', () => {
    const expected = wasmApi.validate(decode(MATMUL_WASM_FMA_BASE64)) ? 'wasm-fma' : 'wasm'
    expect(loadWasmMatmulForTesting()).toBe(expected)
    expect(wasmMatmulBuild()).toBe(expected)
    expect(wasmApi.validate(decode(MATMUL_WASM_BASE64))).toBe(true) // SIMD: Node ≥ 16
  })

  it('tests every build it is asked for: a project that asks for the FMA build runs with relaxed SIMD', () => {
    expect(buildsHere).toEqual(requested ?? buildsHere)
    expect(buildsHere).toContain(requested?.[0] ?? 'wasm')
  })

  it('falls back to the JS kernel, silently, where WebAssembly validates neither build', () => {
    const { Module, Instance, Memory } = wasmApi
    vi.stubGlobal('WebAssembly', { validate: () => false, Module, Instance, Memory })
    expect(loadWasmMatmulForTesting()).toBeNull()
    expect(wasmMatmulAvailable()).toBe(false)
    const toFast = vi.spyOn(fast, 'matmulFast')
    expectAgreement(matrix(values(7 * 9, 1), 7, 9, 'contiguous'), matrix(values(9 * 5, 2), 9, 5, 'transposed'))
    expect(toFast).toHaveBeenCalledTimes(1)
    vi.stubGlobal('WebAssembly', undefined)
    expect(loadWasmMatmulForTesting()).toBeNull()
  })
})
