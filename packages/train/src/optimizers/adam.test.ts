import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Rng, ValueError, array } from '@dlfs/matrix'
import { Adam } from './adam.js'
import { expectThrows, optimizerSuite } from '../../test/optimizer-suite.js'

optimizerSuite('6.1.6-adam', { name: 'Adam', make: (o) => new Adam(o), defaults: { lr: 0.001, beta1: 0.9, beta2: 0.999 }, state: ['m', 'v'] })

describe('6.1.6-adam: the rule', () => {
  it('takes a first step of about lr against the gradient\'s sign (what the bias correction is for)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-2, max: 1e3, noNaN: true }), fc.boolean(), (size, negative) => {
        const W = array([0])
        new Adam({ lr: 0.01 }).update({ W }, { W: array([negative ? -size : size]) })
        expect(Math.abs(W.item() - (negative ? 0.01 : -0.01))).toBeLessThan(1e-5)
      }),
      { numRuns: 50 },
    )
  })
  it('adds 1e-7 to the uncorrected √v: a tiny first gradient moves W by lr·g/(|g| + 1e-7/√(1−β2))', () => {
    // The book's form, unlike PyTorch/TF.js's lr·ĝ/(|ĝ| + eps): with g = 1e-6 the two differ by ~3 %.
    const W = array([0])
    new Adam({ lr: 1 }).update({ W }, { W: array([1e-6]) })
    expect(-W.item()).toBeCloseTo(1e-6 / (1e-6 + 1e-7 / Math.sqrt(0.001)), 12)
  })
  it('counts iter once per update call, not per key, and not when the update is refused', () => {
    const rng = new Rng(12)
    const params = { W1: rng.randn(2, 2), b1: rng.randn(2) }
    const opt = new Adam()
    opt.update(params, { W1: rng.randn(2, 2), b1: rng.randn(2) })
    opt.update(params, { W1: rng.randn(2, 2), b1: rng.randn(2) })
    expect(opt.iter).toBe(2)
    expect(() => opt.update(params, { W1: rng.randn(2, 2) })).toThrow(ValueError)
    expect(opt.iter).toBe(2)
  })
  it('starts a key that appears late from zero moments, with the bias correction of the current iter', () => {
    const opt = new Adam({ lr: 0.1 })
    const a = array([1])
    opt.update({ a }, { a: array([1]) })
    const b = array([1])
    opt.update({ a, b }, { a: array([1]), b: array([1]) })
    // t = 2: m = 0.1·g, v = 0.001·g², lr_t = 0.1·√(1 − 0.999²)/(1 − 0.9²)
    const lrT = (0.1 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2)
    expect(1 - b.item()).toBeCloseTo((lrT * 0.1) / (Math.sqrt(0.001) + 1e-7), 14)
  })
})

describe('6.1.6-adam: errors', () => {
  it('rejects beta1 and beta2 outside [0, 1)', () => {
    expectThrows(() => new Adam({ beta1: 1 }), ValueError, `Adam: option 'beta1' must be in [0, 1), got 1`)
    expectThrows(() => new Adam({ beta2: -0.5 }), ValueError, `Adam: option 'beta2' must be in [0, 1), got -0.5`)
  })
  it('has no momentum option', () => {
    expectThrows(() => new Adam({ momentum: 0.9 } as never), ValueError, `Adam: unknown option 'momentum' (valid options: lr, beta1, beta2)`)
  })
})
