import { describe, expect, it } from 'vitest'
import { Rng, ShapeError, ValueError, array, zeros } from '@dlfs/matrix'
import { sigmoid } from '@dlfs/layers'
import { TwoLayerNetSigmoid } from './two-layer-net-sigmoid.js'
import { gradientCheck } from './gradient-check.js'

// Golden values for this net (numpy running the book's ch04/two_layer_net.py): networks-golden.test.ts.

describe('4.5-two-layer-net: the hand-derived gradient', () => {
  it('agrees with central differences (max relative error < 1e-5; sigmoid and softmax are smooth)', () => {
    const rng = new Rng(21)
    const net = new TwoLayerNetSigmoid({ inputSize: 8, hiddenSize: 6, outputSize: 4, weightInitStd: 0.5, rng })
    const report = gradientCheck(net, rng.randn(5, 8), [0, 3, 1, 2, 3])
    expect(report.map((e) => e.key)).toEqual(['W1', 'b1', 'W2', 'b2'])
    for (const e of report) expect(e.maxRelError, e.key).toBeLessThan(1e-5)
  })

  it('accepts class indices as well as one-hot labels (the book\'s needs one-hot: dy = (y − t)/N)', () => {
    const rng = new Rng(22)
    const net = new TwoLayerNetSigmoid({ inputSize: 3, hiddenSize: 4, outputSize: 3, weightInitStd: 0.5, rng })
    const x = rng.randn(4, 3)
    const t = [2, 0, 1, 2]
    const oneHot = array([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    const [a, b] = [net.gradient(x, t), net.gradient(x, oneHot)]
    for (const key of ['W1', 'b1', 'W2', 'b2']) expect(a[key]!.toArray(), key).toEqual(b[key]!.toArray())
    expect(net.loss(x, t)).toBe(net.loss(x, oneHot))
    expect(() => net.gradient(x, [0, 1, 3, 0])).toThrow("TwoLayerNetSigmoid.gradient: label t[2] = 3 is not a class index in [0, 3)")
    expect(() => net.gradient(x, [0, 1])).toThrow(ShapeError)
  })
})

describe('4.5-two-layer-net: predict, accuracy, parameters', () => {
  it('predict returns softmax probabilities, as the book\'s ch04 net does', () => {
    const rng = new Rng(23)
    const net = new TwoLayerNetSigmoid({ inputSize: 3, hiddenSize: 4, outputSize: 5, weightInitStd: 1, rng })
    const x = rng.randn(6, 3)
    const y = net.predict(x)
    expect(y.shape).toEqual([6, 5])
    for (const s of y.sum(1).toArray() as number[]) expect(s).toBeCloseTo(1, 15)
    // softmax keeps each row's order, so its argmax is that of the scores sigmoid(x·W1 + b1)·W2 + b2 (b = 0 here).
    const scores = sigmoid(x.dot(net.params.W1!)).dot(net.params.W2!)
    expect(Array.from(y.argmax(1).data)).toEqual(Array.from(scores.argmax(1).data))
  })

  it('accuracy with index and one-hot labels, over all samples in batches', () => {
    const rng = new Rng(24)
    const net = new TwoLayerNetSigmoid({ inputSize: 3, hiddenSize: 4, outputSize: 3, weightInitStd: 1, rng })
    const x = rng.randn(5, 3)
    const predicted = Array.from(net.predict(x).argmax(1).data)
    const t = predicted.map((p, i) => (i === 4 ? (p + 1) % 3 : p)) // the last one wrong
    const oneHot = zeros([5, 3])
    t.forEach((label, i) => oneHot.set([i, label], 1))
    for (const batchSize of [1, 2, 3, 100]) {
      expect(net.accuracy(x, t, batchSize)).toBe(4 / 5)
      expect(net.accuracy(x, oneHot, batchSize)).toBe(4 / 5)
    }
  })

  it('params are used directly: updating them in place changes predict; they cannot be replaced', () => {
    const net = new TwoLayerNetSigmoid({ inputSize: 2, hiddenSize: 2, outputSize: 2 })
    const x = array([[1, -1]])
    const before = net.predict(x).toArray()
    net.params.b2!.assign(array([5, -5]))
    expect(net.predict(x).toArray()).not.toEqual(before)
    expect(() => {
      net.params.b2 = array([0, 0])
    }).toThrow(TypeError)
  })

  it('the same seed gives the same weights as TwoLayerNet\'s (W1 then W2, std · randn)', () => {
    const net = new TwoLayerNetSigmoid({ inputSize: 3, hiddenSize: 2, outputSize: 2, rng: new Rng(9) })
    const rng = new Rng(9)
    expect(net.params.W1!.toArray()).toEqual(rng.randn(3, 2).mul(0.01).toArray())
    expect(net.params.W2!.toArray()).toEqual(rng.randn(2, 2).mul(0.01).toArray())
  })

  it('names the network and the shapes on bad input; rejects bad sizes', () => {
    const net = new TwoLayerNetSigmoid({ inputSize: 4, hiddenSize: 2, outputSize: 2 })
    expect(() => net.predict(zeros([3, 5]))).toThrow("TwoLayerNetSigmoid.predict: 'x' (3,5) does not fit the network: expected (N, 4) (inputSize 4)")
    expect(() => net.gradient(zeros([4]), [0])).toThrow(ShapeError)
    expect(() => new TwoLayerNetSigmoid({ inputSize: 4, hiddenSize: -2, outputSize: 2 })).toThrow(ValueError)
  })
})
