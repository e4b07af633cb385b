import { describe, expect, it } from 'vitest'
import { Rng, ValueError, zeros, type NDArray } from '@dlfs/matrix'
import type { Layer } from '@dlfs/layers'
import { softmax } from '@dlfs/losses'
import { DeepConvNet, deepConvNetConvParams } from './deep-conv-net.js'
import { gradientCheck } from './gradient-check.js'

/** A Dropout whose training mask never changes, so the training-mode loss is one function to differentiate. */
class FrozenDropout implements Layer {
  constructor(private readonly mask: NDArray) {}
  forward(x: NDArray, trainFlg = true): NDArray {
    return trainFlg ? x.mul(this.mask) : x.mul(0.5)
  }
  backward(dout: NDArray): NDArray {
    return dout.mul(this.mask)
  }
  params() {
    return {}
  }
  grads() {
    return {}
  }
}

/** Replace both Dropout layers by frozen ones, for a batch of n samples. */
function freezeDropout(net: DeepConvNet, n: number, hiddenSize: number, outputSize: number): void {
  const rng = new Rng(99)
  net.layers.set('Dropout1', new FrozenDropout(rng.rand(n, hiddenSize).greater(0.5)))
  net.layers.set('Dropout2', new FrozenDropout(rng.rand(n, outputSize).greater(0.5)))
}

describe('8.1-deep-conv-net: the book\'s architecture', () => {
  const net = new DeepConvNet({ rng: new Rng(1) })

  it('has the six 3×3 convs (16, 16, 32, 32, 64, 64; pads 1, 1, 1, 2, 1, 1), pools, two Affines and Dropouts', () => {
    expect([...net.layers.keys()]).toEqual([
      'Conv1', 'Relu1', 'Conv2', 'Relu2', 'Pool1',
      'Conv3', 'Relu3', 'Conv4', 'Relu4', 'Pool2',
      'Conv5', 'Relu5', 'Conv6', 'Relu6', 'Pool3',
      'Affine1', 'Relu7', 'Dropout1', 'Affine2', 'Dropout2',
    ])
    expect(deepConvNetConvParams.map((p) => [p.filterNum, p.filterSize, p.pad, p.stride])).toEqual([
      [16, 3, 1, 1], [16, 3, 1, 1], [32, 3, 1, 1], [32, 3, 2, 1], [64, 3, 1, 1], [64, 3, 1, 1],
    ])
    expect(Object.fromEntries(Object.entries(net.params).map(([k, v]) => [k, v.shape]))).toEqual({
      W1: [16, 1, 3, 3], b1: [16], W2: [16, 16, 3, 3], b2: [16], W3: [32, 16, 3, 3], b3: [32],
      W4: [32, 32, 3, 3], b4: [32], W5: [64, 32, 3, 3], b5: [64], W6: [64, 64, 3, 3], b6: [64],
      W7: [64 * 4 * 4, 50], b7: [50], W8: [50, 10], b8: [10],
    })
    expect(Object.values(net.params).reduce((n, p) => n + p.size, 0)).toBe(123552)
  })

  it('initialises with He scales √(2/n) for the book\'s pre_node_nums, drawn W1 … W8 in order', () => {
    const preNodeNums = [1 * 3 * 3, 16 * 3 * 3, 16 * 3 * 3, 32 * 3 * 3, 32 * 3 * 3, 64 * 3 * 3, 64 * 4 * 4, 50]
    expect(net.weightInitScales).toEqual(preNodeNums.map((n) => Math.sqrt(2.0 / n)))
    const rng = new Rng(1)
    expect(net.params.W1!.toArray()).toEqual(rng.randn(16, 1, 3, 3).mul(net.weightInitScales[0]!).toArray())
    expect(net.params.W2!.toArray()).toEqual(rng.randn(16, 16, 3, 3).mul(net.weightInitScales[1]!).toArray())
    for (let i = 1; i <= 8; i++) expect(net.params[`b${i}`]!.sum().item()).toBe(0)
  })

  it('predicts (N, 10) scores from (N, 1, 28, 28); inference is deterministic, training drops units', () => {
    const x = new Rng(2).rand(2, 1, 28, 28)
    const y = net.predict(x)
    expect(y.shape).toEqual([2, 10])
    expect(net.predict(x, false).toArray()).toEqual(y.toArray())
    expect(net.predict(x, true).toArray()).not.toEqual(net.predict(x, true).toArray())
  })

  it('one seed drives the weights and the dropout masks', () => {
    const x = new Rng(3).rand(1, 1, 16, 16)
    const [a, b] = [new DeepConvNet({ inputDim: [1, 16, 16], rng: new Rng(4) }), new DeepConvNet({ inputDim: [1, 16, 16], rng: new Rng(4) })]
    expect(Array.from(a.params.W7!.data)).toEqual(Array.from(b.params.W7!.data))
    expect(Array.from(a.predict(x, true).data)).toEqual(Array.from(b.predict(x, true).data))
  })

  it('names the network and the shapes on bad input; rejects a wrong number of convs', () => {
    expect(() => net.predict(zeros([1, 1, 16, 16]))).toThrow(
      "DeepConvNet.predict: 'x' (1,1,16,16) does not fit the network: expected (N, 1, 28, 28) (inputDim (1,28,28))",
    )
    expect(() => new DeepConvNet({ convParams: deepConvNetConvParams.slice(0, 5) })).toThrow("DeepConvNet: 'convParams' must hold the 6 convolutions, got 5")
    expect(() => new DeepConvNet({ inputDim: [1, 2, 2] })).toThrow(ValueError)
  })
})

