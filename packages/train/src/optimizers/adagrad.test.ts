import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Rng, array } from '@dlfs/matrix'
import { AdaGrad } from './adagrad.js'
import { optimizerSuite } from '../../test/optimizer-suite.js'

optimizerSuite('6.1.5-adagrad', { name: 'AdaGrad', make: (o) => new AdaGrad(o), defaults: { lr: 0.01 }, state: ['h'] })

describe('6.1.5-adagrad: the rule', () => {
  it('takes a first step of about lr against the gradient\'s sign, whatever its size', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.boolean(), (size, negative) => {
        const g = negative ? -size : size
        const W = array([0])
        new AdaGrad({ lr: 0.5 }).update({ W }, { W: array([g]) })
        expect(W.item()).toBeCloseTo(negative ? 0.5 : -0.5, 3)
      }),
      { numRuns: 50 },
    )
  })
  it('leaves an element with a zero gradient where it is (the 1e-7 keeps 0/0 away)', () => {
    const W = array([1, 2])
    const opt = new AdaGrad()
    opt.update({ W }, { W: array([0, 1]) })
    expect(W.get(0)).toBe(1)
    expect(opt.h.W!.get(0)).toBe(0)
  })
  it('shrinks the steps as squared gradients add up: a constant gradient g gives steps lr/√t', () => {
    const W = array([0])
    const opt = new AdaGrad({ lr: 1 })
    let last = 0
    for (let t = 1; t <= 5; t++) {
      opt.update({ W }, { W: array([2]) })
      expect(last - W.item()).toBeCloseTo(1 / Math.sqrt(t), 6)
      last = W.item()
    }
  })
  it('keeps h as the sum of squared gradients', () => {
    const rng = new Rng(11)
    const W = rng.randn(3)
    const opt = new AdaGrad()
    const sum = [0, 0, 0]
    for (let i = 0; i < 4; i++) {
      const g = rng.randn(3)
      g.data.forEach((v, j) => (sum[j]! += v * v))
      opt.update({ W }, { W: g })
    }
    opt.h.W!.data.forEach((h, j) => expect(h).toBeCloseTo(sum[j]!, 14))
  })
})
