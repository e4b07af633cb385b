import * as tf from '@tensorflow/tfjs-core'
import type { StepCase } from './_dlfs-steps.js'
import { medianStepMs } from './_median-step-ms.js'
import { checkConv2dFilterGrad, conv2dFilterGrad } from './_tfjs-conv-filter-grad.js'

/** A net's parameters or gradients by the book's keys (W1, b1, …). */
type Params = Record<string, tf.Variable>
type Grads = Record<string, tf.Tensor>

/** The TF.js backends the bench compares: the plain-JS CPU one and the WebAssembly (XNNPACK) one. */
export type TfjsBackend = 'cpu' | 'wasm'

/** What a TF.js peer reports: ms per case, plus the versions and, for wasm, the features it runs with. */
export type TfjsTimes = { version: string; backend: string; simd?: boolean; threads?: number } & Partial<Record<StepCase, number>>

/** W ~ N(0, 0.01²), b = 0, as the book initialises; float32, seeded. */
function weight(shape: number[], seed: number): tf.Variable {
  return tf.variable(tf.randomNormal(shape, 0, 0.01, 'float32', seed))
}
function bias(n: number): tf.Variable {
  return tf.variable(tf.zeros([n]))
}

/** The book's SGD with tf ops: W −= lr·g, in place (Variable.assign). */
function sgd(params: Params, lr: number): (grads: Grads) => void {
  return (grads) => {
    for (const [key, g] of Object.entries(grads)) params[key]!.assign(tf.sub(params[key]!, tf.mul(g, lr)))
  }
}

/** The book's Adam with tf ops (BOOK.md: lr_t folds in bias correction; eps 1e-7 on the uncorrected √v). */
function adam(params: Params, lr: number, beta1 = 0.9, beta2 = 0.999): (grads: Grads) => void {
  const m: Params = {}
  const v: Params = {}
  for (const [key, p] of Object.entries(params)) {
    m[key] = tf.variable(tf.zerosLike(p), false)
    v[key] = tf.variable(tf.zerosLike(p), false)
  }
  let iter = 0
  return (grads) => {
    iter++
    const lrT = (lr * Math.sqrt(1 - beta2 ** iter)) / (1 - beta1 ** iter)
    for (const [key, g] of Object.entries(grads)) {
      const mk = m[key]!
      const vk = v[key]!
      mk.assign(tf.add(mk, tf.mul(tf.sub(g, mk), 1 - beta1)))
      vk.assign(tf.add(vk, tf.mul(tf.sub(tf.square(g), vk), 1 - beta2)))
      params[key]!.assign(tf.sub(params[key]!, tf.div(tf.mul(mk, lrT), tf.add(tf.sqrt(vk), 1e-7))))
    }
  }
}

/** SoftmaxWithLoss: the book's loss −Σ t·log(y + 1e-7) / N, and its backward (y − t) / N. s, t: (N, 10). */
function softmaxWithLoss(s: tf.Tensor2D, t: tf.Tensor2D): { loss: tf.Scalar; dout: tf.Tensor2D } {
  const n = s.shape[0]
  const y = tf.softmax(s)
  const loss = tf.div(tf.neg(tf.sum(tf.mul(t, tf.log(tf.add(y, 1e-7))))), n) as tf.Scalar
  return { loss, dout: tf.div(tf.sub(y, t), n) }
}

/**
 * a·b with a or b transposed, the faster way on each backend. NOTE: tfjs-backend-wasm runs matMul's
 * transposeA/transposeB through a plain loop, not XNNPACK: at x (100, 784) and dout (100, 50), xᵀ·dout took
 * 4 ms that way and 0.43 ms as tf.transpose then matMul. The CPU backend is the other way round (its
 * transpose costs more than the flag saves), so it keeps the flags, which is what tfjs's MatMul gradient uses.
 */
function matMulT(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b, transposeA, transposeB)
  return tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b)
}

