import { describe, expect, it } from 'vitest'
import { NDArray, Rng, ShapeError, ValueError, array } from '@dlfs/matrix'
import { TwoLayerNet } from './two-layer-net.js'
import { gradientCheck } from './gradient-check.js'

describe('5.7-two-layer-net: gradient check', () => {
  it('backprop agrees with central differences (max relative error < 1e-5)', () => {
    // weightInitStd 0.5 keeps gradients well above rounding noise; what remains is the O(h²) truncation of
    // central differences (h = 1e-4) and the book's 1e-7 inside the log, ~1e-6 here. A wrong backward gives
    // > 1e-2. The seeded data keeps every ReLU input at least 0.018 from the kink at 0.
    const rng = new Rng(11)
    const net = new TwoLayerNet({ inputSize: 8, hiddenSize: 6, outputSize: 3, weightInitStd: 0.5, rng })
    const report = gradientCheck(net, rng.randn(3, 8), [0, 2, 1])
    expect(report.map((e) => e.key)).toEqual(['W1', 'b1', 'W2', 'b2'])
    for (const e of report) expect(e.maxRelError, e.key).toBeLessThan(1e-5)
  })
})

describe('5.7-two-layer-net: parameters and seeds', () => {
  it('params are the layers\' own arrays: updating params.W1 in place changes predict', () => {
    const rng = new Rng(3)
    const net = new TwoLayerNet({ inputSize: 4, hiddenSize: 5, outputSize: 2, rng })
    const x = rng.randn(3, 4)
    const before = net.predict(x)
    net.params.W1!.mulInPlace(2)
    net.params.b2!.addInPlace(1)
    const after = net.predict(x)
    expect(after.toArray()).not.toEqual(before.toArray())
    // By hand: relu(x·2W1 + b1)·W2 + b2 + 1, with b1 = 0 so the hidden layer just doubles.
    expect(after.sub(before.mul(2)).sub(1).abs().max().item()).toBeLessThan(1e-15)
  })

  it('params cannot be replaced, only updated in place', () => {
    const net = new TwoLayerNet({ inputSize: 2, hiddenSize: 2, outputSize: 2 })
    expect(() => {
      net.params.W1 = array([[1, 2], [3, 4]])
    }).toThrow(TypeError)
  })

  it('weights are weightInitStd · randn drawn W1 then W2 from rng; biases are zero', () => {
    const net = new TwoLayerNet({ inputSize: 4, hiddenSize: 3, outputSize: 2, weightInitStd: 0.1, rng: new Rng(42) })
    const rng = new Rng(42)
    expect(net.params.W1!.toArray()).toEqual(rng.randn(4, 3).mul(0.1).toArray())
    expect(net.params.W2!.toArray()).toEqual(rng.randn(3, 2).mul(0.1).toArray())
    expect(net.params.b1!.toArray()).toEqual([0, 0, 0])
    expect(net.params.b2!.toArray()).toEqual([0, 0])
  })

  it('the same seed gives the same net bit for bit; the default rng is new Rng(0)', () => {
    const options = { inputSize: 6, hiddenSize: 4, outputSize: 3 }
    const a = new TwoLayerNet({ ...options, rng: new Rng(5) })
    const b = new TwoLayerNet({ ...options, rng: new Rng(5) })
    const c = new TwoLayerNet({ ...options, rng: new Rng(6) })
    expect(Array.from(a.params.W1!.data)).toEqual(Array.from(b.params.W1!.data))
    expect(Array.from(a.params.W1!.data)).not.toEqual(Array.from(c.params.W1!.data))
    const d = new TwoLayerNet(options)
    expect(Array.from(d.params.W2!.data)).toEqual(Array.from(new TwoLayerNet({ ...options, rng: new Rng(0) }).params.W2!.data))
  })

  it('layers are named as the book names them', () => {
    const net = new TwoLayerNet({ inputSize: 2, hiddenSize: 2, outputSize: 2 })
    expect([...net.layers.keys()]).toEqual(['Affine1', 'Relu1', 'Affine2'])
  })
})

describe('5.7-two-layer-net: accuracy', () => {
  const rng = new Rng(8)
  const net = new TwoLayerNet({ inputSize: 4, hiddenSize: 5, outputSize: 3, weightInitStd: 1, rng })
  const x = rng.randn(7, 4)
  // Labels: the prediction for some samples, a wrong class for the others, so the answer is known.
  const predicted = Array.from(net.predict(x).argmax(1).data)
  const t = predicted.map((p, i) => (i % 3 === 0 ? (p + 1) % 3 : p)) // samples 0, 3, 6 wrong
  const oneHot = array(t.map((label) => [0, 1, 2].map((c) => (c === label ? 1 : 0))))

  it('counts correct / N with index and one-hot labels', () => {
    expect(net.accuracy(x, t)).toBe(4 / 7)
    expect(net.accuracy(x, array(t))).toBe(4 / 7)
    expect(net.accuracy(x, oneHot)).toBe(4 / 7)
  })

  it('evaluates every sample when batchSize does not divide N (the book drops the last N % batchSize)', () => {
    for (const batchSize of [1, 2, 3, 5, 7, 100]) expect(net.accuracy(x, t, batchSize), `batchSize ${batchSize}`).toBe(4 / 7)
    // Make the last sample right: with batches of 2 it is the remainder, which the book's loop skips (it would say 4/7).
    const t2 = [...t.slice(0, 6), predicted[6]!]
    expect(net.accuracy(x, t2, 2)).toBe(5 / 7)
  })

  it('rejects labels that fit neither form, an empty set and a bad batch size', () => {
    expect(() => net.accuracy(x, [0, 1])).toThrow(ShapeError)
    expect(() => net.accuracy(x, t, 0)).toThrow("TwoLayerNet.accuracy: 'batchSize' must be a positive integer, got 0")
    expect(() => net.accuracy(x.slice([0, 0]), [])).toThrow(ValueError)
  })
})

describe('5.7-two-layer-net: errors', () => {
  const net = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10 })

  it('predict names the network and both shapes when x does not fit', () => {
    expect(() => net.predict(new NDArray(new Float64Array(2 * 748), [2, 748]))).toThrow(
      "TwoLayerNet.predict: 'x' (2,748) does not fit the network: expected (N, 784) (inputSize 784)",
    )
    expect(() => net.predict(new NDArray(new Float64Array(2 * 784), [2, 784]))).not.toThrow()
    expect(() => net.predict(new NDArray(new Float64Array(2 * 784), [2, 1, 28, 28]))).not.toThrow() // flattened, as Affine does
  })

  it('the constructor rejects bad sizes and scales', () => {
    expect(() => new TwoLayerNet({ inputSize: 0, hiddenSize: 2, outputSize: 2 })).toThrow("TwoLayerNet: 'inputSize' must be a positive integer, got 0")
    expect(() => new TwoLayerNet({ inputSize: 2, hiddenSize: 2.5, outputSize: 2 })).toThrow(ValueError)
    expect(() => new TwoLayerNet({ inputSize: 2, hiddenSize: 2, outputSize: 2, weightInitStd: -1 })).toThrow(ValueError)
  })
})
