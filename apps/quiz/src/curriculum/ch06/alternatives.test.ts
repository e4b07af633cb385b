// Correct code written differently from the reference (loops, the opposite sign convention for v, the
// paper's form of Adam, a closed-form BatchNormalization backward, other draws of the rng, …) must pass
// every check of its exercise: the checks compare results, never the way they were computed.
import { describe, expect, it } from 'vitest'
import { NDArray, Rng, zeros, zerosLike } from '@dlfs/matrix'
import { createContext } from '../../grader/context.js'
import { CheckFailure, type ExerciseDef } from '../../grader/types.js'
import { batchNormalizationWith } from './_batch-normalization-variants.js'
import { optimizerOf } from './_optimizer-of.js'
import { exercises } from './index.js'

type P = Record<string, NDArray>

// --- optimizers -----------------------------------------------------------------------------------
/** SGD with a plain loop over the flat data (params are contiguous). */
class LoopSGD {
  lr: number
  constructor({ lr = 0.01 }: { lr?: number } = {}) { this.lr = lr }
  update(params: P, grads: P) {
    for (const key in params) {
      const [w, g] = [params[key]!.data, grads[key]!.flatten().data]
      for (let i = 0; i < g.length; i++) w[i]! -= this.lr * g[i]!
    }
  }
}
/** Momentum with the opposite sign convention for v (v = αv + η·g; W −= v) and a Map for state. */
class FlippedMomentum {
  v = new Map<string, NDArray>()
  constructor(private o: { lr?: number; momentum?: number } = {}) {}
  update(params: P, grads: P) {
    const [lr, a] = [this.o.lr ?? 0.01, this.o.momentum ?? 0.9]
    for (const [key, W] of Object.entries(params)) {
      if (!this.v.has(key)) this.v.set(key, zerosLike(W))
      const v = this.v.get(key)!
      v.assign(v.mul(a).add(grads[key]!.mul(lr)))
      W.assign(W.sub(v))
    }
  }
}
/** Momentum with η folded out of v: u = αu − g, W += η·u. */
const FoldedMomentum = optimizerOf({ lr: 0.01, momentum: 0.9 }, ({ W, g, o, state }) => void W.addInPlace(state('u').mulInPlace(o.momentum!).subInPlace(g).mul(o.lr!)))
/** AdaGrad with loops. */
class LoopAdaGrad {
  h: Record<string, Float64Array> = {}
  constructor(private o: { lr?: number } = {}) {}
  update(params: P, grads: P) {
    const lr = this.o.lr ?? 0.01
    for (const key of Object.keys(params)) {
      const [w, g] = [params[key]!.data, grads[key]!.flatten().data]
      const h = (this.h[key] ??= new Float64Array(g.length))
      for (let i = 0; i < g.length; i++) {
        h[i]! += g[i]! * g[i]!
        w[i]! -= (lr * g[i]!) / (Math.sqrt(h[i]!) + 1e-7)
      }
    }
  }
}
/** RMSprop through assign and whole-array expressions. */
const AssignRMSprop = optimizerOf({ lr: 0.01, decayRate: 0.99 }, ({ W, g, o, state }) => {
  const h = state('h')
  h.assign(h.mul(o.decayRate!).add(g.pow(2).mul(1 - o.decayRate!)))
  W.assign(W.sub(g.mul(o.lr!).div(h.sqrt().add(1e-7))))
})
/** Adam in the paper's m̂/v̂ form, with eps rescaled so it equals the book's: 1e-7/√(1 − β2ᵗ). */
class PaperAdam {
  t = 0
  m: P = {}
  v: P = {}
  constructor(private o: { lr?: number; beta1?: number; beta2?: number } = {}) {}
  update(params: P, grads: P) {
    const [lr, b1, b2] = [this.o.lr ?? 0.001, this.o.beta1 ?? 0.9, this.o.beta2 ?? 0.999]
    this.t++
    for (const key of Object.keys(params)) {
      const g = grads[key]!
      this.m[key] = (this.m[key] ?? zerosLike(g)).mul(b1).add(g.mul(1 - b1))
      this.v[key] = (this.v[key] ?? zerosLike(g)).mul(b2).add(g.mul(g).mul(1 - b2))
      const mHat = this.m[key]!.div(1 - b1 ** this.t)
      const vHat = this.v[key]!.div(1 - b2 ** this.t)
      params[key]!.subInPlace(mHat.mul(lr).div(vHat.sqrt().add(1e-7 / Math.sqrt(1 - b2 ** this.t))))
    }
  }
}
/** Nesterov in one expression per array. */
const OneLineNesterov = optimizerOf({ lr: 0.01, momentum: 0.9 }, ({ W, g, o, state }) => {
  const [a, lr] = [o.momentum!, o.lr!]
  const v = state('v').assign(state('v').mul(a).sub(g.mul(lr)))
  W.addInPlace(v.mul(a * a).sub(g.mul((1 + a) * lr)))
})

