import { describe, expect, it } from 'vitest'
import { Rng, ValueError } from '@dlfs/matrix'
import { Nesterov } from './nesterov.js'
import { SGD } from './sgd.js'
import { expectThrows, optimizerSuite } from '../../test/optimizer-suite.js'

optimizerSuite('6.1-nesterov', { name: 'Nesterov', make: (o) => new Nesterov(o), defaults: { lr: 0.01, momentum: 0.9 }, state: ['v'] })

describe('6.1-nesterov: the rule', () => {
  it('is SGD when momentum is 0', () => {
    const rng = new Rng(9)
    const W = rng.randn(2, 3)
    const reference = W.copy()
    const [opt, sgd] = [new Nesterov({ lr: 0.05, momentum: 0 }), new SGD({ lr: 0.05 })]
    for (let i = 0; i < 4; i++) {
      const g = rng.randn(2, 3)
      opt.update({ W }, { W: g })
      sgd.update({ W: reference }, { W: g })
    }
    expect(Array.from(W.data)).toEqual(Array.from(reference.data))
  })
  it('moves W with the NEW v (the current code\'s order): step = α²·v_new − (1 + α)·η·g', () => {
    const rng = new Rng(10)
    const W = rng.randn(4)
    const opt = new Nesterov({ lr: 0.1, momentum: 0.5 })
    opt.update({ W }, { W: rng.randn(4) })
    const before = W.copy()
    const g = rng.randn(4)
    opt.update({ W }, { W: g })
    W.sub(before).data.forEach((d, j) => expect(d).toBeCloseTo(0.25 * opt.v.W!.data[j]! - 1.5 * 0.1 * g.data[j]!, 14))
  })
})

describe('6.1-nesterov: errors', () => {
  it('rejects a momentum outside [0, 1)', () => {
    expectThrows(() => new Nesterov({ momentum: 1 }), ValueError, `Nesterov: option 'momentum' must be in [0, 1), got 1`)
  })
})
