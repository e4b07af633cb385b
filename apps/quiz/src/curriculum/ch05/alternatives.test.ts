// Correct code written differently from the reference (loops instead of dot, a stable piecewise sigmoid,
// a TwoLayerNet without layer objects, …) must pass every check of its exercise: the checks compare
// results, never the way they were computed.
import { describe, expect, it } from 'vitest'
import { NDArray, fromData, zeros, type Nested } from '@dlfs/matrix'
import { createContext } from '../../grader/context.js'
import { CheckFailure, type ExerciseDef } from '../../grader/types.js'
import { exercises } from './index.js'

/** A contiguous C-order copy's values: safe to index as a flat array whatever the strides of x. */
const flat = (x: NDArray): Float64Array => x.copy().data

class MulLayer {
  private inputs: [number, number] = [0, 0]
  forward(x: number, y: number): number {
    this.inputs = [x, y]
    return x * y
  }
  backward(dout: number): [number, number] {
    const [x, y] = this.inputs
    return [y * dout, x * dout]
  }
}
class AddLayer {
  forward = (x: number, y: number): number => x + y
  backward = (dout: number): [number, number] => [dout, dout]
}

/** Relu that keeps x rather than a mask and loops over the values. */
class LoopRelu {
  private x: Float64Array | null = null
  forward(x: NDArray): NDArray {
    this.x = flat(x)
    return fromData(this.x.map((v) => (v > 0 ? v : 0)), x.shape)
  }
  backward(dout: NDArray): NDArray {
    const d = flat(dout)
    return fromData(d.map((g, k) => (this.x![k]! > 0 ? g : 0)), dout.shape)
  }
}

/** Sigmoid in the piecewise form that never computes exp of a large positive number. */
class PiecewiseSigmoid {
  private y: Float64Array | null = null
  forward(x: NDArray): NDArray {
    this.y = flat(x).map((v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))))
    return fromData(this.y.slice(), x.shape)
  }
  backward(dout: NDArray): NDArray {
    return fromData(flat(dout).map((g, k) => g * this.y![k]! * (1 - this.y![k]!)), dout.shape)
  }
}

/** Affine with plain loops, for any (N, ...) input, flattening through a contiguous copy. */
class LoopAffine {
  dW: NDArray | null = null
  db: NDArray | null = null
  private x: Float64Array | null = null
  private xShape: readonly number[] = []
  constructor(
    public W: NDArray,
    public b: NDArray,
  ) {}
  forward(x: NDArray): NDArray {
    const [n, [d, m]] = [x.shape[0]!, this.W.shape as [number, number]]
    ;[this.x, this.xShape] = [flat(x), x.shape]
    const out = zeros([n, m])
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        let s = this.b.get(j)
        for (let k = 0; k < d; k++) s += this.x[i * d + k]! * this.W.get(k, j)
        out.set([i, j], s)
      }
    return out
  }
  backward(dout: NDArray): NDArray {
    const [n, [d, m]] = [dout.shape[0]!, this.W.shape as [number, number]]
    const [dx, dW, db] = [zeros([n, d]), zeros([d, m]), zeros([m])]
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        const g = dout.get(i, j)
        db.set([j], db.get(j) + g)
        for (let k = 0; k < d; k++) {
          dx.set([i, k], dx.get(i, k) + g * this.W.get(k, j))
          dW.set([k, j], dW.get(k, j) + this.x![i * d + k]! * g)
        }
      }
    ;[this.dW, this.db] = [dW, db]
    return dx.reshape(this.xShape)
  }
}

/** SoftmaxWithLoss row by row, keeping class indices whatever form t came in. */
class LoopSoftmaxWithLoss {
  private y: NDArray | null = null
  private labels: number[] = []
  forward(x: NDArray, t: NDArray): number {
    const rows = x.ndim === 1 ? [x.toArray() as number[]] : (x.toArray() as number[][])
    const tv = t.toArray() as Nested
    const oneHotRows = t.size === x.size ? (x.ndim === 1 ? [tv as number[]] : (tv as number[][])) : null
    this.labels = oneHotRows ? oneHotRows.map((r) => r.indexOf(Math.max(...r))) : Array.from(flat(t))
    const y = rows.map((r) => {
      const m = Math.max(...r)
      const e = r.map((v) => Math.exp(v - m))
      const s = e.reduce((a, b) => a + b, 0)
      return e.map((v) => v / s)
    })
    this.y = fromData(Float64Array.from(y.flat()), x.shape)
    return -y.reduce((acc, r, i) => acc + Math.log(r[this.labels[i]!]! + 1e-7), 0) / rows.length
  }
  backward(dout = 1): NDArray {
    const y = this.y!
    const c = y.shape[y.ndim - 1]!
    const n = y.size / c
    const dx = flat(y)
    this.labels.forEach((label, i) => (dx[i * c + label]! -= 1))
    return fromData(dx.map((v) => (v * dout) / n), y.shape)
  }
}

