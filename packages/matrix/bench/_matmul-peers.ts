import { CASES, operands, timeIt } from './_matmul-cases.js'

/** What a JS peer process prints: seconds per case, in CASES order, and how it ran. */
export interface PeerResult {
  seconds: number[]
  /** tfjs only: the form timed for each case ('flag': matMul's transposeA; 'transpose': tf.transpose then matMul). */
  forms?: string[]
  info?: { version: string; simd?: boolean; threads?: number }
}

/**
 * tfjs-core on its CPU or WebAssembly backend, float32; `dataSync` waits for the product. For x.T·dout both
 * forms are timed and the faster kept: matMul with transposeA (no copy; what tfjs's MatMul gradient runs) and
 * tf.transpose then matMul. NOTE: tfjs-backend-wasm 4.22 runs transposeA in a plain loop, not XNNPACK, so the
 * explicit transpose wins there by about 10×; on the CPU backend the flag wins.
 */
export async function timeTfjs(backend: 'cpu' | 'wasm'): Promise<PeerResult> {
  const tf = await import('@tensorflow/tfjs-core')
  // In Node the wasm backend reads dist/tfjs-backend-wasm-simd.wasm (or the plain one when SIMD is missing)
  // beside its own script: no setWasmPaths, no network. Its threaded build is never picked in Node.
  const wasm = backend === 'wasm' ? await import('@tensorflow/tfjs-backend-wasm') : null
  if (wasm === null) await import('@tensorflow/tfjs-backend-cpu')
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend '${backend}' failed to initialise`)
  await tf.ready()
  const forms: string[] = []
  const seconds = CASES.map((c) => {
    const { aData, bData } = operands(c)
    const a = tf.tensor2d(Float32Array.from(aData), c.transposedA ? [c.K, c.M] : [c.M, c.K])
    const b = tf.tensor2d(Float32Array.from(bData), [c.K, c.N])
    const time = (product: () => InstanceType<typeof tf.Tensor>) => timeIt(() => {
      const y = product()
      const v = y.dataSync()[0]!
      y.dispose()
      return v
    })
    const flag = time(() => tf.matMul(a, b, c.transposedA, false))
    const viaTranspose = c.transposedA ? time(() => tf.tidy(() => tf.matMul(tf.transpose(a), b))) : Infinity
    forms.push(!c.transposedA ? 'plain' : flag <= viaTranspose ? 'flag' : 'transpose')
    tf.dispose([a, b])
    return Math.min(flag, viaTranspose)
  })
  if (wasm === null) return { seconds, forms, info: { version: tf.version_core } }
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean
  const threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) ? wasm.getThreadsCount() : 1
  return { seconds, forms, info: { version: wasm.version_wasm, simd, threads } }
}

/** ml-matrix, float64; it has no views, so the transposed case times `x.transpose().mmul(dout)`. */
export async function timeMlMatrix(): Promise<PeerResult> {
  const { Matrix } = await import('ml-matrix')
  const rows = (data: Float64Array, r: number, k: number) =>
    new Matrix(Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * k, (i + 1) * k))))
  const seconds = CASES.map((c) => {
    const { aData, bData } = operands(c)
    const b = rows(bData, c.K, c.N)
    if (c.transposedA) {
      const x = rows(aData, c.K, c.M)
      return timeIt(() => x.transpose().mmul(b).get(0, 0))
    }
    const a = rows(aData, c.M, c.K)
    return timeIt(() => a.mmul(b).get(0, 0))
  })
  return { seconds }
}
