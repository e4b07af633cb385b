/**
 * Scratch: how long the first products take in a fresh process, while V8 still runs the kernel's
 * Liftoff (baseline) code, before dynamic tiering swaps in TurboFan's. x·W1 100×784·784×50.
 *
 *   tsx --conditions=@dlfs/source bench/_wasm-tierup.ts
 */
import { NDArray } from '../src/ndarray.js'
import { dot } from '../src/ops/dot.js'

const fill = (n: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i))
const x = new NDArray(fill(100 * 784), [100, 784])
const W = new NDArray(fill(784 * 50), [784, 50])
const times: string[] = []
for (let call = 0; call < 12; call++) {
  const t0 = performance.now()
  dot(x, W)
  times.push((performance.now() - t0).toFixed(2))
}
console.log(`x·W1, ms per call from the first: ${times.join(' ')}`)