/** TwoLayerNet without layer objects: the forward and backward formulas written out (§5.6–5.7). */
class ClosedFormTwoLayerNet {
  params: Record<string, NDArray>
  constructor(i: number, h: number, o: number, std = 0.01) {
    // Its own generator (Park–Miller, then Box–Muller): the weights need not match the reference's.
    let state = 12345
    const next = () => (state = (state * 16807) % 2147483647) / 2147483647
    const gauss = (shape: number[]) => fromData(Float64Array.from({ length: shape[0]! * (shape[1] ?? 1) }, () => std * Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next())), shape)
    this.params = { W1: gauss([i, h]), b1: zeros([h]), W2: gauss([h, o]), b2: zeros([o]) }
  }
  private forwardAll(x: NDArray) {
    const { W1, b1, W2, b2 } = this.params as Record<'W1' | 'b1' | 'W2' | 'b2', NDArray>
    const a = x.dot(W1).add(b1)
    const hidden = a.maximum(0)
    return { a, hidden, scores: hidden.dot(W2).add(b2) }
  }
  predict(x: NDArray): NDArray {
    return this.forwardAll(x).scores
  }
  private probsAndTargets(x: NDArray, t: NDArray) {
    const s = this.predict(x)
    const e = s.sub(s.max(1, true)).exp()
    const y = e.div(e.sum(1, true))
    const onehot = t.ndim === 2 ? t : zeros(y.shape)
    if (t.ndim === 1) flat(t).forEach((label, i) => onehot.set([i, label], 1))
    return { y, onehot }
  }
  loss(x: NDArray, t: NDArray): number {
    const { y, onehot } = this.probsAndTargets(x, t)
    return -onehot.mul(y.add(1e-7).log()).sum().item() / x.shape[0]!
  }
  accuracy(x: NDArray, t: NDArray): number {
    const p = flat(this.predict(x).argmax(1))
    const labels = flat(t.ndim === 2 ? t.argmax(1) : t)
    return p.filter((v, i) => v === labels[i]).length / p.length
  }
  gradient(x: NDArray, t: NDArray): Record<string, NDArray> {
    const { a, hidden } = this.forwardAll(x)
    const { y, onehot } = this.probsAndTargets(x, t)
    const dScores = y.sub(onehot).div(x.shape[0]!)
    const dHidden = dScores.dot(this.params.W2!.T)
    const dA = dHidden.mul(a.greater(0))
    return { W1: x.T.dot(dA), b1: dA.sum(0), W2: hidden.T.dot(dScores), b2: dScores.sum(0) }
  }
}

/** gradientCheck with loops, backprop first and the keys taken from the backprop gradients. */
function loopGradientCheck(network: { gradient(x: NDArray, t: NDArray): Record<string, NDArray>; numericalGradient(x: NDArray, t: NDArray): Record<string, NDArray> }, x: NDArray, t: NDArray) {
  const backprop = network.gradient(x, t)
  const numerical = network.numericalGradient(x, t)
  const out: Record<string, number> = {}
  for (const [key, g] of Object.entries(backprop)) {
    const [b, n] = [flat(g), flat(numerical[key]!)]
    let total = 0
    for (let k = 0; k < b.length; k++) total += Math.abs(b[k]! - n[k]!)
    out[key] = total / b.length
  }
  return out
}

const alternatives: Record<string, unknown> = {
  '5.4-mul-add-layer': { MulLayer, AddLayer },
  '5.5.1-relu': { Relu: LoopRelu },
  '5.5.2-sigmoid': { Sigmoid: PiecewiseSigmoid },
  '5.6.2-affine': { Affine: LoopAffine },
  '5.6.2-affine-nd': { Affine: LoopAffine },
  '5.6.3-softmax-with-loss': { SoftmaxWithLoss: LoopSoftmaxWithLoss },
  '5.7-two-layer-net': { TwoLayerNet: ClosedFormTwoLayerNet },
  '5.7.3-gradient-check': { gradientCheck: loopGradientCheck },
}

describe('chapter 5: correct code written differently passes', () => {
  it('covers every exercise of the chapter', () => {
    expect(Object.keys(alternatives)).toEqual(exercises.map((d) => d.id))
  })
  for (const def of exercises as ExerciseDef<unknown>[]) {
    it(`${def.id}: every check passes`, async () => {
      const failures: string[] = []
      for (const seed of [1, 7, 2024]) {
        for (const check of def.checks) {
          try {
            await check.run(alternatives[def.id], createContext(seed, 'en'))
          } catch (e) {
            failures.push(`${check.id} (seed ${seed}): ${e instanceof CheckFailure ? e.detail.message.en : String(e)}`)
          }
        }
      }
      expect(failures).toEqual([])
    })
  }
})
