import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import type { StepCase } from './_dlfs-steps.js'
import { medianStepMs } from './_median-step-ms.js'

/** A net's parameters or gradients by the book's keys (W1, b1, …). */
type Params = Record<string, tf.Variable>
type Grads = Record<string, tf.Tensor>

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

/** Affine backward (book §5.6.2) on the flattened x (N, D): dx = dout·Wᵀ, dW = xᵀ·dout, db = Σ_N dout. */
function affineBackward(x: tf.Tensor2D, W: tf.Tensor, dout: tf.Tensor2D): { dx: tf.Tensor2D; dW: tf.Tensor; db: tf.Tensor } {
  return { dx: tf.matMul(dout, W as tf.Tensor2D, false, true), dW: tf.matMul(x, dout, true, false), db: tf.sum(dout, 0) }
}

/** One step inside a tidy: `grads` runs forward and backward, `update` applies them; returns the loss. */
function step(grads: () => { loss: tf.Scalar; grads: Grads }, update: (grads: Grads) => void): () => number {
  return () => tf.tidy(() => {
    const r = grads()
    update(r.grads)
    return r.loss.dataSync()[0]! // the CPU backend runs each op eagerly; this also reads the result
  })
}

/**
 * Median ms per step of TensorFlow.js (tfjs-core 4.22 + its CPU backend, float32), the same steps as dlfs
 * and numpy, backward written out op by op as the book's layers do it (tfjs-core alone registers no
 * gradients, so tf.variableGrads is not available without the full tfjs package). Like the book's layers,
 * the first layer's dx is computed too. Images are NHWC: tfjs's maxPool takes channels last.
 */
export async function timeTfjsSteps(cases: readonly StepCase[]): Promise<{ version: string } & Partial<Record<StepCase, number>>> {
  await tf.setBackend('cpu')
  await tf.ready()
  const out: { version: string } & Partial<Record<StepCase, number>> = { version: tf.version_core }
  const t = tf.cast(tf.oneHot(tf.randomUniform([100], 0, 10, 'int32', 2) as tf.Tensor1D, 10), 'float32') as tf.Tensor2D
  if (cases.includes('two-layer')) {
    const x = tf.randomUniform([100, 784], 0, 1, 'float32', 1) as tf.Tensor2D
    const p: Params = { W1: weight([784, 50], 3), b1: bias(50), W2: weight([50, 10], 4), b2: bias(10) }
    const grads = () => {
      const a1 = tf.add(tf.matMul(x, p.W1 as tf.Tensor2D), p.b1!) as tf.Tensor2D // Affine1
      const h = tf.relu(a1) // Relu1
      const { loss, dout } = softmaxWithLoss(tf.add(tf.matMul(h, p.W2 as tf.Tensor2D), p.b2!) as tf.Tensor2D, t)
      const g2 = affineBackward(h, p.W2!, dout)
      const da1 = tf.mul(g2.dx, tf.step(a1)) as tf.Tensor2D // Relu backward: 0 where a1 ≤ 0
      const g1 = affineBackward(x, p.W1!, da1)
      return { loss, grads: { W1: g1.dW, b1: g1.db, W2: g2.dW, b2: g2.db } }
    }
    out['two-layer'] = medianStepMs(step(grads, sgd(p, 0.1)))
  }
  if (cases.includes('conv')) {
    const x = tf.randomUniform([100, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D
    const p: Params = {
      W1: weight([5, 5, 1, 30], 6), b1: bias(30), W2: weight([12 * 12 * 30, 100], 7), b2: bias(100), W3: weight([100, 10], 8), b3: bias(10),
    }
    const grads = () => {
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
      const dc = tf.mul(dr, tf.step(c)) as tf.Tensor4D // Relu1 backward
      const dW1 = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: dc },
        { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [5, 5, 1, 30] }) as tf.Tensor4D
      tf.conv2dTranspose(dc, p.W1 as tf.Tensor4D, [100, 28, 28, 1], 1, 'valid') // Conv1's dx: the book computes it too
      return { loss, grads: { W1: dW1, b1: tf.sum(dc, [0, 1, 2]), W2: g2.dW, b2: g2.db, W3: g3.dW, b3: g3.db } }
    }
    out.conv = medianStepMs(step(grads, adam(p, 0.001)))
  }
  return out
}
