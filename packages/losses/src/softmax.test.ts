import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, ShapeError, array, stridesOf } from '@dlfs/matrix'
import { softmax } from './softmax.js'

// Golden values: scripts/golden/losses.py runs the book's common/functions.py softmax.
interface Arr {
  shape: number[]
  data: number[]
}
interface SoftmaxCase {
  name: string
  x: Arr
  y: Arr
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/losses.json', import.meta.url), 'utf8')) as { softmax: SoftmaxCase[] }

const fromArr = (a: Arr) => new NDArray(Float64Array.from(a.data), a.shape)
const bits = (x: NDArray) => Array.from(new Uint8Array(x.data.buffer.slice(0)))

/**
 * |actual − expected| ≤ atol + rtol·|expected| element-wise, with the shape equal. The TypeScript adds
 * row sums in C order and numpy adds pairwise, and V8's Math.exp may differ from libm's in the last
 * ulp: a few ulps of difference, hence rtol 1e-14 and not bit equality.
 */
function expectClose(actual: NDArray, expected: Arr, rtol = 1e-14, atol = 0): void {
  expect(actual.shape).toEqual(expected.shape)
  const a = actual.flatten().data
  expected.data.forEach((e, i) => {
    expect(Math.abs(a[i]! - e), `element ${i}: ${a[i]} vs ${e}`).toBeLessThanOrEqual(atol + rtol * Math.abs(e))
  })
}

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

/** Each row's sum along the last axis, flat. */
const rowSums = (y: NDArray) => Array.from(y.sum(-1).flatten().data)

/** A (…, C) array of values in [−lim, lim] with at least one axis and a non-empty last axis. */
function logitsArb(lim: number, maxDims = 3): fc.Arbitrary<NDArray> {
  return fc
    .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: maxDims })
    .chain((shape) => {
      const n = shape.reduce((p, d) => p * d, 1)
      const vals = fc.array(fc.double({ min: -lim, max: lim, noNaN: true }), { minLength: n, maxLength: n })
      return vals.map((v) => new NDArray(Float64Array.from(v), shape))
    })
}

describe('3.5-softmax: golden values from the book\'s common/functions.py', () => {
  for (const c of fixture.softmax) {
    it(c.name, () => {
      const y = softmax(fromArr(c.x))
      expectClose(y, c.y)
      expect(y.data.every(Number.isFinite)).toBe(true)
    })
  }

  it('the book\'s §3.5.1 example rounds to [0.01821127, 0.24519181, 0.73659691]', () => {
    const y = softmax(array([0.3, 2.9, 4.0])).toArray() as number[]
    expect(y.map((v) => Number(v.toFixed(8)))).toEqual([0.01821127, 0.24519181, 0.73659691])
  })
})

describe('3.5-softmax: properties', () => {
  it('keeps the shape; every value is in [0, 1]; each row along the last axis sums to 1', () => {
    fc.assert(
      fc.property(logitsArb(50), (x) => {
        const y = softmax(x)
        expect(y.shape).toEqual(x.shape)
        expect(y.data.every((v) => v >= 0 && v <= 1)).toBe(true)
        for (const s of rowSums(y)) expect(Math.abs(s - 1)).toBeLessThanOrEqual(1e-14)
      }),
    )
  })

  it('is invariant to adding a constant to a row (the reason the max can be subtracted)', () => {
    fc.assert(
      fc.property(logitsArb(20), fc.double({ min: -500, max: 500, noNaN: true }), (x, c) => {
        const y = softmax(x)
        const shifted = softmax(x.add(c))
        // x + c rounds x to a multiple of ulp(|c| + 20) ≈ 1.1e-13; exp turns that into a relative error of
        // the same size. Different shifts per row (a (…, 1) array) must change nothing either.
        const perRow = x.max(-1, true).add(c)
        for (const z of [shifted, softmax(x.sub(perRow))]) {
          y.data.forEach((v, i) => expect(Math.abs(z.data[i]! - v)).toBeLessThanOrEqual(1e-12 * v + 1e-300))
        }
      }),
    )
  })

  it('logits near ±1000 give finite probabilities that sum to 1 (no exp overflow)', () => {
    fc.assert(
      fc.property(logitsArb(5, 2), fc.constantFrom(1000, -1000, 700, -745), (x, c) => {
        const y = softmax(x.add(c))
        expect(y.data.every(Number.isFinite)).toBe(true)
        for (const s of rowSums(y)) expect(Math.abs(s - 1)).toBeLessThanOrEqual(1e-14)
      }),
    )
    // Without the max subtraction, exp(1010) = Infinity and Infinity / Infinity = NaN.
    expect(softmax(array([1010, 1000, 990])).data.every(Number.isFinite)).toBe(true)
    expect(softmax(array([-1000, -1000])).toArray()).toEqual([0.5, 0.5])
  })

  it('keeps the order (book §3.5.3): x_i ≤ x_j gives y_i ≤ y_j, so the argmax of x is a maximum of y', () => {
    // Not strict: logits closer than an ulp of exp's result can map to equal probabilities.
    fc.assert(
      fc.property(logitsArb(30, 2), (x) => {
        const x2 = x.reshape(-1, x.shape[x.ndim - 1]!)
        const y = softmax(x2)
        const [rows, c] = x2.shape as [number, number]
        for (let r = 0; r < rows; r++) {
          for (let i = 0; i < c; i++) {
            for (let j = 0; j < c; j++) if (x2.get(r, i) <= x2.get(r, j)) expect(y.get(r, i)).toBeLessThanOrEqual(y.get(r, j))
          }
        }
        const best = x2.argmax(-1).data
        y.max(-1).data.forEach((m, r) => expect(y.get(r, best[r]!)).toBe(m))
      }),
    )
  })

  it('leaves x unchanged, bit for bit', () => {
    fc.assert(
      fc.property(logitsArb(1000), (x) => {
        const before = bits(x)
        softmax(x)
        expect(bits(x)).toEqual(before)
      }),
    )
  })

  it('a transposed view gives the same values as its contiguous copy', () => {
    fc.assert(
      fc.property(logitsArb(10, 2).filter((x) => x.ndim === 2 && x.shape[0]! > 1 && x.shape[1]! > 1), (x) => {
        // The same values stored column-major: shape (R, C), strides (1, R).
        const [r, c] = x.shape as [number, number]
        const data = new Float64Array(x.size)
        for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = x.get(i, j)
        const view = new NDArray(data, [r, c], [1, r])
        expect(view.strides).not.toEqual(stridesOf([r, c]))
        expect(Array.from(softmax(view).flatten().data)).toEqual(Array.from(softmax(x).data))
      }),
    )
  })
})

describe('3.5-softmax: edge cases and errors', () => {
  it('NaN in a row makes that row NaN, as numpy (max is NaN), and leaves other rows alone', () => {
    const y = softmax(array([[1, NaN, 2], [0, 0, 0]]))
    expect(y.toArray()).toEqual([[NaN, NaN, NaN], [1 / 3, 1 / 3, 1 / 3]])
  })

  it('an empty batch (0, C) gives an empty (0, C) result', () => {
    expect(softmax(new NDArray(new Float64Array(0), [0, 3])).shape).toEqual([0, 3])
  })

  it('a 0-d x throws, naming softmax and the argument', () => {
    expectThrows(() => softmax(array(3)), ShapeError, "softmax: argument 'x' must have at least one axis, got a 0-d array")
  })
})
