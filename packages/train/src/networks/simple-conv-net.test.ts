import { describe, expect, it } from 'vitest'
import { Rng, ShapeError, ValueError, zeros } from '@dlfs/matrix'
import { SimpleConvNet } from './simple-conv-net.js'
import { gradientCheck } from './gradient-check.js'

// Golden values (numpy running the book's ch07/simple_convnet.py): networks-golden.test.ts.

const tiny = { inputDim: [1, 6, 6] as const, convParam: { filterNum: 2, filterSize: 3, pad: 1 }, hiddenSize: 4, outputSize: 3 }

describe('7.5-simple-conv-net: layers and parameters', () => {
  it('defaults are the book\'s: 30 filters 5×5 on 1×28×28, 100 hidden, 10 classes, std 0.01', () => {
    const net = new SimpleConvNet({ rng: new Rng(1) })
    expect([...net.layers.keys()]).toEqual(['Conv1', 'Relu1', 'Pool1', 'Affine1', 'Relu2', 'Affine2'])
    expect(Object.fromEntries(Object.entries(net.params).map(([k, v]) => [k, v.shape]))).toEqual({
      W1: [30, 1, 5, 5], b1: [30], W2: [30 * 12 * 12, 100], b2: [100], W3: [100, 10], b3: [10],
    })
    const rng = new Rng(1)
    expect(net.params.W1!.toArray()).toEqual(rng.randn(30, 1, 5, 5).mul(0.01).toArray())
    expect(net.predict(zeros([2, 1, 28, 28])).shape).toEqual([2, 10])
  })

  it('sizes each axis on its own, flooring: non-square images and odd conv outputs work', () => {
    // 7×9 input, 3×3 filters, no pad: conv 5×7, pool 2×3 (the book's formula would give 30·2.5·2.5 = 187).
    const net = new SimpleConvNet({ inputDim: [2, 7, 9], convParam: { filterNum: 3, filterSize: 3 }, hiddenSize: 4, outputSize: 2 })
    expect(net.params.W1!.shape).toEqual([3, 2, 3, 3])
    expect(net.params.W2!.shape).toEqual([3 * 2 * 3, 4])
    expect(net.predict(new Rng(0).randn(3, 2, 7, 9)).shape).toEqual([3, 2])
  })

  it('params are the layers\' arrays, and a seed repeats exactly', () => {
    const [a, b] = [new SimpleConvNet({ ...tiny, rng: new Rng(3) }), new SimpleConvNet({ ...tiny, rng: new Rng(3) })]
    for (const key of Object.keys(a.params)) expect(Array.from(a.params[key]!.data)).toEqual(Array.from(b.params[key]!.data))
    expect(a.layers.get('Conv1')!.params().W).toBe(a.params.W1)
    const x = new Rng(9).randn(2, 1, 6, 6)
    const before = a.predict(x)
    a.params.b3!.addInPlace(1) // Affine2's bias: every score goes up by 1
    expect(a.predict(x).sub(before).sub(1).abs().max().item()).toBeLessThan(1e-14)
  })
})

describe('7.5-simple-conv-net: gradient check', () => {
  // Std 0.2 weights on 3 images of 1×6×6; the seeded data keeps ReLU inputs off 0 and pooling windows free of
  // near-ties (a max that changes under a nudge of h = 1e-4 would be a kink). Larger weights saturate the softmax:
  // where the right class gets y ≲ 1e-5, the book's log(y + 1e-7) goes flat and backprop (which ignores the 1e-7)
  // disagrees — with std 0.5 and seed 51, y = 6e-10 and the "error" is 1.2. Residue here ~1e-6.
  it('backprop agrees with central differences (max relative error < 1e-5)', () => {
    const rng = new Rng(51)
    const net = new SimpleConvNet({ ...tiny, weightInitStd: 0.2, rng })
    const report = gradientCheck(net, rng.randn(3, 1, 6, 6), [0, 2, 1])
    expect(report.map((e) => e.key)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3'])
    for (const e of report) expect(e.maxRelError, e.key).toBeLessThan(1e-5)
  })
})

describe('7.5-simple-conv-net: accuracy', () => {
  it('counts every sample: 5 images in batches of 2 (the book\'s loop would skip the fifth)', () => {
    const rng = new Rng(52)
    const net = new SimpleConvNet({ ...tiny, weightInitStd: 0.5, rng })
    const x = rng.randn(5, 1, 6, 6)
    const t = Array.from(net.predict(x).argmax(1).data)
    expect(net.accuracy(x, t, 2)).toBe(1)
    const oneHot = zeros([5, 3])
    t.forEach((label, i) => oneHot.set([i, i === 4 ? (label + 1) % 3 : label], 1))
    expect(net.accuracy(x, oneHot, 2)).toBe(4 / 5)
  })
})

describe('7.5-simple-conv-net: errors', () => {
  it('predict names the network and the shapes', () => {
    const net = new SimpleConvNet(tiny)
    expect(() => net.predict(zeros([2, 36]))).toThrow("SimpleConvNet.predict: 'x' (2,36) does not fit the network: expected (N, 1, 6, 6) (inputDim (1,6,6))")
    expect(() => net.predict(zeros([2, 1, 6, 7]))).toThrow(ShapeError)
  })

  it('the constructor rejects filters larger than the input and bad sizes', () => {
    expect(() => new SimpleConvNet({ inputDim: [1, 4, 4] })).toThrow(
      'SimpleConvNet: convOutputSize: filter size 5 is larger than the padded input size 4 (input 4, pad 0)',
    )
    expect(() => new SimpleConvNet({ inputDim: [1, 0, 4] as unknown as [number, number, number] })).toThrow(ValueError)
    expect(() => new SimpleConvNet({ convParam: { filterNum: 0 } })).toThrow("SimpleConvNet: 'filterNum' must be a positive integer, got 0")
    expect(() => new SimpleConvNet({ convParam: { pad: -1 } })).toThrow(ValueError)
  })
})
