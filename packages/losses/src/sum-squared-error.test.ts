import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, ShapeError, array } from '@dlfs/matrix'
import { sumSquaredError } from './sum-squared-error.js'

// Golden values: scripts/golden/losses.py runs the book's §4.2.1 sum_squared_error on its example.
interface Fixture {
  book: { t: number[]; y: number[]; y2: number[]; sse: number; sse2: number }
}
const { book } = JSON.parse(readFileSync(new URL('../fixtures/losses.json', import.meta.url), 'utf8')) as Fixture

const bits = (x: NDArray) => Array.from(new Uint8Array(x.data.buffer.slice(0)))

/** `fn` throws an instance of `type` whose message is exactly `message`. */
function expectThrows(fn: () => unknown, type: new (...args: never[]) => Error, message: string): void {
  let thrown: unknown
  try {
    fn()
  } catch (e) {
    thrown = e
  }
  expect(thrown).toBeInstanceOf(type)
  expect((thrown as Error).message).toBe(message)
}

/** Two arrays of one random shape (0-d and size 0 included). */
const pairArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 3 }).chain((shape) => {
  const n = shape.reduce((p, d) => p * d, 1)
  const vals = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n, maxLength: n })
  return fc.tuple(vals, vals).map(([a, b]) => [new NDArray(Float64Array.from(a), shape), new NDArray(Float64Array.from(b), shape)] as const)
})

describe('4.2-sum-squared-error: the book\'s §4.2.1 example', () => {
  // The TypeScript adds in C order and numpy pairwise: 0.5975 comes out one ulp lower here
  // (0.5974999999999999; Python's built-in sum gives the same), so compare within one ulp.
  const withinUlp = (actual: number, expected: number) =>
    expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(Number.EPSILON * Math.abs(expected))

  it(`y (0.6 on the answer "2") gives ${book.sse} (the book prints 0.097500000000000031)`, () => {
    withinUlp(sumSquaredError(array(book.y), array(book.t)), book.sse)
    expect(sumSquaredError(array(book.y), array(book.t))).toBeCloseTo(0.0975, 15)
  })

  it(`y2 (0.6 on "7") gives ${book.sse2} (the book prints 0.59750000000000003): larger, a worse answer`, () => {
    withinUlp(sumSquaredError(array(book.y2), array(book.t)), book.sse2)
    expect(sumSquaredError(array(book.y2), array(book.t))).toBeCloseTo(0.5975, 15)
  })
})

describe('4.2-sum-squared-error: properties', () => {
  it('equals 0.5·Σ(y − t)² over every element, for any shape (a batch sums every sample)', () => {
    fc.assert(
      fc.property(pairArb, ([y, t]) => {
        let s = 0
        y.data.forEach((v, i) => (s += (v - t.data[i]!) ** 2))
        const loss = sumSquaredError(y, t)
        expect(Math.abs(loss - 0.5 * s)).toBeLessThanOrEqual(1e-13 * 0.5 * s)
        expect(loss).toBeGreaterThanOrEqual(0)
      }),
    )
  })

  it('is symmetric, and 0 when y equals t', () => {
    fc.assert(
      fc.property(pairArb, ([y, t]) => {
        expect(sumSquaredError(y, t)).toBe(sumSquaredError(t, y))
        expect(sumSquaredError(y, y)).toBe(0)
      }),
    )
  })

  it('leaves y and t unchanged, bit for bit', () => {
    fc.assert(
      fc.property(pairArb, ([y, t]) => {
        const before = [bits(y), bits(t)]
        sumSquaredError(y, t)
        expect([bits(y), bits(t)]).toEqual(before)
      }),
    )
  })

  it('NaN propagates; empty arrays give 0', () => {
    expect(sumSquaredError(array([1, NaN]), array([0, 0]))).toBeNaN()
    expect(sumSquaredError(array([]), array([]))).toBe(0)
  })
})

describe('4.2-sum-squared-error: errors', () => {
  it('y and t of different shapes throw, naming both shapes, even when they would broadcast', () => {
    expectThrows(() => sumSquaredError(array([1, 2]), array([[1, 2]])), ShapeError, "sumSquaredError: shapes of 'y' and 't' (2,) and (1,2) differ")
    expectThrows(
      () => sumSquaredError(array([[0.1, 0.9], [0.3, 0.7]]), array([0, 1])),
      ShapeError,
      "sumSquaredError: shapes of 'y' and 't' (2,2) and (2,) differ",
    )
    expectThrows(() => sumSquaredError(array(book.y), array([2])), ShapeError, "sumSquaredError: shapes of 'y' and 't' (10,) and (1,) differ")
  })
})
