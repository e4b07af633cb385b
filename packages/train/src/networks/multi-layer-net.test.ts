import { describe, expect, it } from 'vitest'
import { Rng, ValueError } from '@dlfs/matrix'
import { MultiLayerNet } from './multi-layer-net.js'
import { gradientCheck } from './gradient-check.js'

// Golden values (numpy running the book's common/multi_layer_net.py, with weight decay): networks-golden.test.ts.

describe('6.2-multi-layer-net: layers and initialisation', () => {
  it('builds (Affine → activation) per hidden layer, then Affine, named as the book names them', () => {
    const net = new MultiLayerNet({ inputSize: 4, hiddenSizeList: [5, 3], outputSize: 2 })
    expect([...net.layers.keys()]).toEqual(['Affine1', 'ActivationFunction1', 'Affine2', 'ActivationFunction2', 'Affine3'])
    expect(Object.fromEntries(Object.entries(net.params).map(([k, v]) => [k, v.shape]))).toEqual({
      W1: [4, 5], b1: [5], W2: [5, 3], b2: [3], W3: [3, 2], b3: [2],
    })
  })

  it('draws W(idx) = scale · randn(n_in, n_out) in order: He √(2/n_in), Xavier √(1/n_in), or a number', () => {
    const sizes = [6, 4, 3]
    for (const [weightInitStd, scaleOf] of [
      ['relu', (n: number) => Math.sqrt(2 / n)],
      ['He', (n: number) => Math.sqrt(2 / n)], // the book lower-cases the name
      ['sigmoid', (n: number) => Math.sqrt(1 / n)],
      ['xavier', (n: number) => Math.sqrt(1 / n)],
      [0.05, () => 0.05],
    ] as const) {
      const net = new MultiLayerNet({ inputSize: 6, hiddenSizeList: [4], outputSize: 3, weightInitStd: weightInitStd as 'relu', rng: new Rng(1) })
      const rng = new Rng(1)
      for (let idx = 1; idx < sizes.length; idx++) {
        const expected = rng.randn(sizes[idx - 1]!, sizes[idx]!).mul(scaleOf(sizes[idx - 1]!))
        expect(net.params[`W${idx}`]!.toArray(), `${weightInitStd} W${idx}`).toEqual(expected.toArray())
        expect(net.params[`b${idx}`]!.toArray()).toEqual(new Array(sizes[idx]).fill(0))
      }
    }
  })

  it('a seed repeats exactly; different seeds differ', () => {
    const make = (seed: number) => new MultiLayerNet({ inputSize: 5, hiddenSizeList: [4, 4], outputSize: 3, rng: new Rng(seed) })
    const [a, b, c] = [make(2), make(2), make(3)]
    for (const key of Object.keys(a.params)) expect(Array.from(a.params[key]!.data)).toEqual(Array.from(b.params[key]!.data))
    expect(Array.from(a.params.W1!.data)).not.toEqual(Array.from(c.params.W1!.data))
  })
})

describe('6.4.2-weight-decay: ½λΣ‖W‖² in the loss, λW in each dW', () => {
  const rng = new Rng(31)
  const x = rng.randn(4, 5)
  const t = [0, 2, 1, 1]
  const options = { inputSize: 5, hiddenSizeList: [4, 3], outputSize: 3 }
  const lambda = 0.3
  const plain = new MultiLayerNet({ ...options, rng: new Rng(7) })
  const decayed = new MultiLayerNet({ ...options, weightDecayLambda: lambda, rng: new Rng(7) })

  it('the loss grows by ½λ Σ over W1 … W3 of Σ W² (biases excluded)', () => {
    let sumSquares = 0
    for (const key of ['W1', 'W2', 'W3']) sumSquares += plain.params[key]!.pow(2).sum().item()
    expect(decayed.loss(x, t) - plain.loss(x, t)).toBeCloseTo(0.5 * lambda * sumSquares, 12)
  })

  it('each dW grows by λW, each db is unchanged', () => {
    const [g0, g1] = [plain.gradient(x, t), decayed.gradient(x, t)]
    for (const idx of [1, 2, 3]) {
      const diff = g1[`W${idx}`]!.sub(g0[`W${idx}`]!).sub(plain.params[`W${idx}`]!.mul(lambda))
      expect(diff.abs().max().item(), `W${idx}`).toBeLessThan(1e-15)
      expect(g1[`b${idx}`]!.toArray()).toEqual(g0[`b${idx}`]!.toArray())
    }
  })

  it('the decayed gradient agrees with central differences of the decayed loss (max relative error < 1e-5)', () => {
    for (const e of gradientCheck(decayed, x, t)) expect(e.maxRelError, e.key).toBeLessThan(1e-5)
  })
})

