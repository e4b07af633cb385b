import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ValueError } from '@dlfs/matrix'
import { i0, kaiser, smoothCurve } from './smooth-curve.js'

// Golden values: scripts/golden/utils.py runs the book's common/util.py smooth_curve, np.kaiser and np.i0.
interface Fixture {
  i0: { x: number; y: number }[]
  kaiser: { M: number; beta: number; w: number[] }[]
  smoothCurve: { name: string; x: number[]; y: number[] }[]
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/utils.json', import.meta.url), 'utf8')) as Fixture

/** Largest |a − e| / |e| (|a − e| where e is 0), after checking the lengths agree. */
function relativeError(actual: ArrayLike<number>, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length)
  return Math.max(0, ...expected.map((e, i) => (e === 0 ? Math.abs(actual[i]!) : Math.abs(actual[i]! - e) / Math.abs(e))))
}

const curve = (minLength: number, maxLength = 60) =>
  fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength, maxLength })

describe('6.1.8-smooth-curve: golden values from numpy and the book\'s common/util.py', () => {
  it.each(fixture.i0.map((c) => [c.x, c.y] as const))('i0(%d) matches np.i0', (x, y) => {
    expect(relativeError([i0(x)], [y])).toBeLessThanOrEqual(1e-14)
  })
  it.each(fixture.kaiser.map((c) => [c.M, c.beta, c.w] as const))('kaiser(%d, %d) matches np.kaiser', (M, beta, w) => {
    expect(relativeError(kaiser(M, beta), w)).toBeLessThanOrEqual(1e-14)
  })
  it.each(fixture.smoothCurve.map((c) => [c.name, c] as const))('smoothCurve(%s) matches smooth_curve', (_, c) => {
    expect(relativeError(smoothCurve(c.x), c.y)).toBeLessThanOrEqual(1e-12)
    expect(relativeError(smoothCurve(Float64Array.from(c.x)), c.y)).toBeLessThanOrEqual(1e-12)
  })
})

describe('6.1.8-smooth-curve: properties', () => {
  it('keeps the length, and every point inside the range of the input (a weighted mean)', () => {
    fc.assert(
      fc.property(curve(11), (x) => {
        const y = smoothCurve(x)
        expect(y.length).toBe(x.length)
        const [lo, hi] = [Math.min(...x), Math.max(...x)]
        for (const v of y) {
          expect(v).toBeGreaterThanOrEqual(lo - 1e-9 * Math.max(1, Math.abs(lo)))
          expect(v).toBeLessThanOrEqual(hi + 1e-9 * Math.max(1, Math.abs(hi)))
        }
      }),
      { numRuns: 100 },
    )
  })
  it('leaves a constant curve constant', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 11, max: 40 }), (c, n) => {
        for (const v of smoothCurve(new Array<number>(n).fill(c))) expect(v).toBeCloseTo(c, 8)
      }),
    )
  })
  it('does not change its input', () => {
    fc.assert(
      fc.property(curve(0), (x) => {
        const before = [...x]
        smoothCurve(x)
        expect(x).toEqual(before)
      }),
    )
  })
  it('returns a copy of a curve shorter than the window (11 points), unsmoothed', () => {
    fc.assert(
      fc.property(curve(0, 10), (x) => {
        const y = smoothCurve(x)
        expect(y).toEqual(x)
        expect(y).not.toBe(x)
      }),
    )
    expect(smoothCurve(new Float64Array(3).fill(2))).toEqual([2, 2, 2])
  })
  it('spreads a NaN only to the points whose window holds it', () => {
    const x = Array.from({ length: 30 }, (_, i) => i)
    x[15] = Number.NaN
    const y = smoothCurve(x)
    y.forEach((v, i) => expect(Number.isNaN(v)).toBe(Math.abs(i - 15) <= 5))
  })
})

describe('6.1.8-smooth-curve: errors', () => {
  it('kaiser names a bad window length', () => {
    expect(() => kaiser(-1, 2)).toThrow(ValueError)
    expect(() => kaiser(2.5, 2)).toThrow(`kaiser: 'M' must be a non-negative integer, got 2.5`)
  })
})