/** Affine backward (book §5.6.2) on the flattened x (N, D): dx = dout·Wᵀ, dW = xᵀ·dout, db = Σ_N dout. */
function affineBackward(x: tf.Tensor2D, W: tf.Tensor, dout: tf.Tensor2D): { dx: tf.Tensor2D; dW: tf.Tensor; db: tf.Tensor } {
  return { dx: matMulT(dout, W as tf.Tensor2D, false, true), dW: matMulT(x, dout, true, false), db: tf.sum(dout, 0) }
}

/** Convolution backward (book §7.4.3) for stride 1, 'valid', NHWC: dx, dW (FH, FW, C, FN) and db (FN,). */
function convBackward(x: tf.Tensor4D, W: tf.Tensor4D, dout: tf.Tensor4D): { dx: tf.Tensor4D; dW: tf.Tensor4D; db: tf.Tensor } {
  return {
    dx: tf.conv2dTranspose(dout, W, x.shape, 1, 'valid'), // the Conv2DBackpropInput kernel
    dW: conv2dFilterGrad(x, dout), // see there: not the Conv2DBackpropFilter kernel
    db: tf.sum(tf.reshape(dout, [-1, W.shape[3]]), 0), // as the book: (N·OH·OW, FN) summed over rows
  }
}

/** One step inside a tidy: `grads` runs forward and backward, `update` applies them; returns the loss. */
function step(grads: () => { loss: tf.Scalar; grads: Grads }, update: (grads: Grads) => void): () => number {
  return () => tf.tidy(() => {
    const r = grads()
    update(r.grads)
    return r.loss.dataSync()[0]! // both backends run each op eagerly; this also reads the result
  })
}

/** TwoLayerNet 784-50-10 on x (100, 784), SGD lr 0.1. */
function twoLayerStep(t: tf.Tensor2D): () => number {
  const x = tf.randomUniform([100, 784], 0, 1, 'float32', 1) as tf.Tensor2D
  const p: Params = { W1: weight([784, 50], 3), b1: bias(50), W2: weight([50, 10], 4), b2: bias(10) }
  return step(() => {
    const a1 = tf.add(tf.matMul(x, p.W1 as tf.Tensor2D), p.b1!) as tf.Tensor2D // Affine1
    const h = tf.relu(a1) // Relu1
    const { loss, dout } = softmaxWithLoss(tf.add(tf.matMul(h, p.W2 as tf.Tensor2D), p.b2!) as tf.Tensor2D, t)
    const g2 = affineBackward(h, p.W2!, dout)
    const da1 = tf.mul(g2.dx, tf.step(a1)) as tf.Tensor2D // Relu backward: 0 where a1 ≤ 0
    const g1 = affineBackward(x, p.W1!, da1)
    return { loss, grads: { W1: g1.dW, b1: g1.db, W2: g2.dW, b2: g2.db } }
  }, sgd(p, 0.1))
}