describe('8.1-deep-conv-net: gradient check', () => {
  it('a narrow copy (2 filters per conv, 1×8×8 input, Dropout masks frozen): every parameter (< 1e-5)', () => {
    // Same code path as the full net, small enough for central differences over all ~240 weights.
    const convParams = deepConvNetConvParams.map((p) => ({ ...p, filterNum: 2 }))
    const rng = new Rng(61)
    const net = new DeepConvNet({ inputDim: [1, 8, 8], convParams, hiddenSize: 4, outputSize: 3, rng })
    freezeDropout(net, 2, 4, 3)
    const report = gradientCheck(net, rng.randn(2, 1, 8, 8), [1, 2])
    expect(report.map((e) => e.key)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3', 'W4', 'b4', 'W5', 'b5', 'W6', 'b6', 'W7', 'b7', 'W8', 'b8'])
    for (const e of report) expect(e.maxRelError, e.key).toBeLessThan(1e-5)
  })

  it('the book\'s filters on one 1×16×16 image: sampled weights of every parameter (< 1e-5)', () => {
    // Central differences over all 85,152 weights would take minutes: check 3 random elements of each array.
    const rng = new Rng(62)
    const net = new DeepConvNet({ inputDim: [1, 16, 16], rng })
    freezeDropout(net, 1, 50, 10)
    const x = rng.randn(1, 1, 16, 16)
    const t = [3]
    // Precondition: the softmax is not saturated (see gradient-check.ts), so the 1e-7 in the log is negligible.
    expect(softmax(net.predict(x, true)).get(0, 3)).toBeGreaterThan(1e-3)
    const grads = net.gradient(x, t)
    const h = 1e-4
    for (const [key, param] of Object.entries(net.params)) {
      const scale = Math.max(...Array.from(grads[key]!.data, Math.abs), 1e-8)
      for (const i of Array.from(rng.choice(param.size, 3, { replace: false }).data)) {
        const v = param.data[i]!
        param.data[i] = v + h
        const fxh1 = net.loss(x, t, true)
        param.data[i] = v - h
        const fxh2 = net.loss(x, t, true)
        param.data[i] = v
        const numerical = (fxh1 - fxh2) / (2 * h)
        expect(Math.abs(grads[key]!.data[i]! - numerical) / scale, `${key}[${i}]`).toBeLessThan(1e-5)
      }
    }
  })
})

describe('8.1-deep-conv-net: accuracy', () => {
  it('evaluates every sample in inference mode, one-hot or index labels', () => {
    const rng = new Rng(63)
    const convParams = deepConvNetConvParams.map((p) => ({ ...p, filterNum: 2 }))
    const net = new DeepConvNet({ inputDim: [1, 8, 8], convParams, hiddenSize: 4, outputSize: 3, rng })
    const x = rng.randn(5, 1, 8, 8)
    const t = Array.from(net.predict(x).argmax(1).data)
    t[4] = (t[4]! + 1) % 3
    const oneHot = zeros([5, 3])
    t.forEach((label, i) => oneHot.set([i, label], 1))
    expect(net.accuracy(x, t, 2)).toBe(4 / 5)
    expect(net.accuracy(x, oneHot, 3)).toBe(4 / 5)
  })
})
