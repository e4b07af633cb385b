import { describe, expect, it } from 'vitest'
import { ValueError, array } from '@dlfs/matrix'
import { RMSprop } from './rmsprop.js'
import { expectThrows, optimizerSuite } from '../../test/optimizer-suite.js'

optimizerSuite('6.1.5-rmsprop', { name: 'RMSprop', make: (o) => new RMSprop(o), defaults: { lr: 0.01, decayRate: 0.99 }, state: ['h'] })

describe('6.1.5-rmsprop: the rule', () => {
  it('takes steps of lr·g/(|g| + 1e-7), about lr, when decayRate is 0 (h is then just g²)', () => {
    const W = array([0])
    const opt = new RMSprop({ lr: 0.1, decayRate: 0 })
    for (const g of [3, 0.01, -200]) {
      const before = W.item()
      opt.update({ W }, { W: array([g]) })
      expect(before - W.item()).toBeCloseTo((0.1 * g) / (Math.abs(g) + 1e-7), 14)
    }
  })
  it('keeps h as a moving average of g², unlike AdaGrad\'s sum: a constant g gives h = (1 − ρᵗ)·g²', () => {
    const W = array([0])
    const opt = new RMSprop({ decayRate: 0.9 })
    for (let t = 1; t <= 5; t++) {
      opt.update({ W }, { W: array([2]) })
      expect(opt.h.W!.item()).toBeCloseTo((1 - 0.9 ** t) * 4, 13)
    }
  })
})

describe('6.1.5-rmsprop: errors', () => {
  it('rejects a decayRate outside [0, 1)', () => {
    expectThrows(() => new RMSprop({ decayRate: 1 }), ValueError, `RMSprop: option 'decayRate' must be in [0, 1), got 1`)
    expectThrows(() => new RMSprop({ decayRate: -0.5 }), ValueError, `RMSprop: option 'decayRate' must be in [0, 1), got -0.5`)
  })
})