describe('6.2-multi-layer-net: gradient check', () => {
  // He-scaled weights keep gradients far above rounding noise; what is left is central-difference truncation
  // (h = 1e-4) and the book's 1e-7 inside the log, ~1e-6 here. The seeded data keeps ReLU inputs off the kink at 0.
  it.each(['relu', 'sigmoid'] as const)('%s: backprop agrees with central differences (max relative error < 1e-5)', (activation) => {
    const rng = new Rng(32)
    const net = new MultiLayerNet({ inputSize: 6, hiddenSizeList: [5, 4, 3], outputSize: 3, activation, rng })
    const report = gradientCheck(net, rng.randn(3, 6), [2, 0, 1])
    expect(report.map((e) => e.key)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3', 'W4', 'b4'])
    for (const e of report) expect(e.maxRelError, e.key).toBeLessThan(1e-5)
  })
})

describe('6.2-multi-layer-net: accuracy and errors', () => {
  it('accuracy over all samples with a batch size that does not divide N', () => {
    const rng = new Rng(33)
    const net = new MultiLayerNet({ inputSize: 3, hiddenSizeList: [4], outputSize: 3, rng })
    const x = rng.randn(5, 3)
    const t = Array.from(net.predict(x).argmax(1).data)
    expect(net.accuracy(x, t, 2)).toBe(1)
    t[4] = (t[4]! + 1) % 3
    expect(net.accuracy(x, t, 2)).toBe(4 / 5)
  })

  it('rejects an unknown activation or init name, bad sizes, a negative λ, and x of the wrong size', () => {
    const base = { inputSize: 3, hiddenSizeList: [4], outputSize: 2 }
    expect(() => new MultiLayerNet({ ...base, activation: 'tanh' as 'relu' })).toThrow("MultiLayerNet: 'activation' must be 'relu' or 'sigmoid', got 'tanh'")
    expect(() => new MultiLayerNet({ ...base, weightInitStd: 'lecun' as 'he' })).toThrow(
      "MultiLayerNet: 'weightInitStd' must be a number or one of 'relu', 'he', 'sigmoid', 'xavier', got 'lecun'",
    )
    expect(() => new MultiLayerNet({ ...base, hiddenSizeList: [4, 0] })).toThrow("MultiLayerNet: 'hiddenSizeList[1]' must be a positive integer, got 0")
    expect(() => new MultiLayerNet({ ...base, weightDecayLambda: -0.1 })).toThrow(ValueError)
    const net = new MultiLayerNet(base)
    expect(() => net.predict(new Rng(0).randn(2, 4))).toThrow("MultiLayerNet.predict: 'x' (2,4) does not fit the network: expected (N, 3) (inputSize 3)")
  })

  it('works with no hidden layer at all (softmax regression)', () => {
    const net = new MultiLayerNet({ inputSize: 3, hiddenSizeList: [], outputSize: 2 })
    expect([...net.layers.keys()]).toEqual(['Affine1'])
    expect(net.predict(new Rng(0).randn(4, 3)).shape).toEqual([4, 2])
  })
})