/** The Convolution layer alone: forward on x (100, 28, 28, 1), backward of a fixed dout (100, 24, 24, 30). */
function convLayerStep(): () => number {
  const x = tf.randomUniform([100, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D
  const W = weight([5, 5, 1, 30], 6) as tf.Variable<tf.Rank.R4>
  const b = bias(30)
  const dout = tf.randomNormal([100, 24, 24, 30], 0, 1, 'float32', 9) as tf.Tensor4D
  return () => tf.tidy(() => {
    const out = tf.add(tf.conv2d(x, W, 1, 'valid'), b) // (100, 24, 24, 30)
    const g = convBackward(x, W, dout)
    return out.shape[0] + g.dx.shape[0] + g.db.dataSync()[0]! + g.dW.dataSync()[0]! // eager: every op has run
  })
}

/** SimpleConvNet (30 filters 5×5, pool 2×2, hidden 100) on x (100, 28, 28, 1), Adam lr 0.001. */
function simpleConvNetStep(t: tf.Tensor2D): () => number {
  const x = tf.randomUniform([100, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D
  const p: Params = {
    W1: weight([5, 5, 1, 30], 6), b1: bias(30), W2: weight([12 * 12 * 30, 100], 7), b2: bias(100), W3: weight([100, 10], 8), b3: bias(10),
  }
  return step(() => {
    const c = tf.add(tf.conv2d(x, p.W1 as tf.Tensor4D, 1, 'valid'), p.b1!) as tf.Tensor4D // Conv1: (100, 24, 24, 30)
    const r = tf.relu(c) // Relu1
    const pooled = tf.maxPool(r, 2, 2, 'valid') // Pool1: (100, 12, 12, 30)
    const f = tf.reshape(pooled, [100, -1]) as tf.Tensor2D // Affine1 flattens
    const a2 = tf.add(tf.matMul(f, p.W2 as tf.Tensor2D), p.b2!) as tf.Tensor2D
    const h = tf.relu(a2) // Relu2
    const { loss, dout } = softmaxWithLoss(tf.add(tf.matMul(h, p.W3 as tf.Tensor2D), p.b3!) as tf.Tensor2D, t) // Affine2
    const g3 = affineBackward(h, p.W3!, dout)
    const g2 = affineBackward(f, p.W2!, tf.mul(g3.dx, tf.step(a2)) as tf.Tensor2D)
    // Pool1 backward: dout to each window's max (the kernel tfjs's own maxPool gradient runs).
    const dr = tf.engine().runKernel(tf.MaxPoolGrad, { dy: tf.reshape(g2.dx, pooled.shape), input: r, output: pooled },
      { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor4D
    const g1 = convBackward(x, p.W1 as tf.Tensor4D, tf.mul(dr, tf.step(c))) // Relu1 backward, then Conv1's (dx too, as the book)
    return { loss, grads: { W1: g1.dW, b1: g1.db, W2: g2.dW, b2: g2.db, W3: g3.dW, b3: g3.db } }
  }, adam(p, 0.001))
}

/** Loads and selects a backend; for wasm, the .wasm file comes from the package's own dist/ (no network). */
async function useBackend(backend: TfjsBackend): Promise<Omit<TfjsTimes, StepCase>> {
  if (backend === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu')
  } else {
    // In Node the backend reads dist/tfjs-backend-wasm-simd.wasm (or the non-SIMD one) beside its own
    // script with fs, so no setWasmPaths is needed. Its threaded build is never chosen in Node
    // (WASM_HAS_MULTITHREAD_SUPPORT is false there, tensorflow/tfjs#3830): XNNPACK runs on one thread.
    await import('@tensorflow/tfjs-backend-wasm')
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend '${backend}' failed to initialise`)
  await tf.ready()
  if (backend === 'cpu') return { version: tf.version_core, backend: 'cpu' }
  const wasm = await import('@tensorflow/tfjs-backend-wasm')
  return {
    version: wasm.version_wasm, backend: 'wasm',
    simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean,
    threads: (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) ? wasm.getThreadsCount() : 1,
  }
}

/**
 * Median ms per step of TensorFlow.js (tfjs-core 4.22, float32) on `backend`, the same steps as dlfs and
 * numpy, backward written out op by op as the book's layers do it (tfjs-core alone registers no gradients,
 * so tf.grads / tf.variableGrads need the full tfjs package). The ops are those tfjs's gradients run, except
 * where an equivalent form is much faster on the backend (matMulT, conv2dFilterGrad). Like the book's layers,
 * the first layer's dx is computed too. Images are NHWC: tfjs's maxPool takes channels last.
 */
export async function timeTfjsSteps(cases: readonly StepCase[], backend: TfjsBackend): Promise<TfjsTimes> {
  const out: TfjsTimes = await useBackend(backend)
  checkConv2dFilterGrad() // dW is a rewrite: prove it computes the same sum on this backend
  const t = tf.cast(tf.oneHot(tf.randomUniform([100], 0, 10, 'int32', 2) as tf.Tensor1D, 10), 'float32') as tf.Tensor2D
  if (cases.includes('two-layer')) out['two-layer'] = medianStepMs(twoLayerStep(t))
  if (cases.includes('conv-layer')) out['conv-layer'] = medianStepMs(convLayerStep())
  if (cases.includes('simple-conv-net')) out['simple-conv-net'] = medianStepMs(simpleConvNetStep(t))
  return out
}