// --- weight init -----------------------------------------------------------------------------------
function switchInitStd(w: string | number, n: number): number {
  switch (typeof w === 'number' ? 'number' : w.toLowerCase()) {
    case 'number': return w as number
    case 'he': case 'relu': return Math.sqrt(2) / Math.sqrt(n)
    case 'xavier': case 'sigmoid': return 1 / Math.sqrt(n)
    default: throw new Error('unknown')
  }
}
const normalInit = {
  initStd: switchInitStd,
  initWeights: (sizes: readonly number[], w: string | number, rng: Rng) => {
    const out: P = {}
    sizes.slice(1).forEach((nOut, i) => {
      out[`W${i + 1}`] = rng.normal(0, switchInitStd(w, sizes[i]!), [sizes[i]!, nOut])
      out[`b${i + 1}`] = zeros([nOut])
    })
    return out
  },
}

// --- batch normalization: written from scratch with loops, closed-form backward ---------------------
class LoopBatchNormalization {
  dgamma: NDArray | null = null
  dbeta: NDArray | null = null
  private cache: { xn: Float64Array; inv: Float64Array; n: number; d: number; shape: readonly number[] } | null = null
  constructor(public gamma: NDArray, public beta: NDArray, public momentum = 0.9, public runningMean: NDArray | null = null, public runningVar: NDArray | null = null) {}
  forward(x: NDArray, trainFlg = true): NDArray {
    const n = x.shape[0]!
    const d = x.size / n
    const a = x.flatten().data
    const [g, b] = [this.gamma.flatten().data, this.beta.flatten().data]
    const rm = (this.runningMean ??= zeros([d])).flatten().data
    const rv = (this.runningVar ??= zeros([d])).flatten().data
    const out = new Float64Array(n * d)
    const xn = new Float64Array(n * d)
    const inv = new Float64Array(d)
    const [nm, nv] = [new Float64Array(d), new Float64Array(d)]
    for (let j = 0; j < d; j++) {
      let mu = 0, s2 = 0
      if (trainFlg) {
        for (let i = 0; i < n; i++) mu += a[i * d + j]! / n
        for (let i = 0; i < n; i++) s2 += (a[i * d + j]! - mu) ** 2 / n
        nm[j] = this.momentum * rm[j]! + (1 - this.momentum) * mu
        nv[j] = this.momentum * rv[j]! + (1 - this.momentum) * s2
      } else [mu, s2] = [rm[j]!, rv[j]!]
      inv[j] = 1 / Math.sqrt(s2 + 1e-6)
      for (let i = 0; i < n; i++) {
        xn[i * d + j] = (a[i * d + j]! - mu) * inv[j]!
        out[i * d + j] = g[j]! * xn[i * d + j]! + b[j]!
      }
    }
    if (trainFlg) {
      this.runningMean = new NDArray(nm, [d])
      this.runningVar = new NDArray(nv, [d])
      this.cache = { xn, inv, n, d, shape: x.shape }
    }
    return new NDArray(out, x.shape)
  }
  backward(dout: NDArray): NDArray {
    const { xn, inv, n, d, shape } = this.cache!
    const g = dout.flatten().data
    const gam = this.gamma.flatten().data
    const [dgamma, dbeta, dx] = [new Float64Array(d), new Float64Array(d), new Float64Array(n * d)]
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < n; i++) {
        dbeta[j]! += g[i * d + j]!
        dgamma[j]! += g[i * d + j]! * xn[i * d + j]!
      }
      for (let i = 0; i < n; i++) {
        dx[i * d + j] = (gam[j]! * inv[j]! / n) * (n * g[i * d + j]! - dbeta[j]! - xn[i * d + j]! * dgamma[j]!)
      }
    }
    this.dgamma = new NDArray(dgamma, this.gamma.shape)
    this.dbeta = new NDArray(dbeta, this.beta.shape)
    return new NDArray(dx, shape)
  }
}

