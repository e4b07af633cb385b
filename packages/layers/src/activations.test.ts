import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, array } from '@dlfs/matrix'
import { identityFunction, relu, sigmoid, stepFunction } from './activations.js'

// Golden values: scripts/golden/basic-layers.py runs the book's common/functions.py.
interface Arr {
  shape: number[]
  data: number[]
}
interface ActivationCase {
  name: string
  x: Arr
  stepFunction: Arr
  sigmoid: Arr
  relu: Arr
  identityFunction: Arr
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/basic-layers.json', import.meta.url), 'utf8')) as { activations: ActivationCase[] }

const fromArr = (a: Arr) => new NDArray(Float64Array.from(a.data), a.shape)
const bits = (x: NDArray) => Array.from(new Uint8Array(x.data.buffer.slice(0)))

/**
 * Same shape and element-wise |actual − expected| ≤ rtol·|expected|. With rtol = 0 this is `===` per
 * element, so +0 and −0 count as equal: numpy's maximum(0, −0.0) keeps −0.0, Math.max gives +0.
 */
function expectValues(actual: NDArray, expected: Arr, rtol = 0): void {
  expect(actual.shape).toEqual(expected.shape)
  const a = actual.flatten().data
  expect(a.length).toBe(expected.data.length)
  expected.data.forEach((e, i) => {
    const ok = a[i] === e || Math.abs(a[i]! - e) <= rtol * Math.abs(e)
    expect(ok, `element ${i}: ${a[i]} vs ${e}`).toBe(true)
  })
}

/** Any shape (0-d and size 0 included) of values in [−lim, lim]. */
function arrayArb(lim = 1000): fc.Arbitrary<NDArray> {
  return fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }).chain((shape) => {
    const n = shape.reduce((p, d) => p * d, 1)
    const value = fc.oneof(fc.double({ min: -lim, max: lim, noNaN: true }), fc.constantFrom(0, -0, 1e-300, -1e-300))
    return fc.array(value, { minLength: n, maxLength: n }).map((v) => new NDArray(Float64Array.from(v), shape))
  })
}

describe('3.2-activations: golden values from the book\'s common/functions.py', () => {
  for (const c of fixture.activations) {
    it(`stepFunction, relu, identityFunction: ${c.name}`, () => {
      const x = fromArr(c.x)
      expectValues(stepFunction(x), c.stepFunction)
      expectValues(relu(x), c.relu)
      expectValues(identityFunction(x), c.identityFunction)
    })
    it(`sigmoid: ${c.name}`, () => {
      // 1/(1 + exp(−x)): V8's Math.exp may differ from libm's in the last ulp, hence 4 ulps.
      expectValues(sigmoid(fromArr(c.x)), c.sigmoid, 4 * Number.EPSILON)
    })
  }
})

describe('3.2.4-sigmoid: numerical stability', () => {
  it('sigmoid(−1000) is exactly 0 and sigmoid(1000) exactly 1, both finite (exp overflows to Infinity, 1/Infinity = 0)', () => {
    const y = sigmoid(array([-1000, 1000, -Number.MAX_VALUE, Number.MAX_VALUE]))
    expect(y.toArray()).toEqual([0, 1, 0, 1])
  })

  it('never gives NaN for finite x, stays in [0, 1], and is non-decreasing', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 20 }), (xs) => {
        const sorted = [...xs].sort((a, b) => a - b)
        const y = sigmoid(array(sorted)).data
        expect(y.every((v) => v >= 0 && v <= 1)).toBe(true)
        for (let i = 1; i < y.length; i++) expect(y[i]!).toBeGreaterThanOrEqual(y[i - 1]!)
      }),
    )
  })

  it('is symmetric: sigmoid(x) + sigmoid(−x) = 1 within rounding', () => {
    fc.assert(
      fc.property(arrayArb(50), (x) => {
        const s = sigmoid(x).add(sigmoid(x.neg()))
        for (const v of s.data) expect(Math.abs(v - 1)).toBeLessThanOrEqual(2 * Number.EPSILON)
      }),
    )
  })

  it('sigmoid(0) = 0.5; NaN propagates', () => {
    expect(sigmoid(array([0, -0, NaN])).toArray()).toEqual([0.5, 0.5, NaN])
  })
})

describe('3.2-activations: properties', () => {
  it('every function keeps the shape (0-d and size 0 too) and leaves x unchanged, bit for bit', () => {
    fc.assert(
      fc.property(arrayArb(), (x) => {
        const before = bits(x)
        for (const f of [stepFunction, sigmoid, relu, identityFunction]) {
          expect(f(x).shape).toEqual(x.shape)
          expect(bits(x)).toEqual(before)
        }
      }),
    )
  })

  it('stepFunction is 1 where x > 0, else 0 (0 at x = 0 and at NaN, as numpy\'s x > 0)', () => {
    fc.assert(
      fc.property(arrayArb(), (x) => {
        const y = stepFunction(x).data
        x.data.forEach((v, i) => expect(y[i]).toBe(v > 0 ? 1 : 0))
      }),
    )
    expect(stepFunction(array([0, -0, NaN, 1e-300])).toArray()).toEqual([0, 0, 0, 1])
  })

  it('relu is max(0, x): x where x > 0, else 0; NaN propagates, as numpy\'s maximum', () => {
    fc.assert(
      fc.property(arrayArb(), (x) => {
        const y = relu(x).data
        x.data.forEach((v, i) => expect(y[i] === (v > 0 ? v : 0)).toBe(true))
      }),
    )
    expect(relu(array([NaN, -1])).toArray()).toEqual([NaN, 0])
  })

  it('identityFunction returns x itself, as the book\'s `return x`', () => {
    const x = array([[1, -2], [3, 4]])
    expect(identityFunction(x)).toBe(x)
  })
})
