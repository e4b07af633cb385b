import { describe, expect, it } from 'vitest'
import { Rng, ValueError, type NDArray } from '@dlfs/matrix'
import type { Layer } from '@dlfs/layers'
import { MultiLayerNetExtend } from './multi-layer-net-extend.js'
import { MultiLayerNet } from './multi-layer-net.js'
import { gradientCheck } from './gradient-check.js'

// Golden values (numpy running the book's common/multi_layer_net_extend.py with Batch Normalization and
// weight decay): networks-golden.test.ts.

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

const base = { inputSize: 6, hiddenSizeList: [5, 4], outputSize: 3 }

describe('6.3-multi-layer-net-extend: layers and parameters', () => {
  it('per hidden layer Affine → BatchNorm → activation → Dropout, with gamma/beta params', () => {
    const net = new MultiLayerNetExtend({ ...base, useDropout: true, useBatchnorm: true })
    expect([...net.layers.keys()]).toEqual([
      'Affine1', 'BatchNorm1', 'ActivationFunction1', 'Dropout1',
      'Affine2', 'BatchNorm2', 'ActivationFunction2', 'Dropout2',
      'Affine3',
    ])
    expect(Object.keys(net.params).sort()).toEqual(['W1', 'W2', 'W3', 'b1', 'b2', 'b3', 'beta1', 'beta2', 'gamma1', 'gamma2'])
    expect(net.params.gamma1!.toArray()).toEqual([1, 1, 1, 1, 1])
    expect(net.params.beta2!.toArray()).toEqual([0, 0, 0, 0])
    // Shared with the layers: BatchNorm1 holds the very same array.
    expect(net.layers.get('BatchNorm1')!.params().gamma).toBe(net.params.gamma1)
  })

  it('without the options it is MultiLayerNet: same layers (by kind), same weights for the same seed', () => {
    const a = new MultiLayerNetExtend({ ...base, rng: new Rng(4) })
    const b = new MultiLayerNet({ ...base, rng: new Rng(4) })
    expect([...a.layers.keys()]).toEqual([...b.layers.keys()])
    const x = new Rng(1).randn(3, 6)
    expect(a.predict(x).toArray()).toEqual(b.predict(x).toArray())
  })

  it('dropout masks come from rng after the weights: turning Dropout on leaves the initial weights alone', () => {
    const a = new MultiLayerNetExtend({ ...base, useDropout: true, rng: new Rng(4) })
    const b = new MultiLayerNetExtend({ ...base, rng: new Rng(4) })
    for (const key of Object.keys(b.params)) expect(a.params[key]!.toArray()).toEqual(b.params[key]!.toArray())
  })

  it('rejects a dropoutRatio outside [0, 1)', () => {
    expect(() => new MultiLayerNetExtend({ ...base, useDropout: true, dropoutRatio: 1 })).toThrow(
      "MultiLayerNetExtend: 'dropoutRatio' must be in [0, 1), got 1",
    )
    expect(() => new MultiLayerNetExtend({ ...base, dropoutRatio: -0.1 })).toThrow(ValueError)
  })
})

describe('6.3-multi-layer-net-extend: trainFlg', () => {
  const rng = new Rng(41)
  const x = rng.randn(6, 6)

  it('Dropout: training draws a new mask each call; inference is deterministic', () => {
    const net = new MultiLayerNetExtend({ ...base, useDropout: true, rng: new Rng(2) })
    expect(net.predict(x, true).toArray()).not.toEqual(net.predict(x, true).toArray())
    expect(net.predict(x, false).toArray()).toEqual(net.predict(x).toArray())
    expect(net.accuracy(x, [0, 1, 2, 0, 1, 2])).toBe(net.accuracy(x, [0, 1, 2, 0, 1, 2]))
  })

  it('Dropout: one seed repeats the masks exactly, another seed does not', () => {
    const make = (seed: number) => new MultiLayerNetExtend({ ...base, useDropout: true, rng: new Rng(seed) })
    const [a, b, c] = [make(3), make(3), make(4)]
    for (let step = 0; step < 3; step++) {
      const [ya, yb] = [a.predict(x, true), b.predict(x, true)]
      expect(Array.from(ya.data)).toEqual(Array.from(yb.data))
      expect(a.loss(x, [0, 1, 2, 0, 1, 2], true)).toBe(b.loss(x, [0, 1, 2, 0, 1, 2], true))
    }
    expect(c.predict(x, true).toArray()).not.toEqual(a.predict(x, true).toArray())
  })

  it('BatchNormalization: training normalizes with the batch, inference with running statistics', () => {
    const net = new MultiLayerNetExtend({ ...base, useBatchnorm: true, rng: new Rng(2) })
    // Training: a sample's output depends on the rest of its batch.
    const firstOfAll = net.predict(x, true).slice([0, 1])
    const firstOfTwo = net.predict(x.slice([0, 2]), true).slice([0, 1])
    expect(firstOfAll.toArray()).not.toEqual(firstOfTwo.toArray())
    // Inference: it does not (running statistics only), and the training calls above moved those statistics.
    const before = net.predict(x, false)
    expect(before.slice([0, 1]).toArray()).toEqual(net.predict(x.slice([0, 1]), false).toArray())
    net.predict(x, true)
    expect(net.predict(x, false).toArray()).not.toEqual(before.toArray())
  })
})

describe('6.3-multi-layer-net-extend: gradient check', () => {
  const rng = new Rng(42)
  const x = rng.randn(4, 6)
  const t = [2, 0, 1, 1]

  // Gradients well above rounding noise (He init, 4 samples); the residue is central-difference truncation and the
  // book's 1e-7 inside the log, ~1e-6. BatchNormalization cancels b1 and b2, whose gradients are ~1e-17 both ways.
  it('with BatchNormalization and weight decay: backprop agrees with central differences (< 1e-5)', () => {
    const net = new MultiLayerNetExtend({ ...base, useBatchnorm: true, weightDecayLambda: 0.1, rng: new Rng(5) })
    const report = gradientCheck(net, x, t)
    expect(report.map((e) => e.key)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3', 'gamma1', 'beta1', 'gamma2', 'beta2'])
    for (const e of report) expect(e.maxRelError, e.key).toBeLessThan(1e-5)
  })

  it('with Dropout (masks frozen so the loss is one function) and BatchNormalization (< 1e-5)', () => {
    const net = new MultiLayerNetExtend({ ...base, useDropout: true, useBatchnorm: true, activation: 'sigmoid', rng: new Rng(6) })
    const maskRng = new Rng(7)
    net.layers.set('Dropout1', new FrozenDropout(maskRng.rand(4, 5).greater(0.5)))
    net.layers.set('Dropout2', new FrozenDropout(maskRng.rand(4, 4).greater(0.5)))
    for (const e of gradientCheck(net, x, t)) expect(e.maxRelError, e.key).toBeLessThan(1e-5)
  })
})