// --- weight decay ---------------------------------------------------------------------------------
const loopDecay = {
  weightDecayLoss(params: P, lambda: number) {
    let s = 0
    for (const [k, W] of Object.entries(params)) if (k.startsWith('W')) for (const v of W.flatten().data) s += v * v
    return (lambda / 2) * s
  },
  // Puts new arrays into the caller's record, as the book's gradient() does (the arrays are untouched).
  addWeightDecay(grads: P, params: P, lambda: number) {
    for (const k of Object.keys(grads)) if (k[0] === 'W') grads[k] = params[k]!.mul(lambda).add(grads[k]!)
    return grads
  },
}

// --- dropout --------------------------------------------------------------------------------------
/** Dropout drawing with rng.random and keeping the mask as a boolean-like array; backward via where-like mul. */
class RandomDropout {
  mask: NDArray | null = null
  constructor(public dropoutRatio = 0.5, private rng = new Rng(0)) {}
  forward(x: NDArray, trainFlg = true) {
    if (!trainFlg) return x.mul(1 - this.dropoutRatio)
    this.mask = this.rng.random(x.shape).greater(this.dropoutRatio)
    const out = x.copy()
    const m = this.mask.data
    const o = out.data
    for (let i = 0; i < o.length; i++) if (!m[i]) o[i] = 0
    return out
  }
  backward(dout: NDArray) { return dout.mul(this.mask!) }
}
class UniformDropout {
  mask: NDArray | null = null
  constructor(public dropoutRatio = 0.5, private rng = new Rng(0)) {}
  forward(x: NDArray, trainFlg = true) {
    if (!trainFlg) return x.sub(x.mul(this.dropoutRatio))
    this.mask = this.rng.uniform(0, 1, x.shape).greater(this.dropoutRatio)
    return this.mask.mul(x)
  }
  backward(dout: NDArray) { return this.mask!.mul(dout) }
}

const alternatives: Record<string, [string, unknown][]> = {
  '6.1.2-sgd': [['loop SGD', { SGD: LoopSGD }]],
  '6.1.4-momentum': [['v with the opposite sign, in a Map', { Momentum: FlippedMomentum }], ['η folded out of v', { Momentum: FoldedMomentum }]],
  '6.1.5-adagrad': [['loop AdaGrad', { AdaGrad: LoopAdaGrad }]],
  '6.1.5-rmsprop': [['assign RMSprop', { RMSprop: AssignRMSprop }]],
  '6.1.6-adam': [["the paper's m̂/v̂ with eps rescaled to the book's", { Adam: PaperAdam }]],
  '6.1.6-nesterov': [['one expression per array', { Nesterov: OneLineNesterov }]],
  '6.2-weight-init': [['rng.normal and a switch', normalInit]],
  '6.3.1-batch-normalization': [
    ['closed-form backward', { BatchNormalization: batchNormalizationWith({ backward: 'closed' }) }],
    ['loops from scratch, closed-form backward', { BatchNormalization: LoopBatchNormalization }],
  ],
  '6.4.2-weight-decay': [['loops, new arrays put into grads as the book does', loopDecay]],
  '6.4.3-dropout': [['rng.random and a loop', { Dropout: RandomDropout }], ['rng.uniform, mask first', { Dropout: UniformDropout }]],
}

describe('chapter 6: correct code written differently passes', () => {
  it('covers every exercise of the chapter', () => {
    expect(Object.keys(alternatives)).toEqual(exercises.map((d) => d.id))
  })
  for (const def of exercises as ExerciseDef<unknown>[]) {
    for (const [name, mod] of alternatives[def.id]!) {
      it(`${def.id} (${name}): every check passes`, async () => {
        const failures: string[] = []
        for (const seed of [1, 7, 2024]) {
          for (const check of def.checks) {
            try {
              await check.run(mod, createContext(seed, 'en'))
            } catch (e) {
              failures.push(`${check.id} (seed ${seed}): ${e instanceof CheckFailure ? e.detail.message.en : String(e)}`)
            }
          }
        }
        expect(failures).toEqual([])
      })
    }
  }
})
