import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arrayArb, broadcastShapesArb, flatValues } from './arbitraries.js'
import { sizeOf } from '../src/shape.js'

describe('test arbitraries', () => {
  it('arrays read back as many values as their size, whatever the layout', () => {
    fc.assert(fc.property(arrayArb(), (x) => flatValues(x).length === sizeOf(x.shape)))
  })
  it('broadcast pairs differ from their output only by dropped axes or ones', () => {
    fc.assert(
      fc.property(broadcastShapesArb(), ([a, b]) => {
        const n = Math.max(a.length, b.length)
        for (let i = 1; i <= n; i++) {
          const p = a[a.length - i] ?? 1
          const q = b[b.length - i] ?? 1
          expect(p === q || p === 1 || q === 1).toBe(true)
        }
      }),
    )
  })
})
