import { describe, expect, it } from 'vitest'
import { Rng, ValueError } from '@dlfs/matrix'
import { Momentum } from './momentum.js'
import { SGD } from './sgd.js'
import { expectThrows, optimizerSuite } from '../../test/optimizer-suite.js'

optimizerSuite('6.1.4-momentum', { name: 'Momentum', make: (o) => new Momentum(o), defaults: { lr: 0.01, momentum: 0.9 }, state: ['v'] })

describe('6.1.4-momentum: the rule', () => {
  it('is SGD when momentum is 0', () => {
    const rng = new Rng(7)
    const [a, b] = [rng.randn(3, 2), rng.randn(4)]
    const params = { a, b }
    const reference = { a: a.copy(), b: b.copy() }
    const [opt, sgd] = [new Momentum({ lr: 0.1, momentum: 0 }), new SGD({ lr: 0.1 })]
    for (let i = 0; i < 4; i++) {
      const grads = { a: rng.randn(3, 2), b: rng.randn(4) }
      opt.update(params, grads)
      sgd.update(reference, grads)
    }
    expect(Array.from(a.data)).toEqual(Array.from(reference.a.data))
    expect(Array.from(b.data)).toEqual(Array.from(reference.b.data))
  })
  it('keeps v as the last step taken: W_after − W_before = v', () => {
    const rng = new Rng(8)
    const W = rng.randn(5)
    const opt = new Momentum()
    for (let i = 0; i < 3; i++) {
      const before = W.copy()
      opt.update({ W }, { W: rng.randn(5) })
      const step = W.sub(before)
      step.data.forEach((d, j) => expect(d).toBeCloseTo(opt.v.W!.data[j]!, 14))
    }
  })
})

describe('6.1.4-momentum: errors', () => {
  it('rejects a momentum outside [0, 1)', () => {
    for (const momentum of [1, -0.1, 1.5, Number.NaN]) {
      expectThrows(() => new Momentum({ momentum }), ValueError, `Momentum: option 'momentum' must be in [0, 1), got ${momentum}`)
    }
  })
})
