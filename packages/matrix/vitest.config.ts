import { defineConfig } from 'vitest/config'
import shared from '../../vitest.shared.ts'
import { MATMUL_WASM_FMA_BASE64 } from './src/kernels/_matmul-wasm-module.ts'

// The shared config, plus a second project where this Node does not run relaxed SIMD (Node 20:
// V8 11.3 has it behind a flag; Node ≥ 22 and Chromium run it by default). That project runs the
// wasm matmul's tests (matmul.wasm*.test.ts) again in worker processes started with the flag, on
// the FMA build only (DLFS_WASM_BUILDS), so both builds of the kernel are tested here.
const relaxedSimd = WebAssembly.validate(Buffer.from(MATMUL_WASM_FMA_BASE64, 'base64'))

// Each project sets its own `include`: with `extends: true` it would be added to the shared one.
const project = (test: object) => ({ ssr: shared.ssr, test })

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    projects: [
      project({ name: 'matrix', include: shared.test?.include }),
      ...(relaxedSimd
        ? []
        : [project({
            name: 'matrix (relaxed SIMD)',
            include: ['src/kernels/matmul.wasm*.test.ts'],
            pool: 'forks', // V8 flags reach a child process, not a worker thread
            execArgv: ['--experimental-wasm-relaxed-simd'],
            env: { DLFS_WASM_BUILDS: 'wasm-fma' },
          })]),
    ],
  },
})
