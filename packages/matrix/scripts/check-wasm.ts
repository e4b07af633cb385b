/**
 * CI guard: rebuild both builds of the WebAssembly kernel from asm/ (plain SIMD and FMA, see
 * build-wasm.ts) into a temporary file and fail when it differs from the committed
 * src/kernels/_matmul-wasm-module.ts (either binary drifted from its source).
 *
 *   pnpm --filter @dlfs/matrix check:wasm
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildWasmModule, MODULE_PATH } from './build-wasm.js'

const fresh = await buildWasmModule()
const tmp = join(mkdtempSync(join(tmpdir(), 'dlfs-wasm-')), '_matmul-wasm-module.ts')
writeFileSync(tmp, fresh)
const committed = readFileSync(new URL(`../${MODULE_PATH}`, import.meta.url), 'utf8')
if (committed !== fresh) {
  // process.stderr, not console.error: the assemblyscript typings declare their own `console`.
  process.stderr.write(`${MODULE_PATH} is out of date with asm/: the rebuild (${tmp}) differs.\n`)
  process.stderr.write('Run `pnpm --filter @dlfs/matrix build:wasm` and commit the result.\n')
  process.exit(1)
}
console.log(`${MODULE_PATH} matches a fresh build of asm/ (both builds: SIMD and FMA)`)
