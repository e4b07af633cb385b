import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Rng } from '@dlfs/matrix'
import { SGD } from './sgd.js'
import { optimizerSuite } from '../../test/optimizer-suite.js'

optimizerSuite('6.1.2-sgd', { name: 'SGD', make: (o) => new SGD(o), defaults: { lr: 0.01 }, state: [] })

describe('6.1.2-sgd: the rule', () => {
  it('moves every element by −lr·g, whatever the shape', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }), fc.double({ min: 1e-4, max: 10, noNaN: true }), fc.nat(), (shape, lr, seed) => {
        const rng = new Rng(seed)
        const [W, g] = [rng.randn(shape), rng.randn(shape)]
        const before = Array.from(W.data)
        new SGD({ lr }).update({ W }, { W: g })
        expect(Array.from(W.data)).toEqual(before.map((w, i) => w - lr * g.data[i]!))
      }),
      { numRuns: 50 },
    )
  })
})
