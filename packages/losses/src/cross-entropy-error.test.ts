import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, ShapeError, ValueError, array, eye } from '@dlfs/matrix'
import { crossEntropyError } from './cross-entropy-error.js'

// Golden values: scripts/golden/losses.py runs the book's cross_entropy_error (common/functions.py)
// and the one-hot form of §4.2.2.
interface Arr {
  shape: number[]
  data: number[]
}
interface CeeCase {
  name: string
  y: Arr
  t: Arr
  loss: number
}
interface Fixture {
  book: { t: number[]; tIndex: number; y: number[]; y2: number[]; cee: number; cee2: number }
  crossEntropyError: CeeCase[]
  crossEntropyZeroLoss: number
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/losses.json', import.meta.url), 'utf8')) as Fixture

const fromArr = (a: Arr) => new NDArray(Float64Array.from(a.data), a.shape)
const bits = (x: NDArray) => Array.from(new Uint8Array(x.data.buffer.slice(0)))
/** One-hot rows (N, C) for class indices. */
const oneHot = (labels: readonly number[], c: number) => eye(c).take(labels, 0)

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

/**
 * Close to numpy: the batch mean adds in C order here and pairwise in numpy, and V8's Math.log may
 * differ from libm's in the last ulp, so a relative 1e-14 (about 45 ulps), not bit equality.
 */
const expectNear = (actual: number, expected: number, rtol = 1e-14) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(rtol * Math.abs(expected))

/** (N, C) probabilities: each row a softmax-like distribution, with some exact zeros. */
function probsArbOf(minClasses: number) {
  return fc
  .record({ n: fc.integer({ min: 1, max: 6 }), c: fc.integer({ min: minClasses, max: 6 }) })
  .chain(({ n, c }) =>
    fc.record({
      y: fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(0)), { minLength: n * c, maxLength: n * c }),
      t: fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: n, maxLength: n }),
      n: fc.constant(n),
      c: fc.constant(c),
    }),
  )
  .map(({ y, t, n, c }) => ({ y: new NDArray(Float64Array.from(y), [n, c]), t, c }))
}
const probsArb = probsArbOf(1)
/** C ≥ 2: with one class, (N, 1) one-hot labels look like (N,) indices (see the C = 1 test below). */
const probsArb2 = probsArbOf(2)

describe('4.2-cross-entropy-error: the book\'s §4.2.2 example', () => {
  const { book } = fixture
  const t = array(book.t)

  it(`y (0.6 on the answer "2") gives ${book.cee}, with one-hot or index labels`, () => {
    // One term, log(0.6 + 1e-7): V8 and numpy agree to the bit here.
    expect(crossEntropyError(array(book.y), t)).toBe(book.cee)
    expect(crossEntropyError(array(book.y), book.tIndex)).toBe(book.cee)
    expect(crossEntropyError(array(book.y), [book.tIndex])).toBe(book.cee)
    expect(crossEntropyError(array(book.y), array(book.tIndex))).toBe(book.cee)
  })

  it(`y2 (0.6 on "7", argmax 7) gives ${book.cee2}: a wrong answer costs more`, () => {
    expect(array(book.y2).argmax().item()).toBe(7)
    expect(crossEntropyError(array(book.y2), t)).toBe(book.cee2)
    expect(crossEntropyError(array(book.y2), book.tIndex)).toBe(book.cee2)
    expect(book.cee2).toBeGreaterThan(book.cee)
  })
})

describe('4.2-cross-entropy-error: golden values from the book\'s common/functions.py', () => {
  for (const c of fixture.crossEntropyError) {
    it(c.name, () => {
      expectNear(crossEntropyError(fromArr(c.y), fromArr(c.t)), c.loss)
    })
    if (c.t.shape.length <= 1 && c.t.data.length !== c.y.data.length) {
      // Index labels may also come as a JS array, or a single number for one sample.
      it(`${c.name}: labels as ${c.t.shape.length === 0 ? 'a number' : 'number[]'} give the same loss`, () => {
        const expected = crossEntropyError(fromArr(c.y), fromArr(c.t))
        expect(crossEntropyError(fromArr(c.y), c.t.shape.length === 0 ? c.t.data[0]! : c.t.data)).toBe(expected)
      })
    }
  }
})

describe('4.2-cross-entropy-error: the 1e-7 inside the log', () => {
  const zeroLoss = fixture.crossEntropyZeroLoss // −log(1e-7) from numpy

  it('a zero probability on the answer gives −log(1e-7) ≈ 16.12, finite, for one sample', () => {
    expectNear(crossEntropyError(array([0, 1]), 0), zeroLoss)
    expect(crossEntropyError(array([0, 1]), 0)).toBe(-Math.log(1e-7))
    expect(zeroLoss).toBeCloseTo(16.11809565, 8)
  })

  it('in a batch of N, one zero probability adds −log(1e-7)/N', () => {
    // Rows 1..3 put probability 1 on the answer: each adds −log(1 + 1e-7) ≈ −1e-7.
    const y = array([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]])
    const loss = crossEntropyError(y, [2, 0, 2, 1])
    expect(Number.isFinite(loss)).toBe(true)
    expect(loss).toBeCloseTo((zeroLoss - 3 * Math.log(1 + 1e-7)) / 4, 14)
    expect(loss).toBeCloseTo(zeroLoss / 4, 6)
  })

  it('a certain right answer (y = 1) gives −log(1 + 1e-7), just below 0', () => {
    expect(crossEntropyError(array([1, 0, 0]), 0)).toBe(-Math.log(1 + 1e-7))
  })

  it('any probabilities in [0, 1], zeros included, give a finite loss in [−log(1 + 1e-7), −log(1e-7)]', () => {
    fc.assert(
      fc.property(probsArb, ({ y, t }) => {
        const loss = crossEntropyError(y, t)
        expect(Number.isNaN(loss)).toBe(false)
        expect(loss).toBeGreaterThanOrEqual(-Math.log(1 + 1e-7) - 1e-15)
        expect(loss).toBeLessThanOrEqual(zeroLoss + 1e-12)
      }),
    )
  })
})

describe('4.2-cross-entropy-error: properties', () => {
  it('one-hot labels and index labels give the same loss, bit for bit (one-hot goes through argmax)', () => {
    fc.assert(
      fc.property(probsArb2, ({ y, t, c }) => {
        expect(crossEntropyError(y, oneHot(t, c))).toBe(crossEntropyError(y, t))
        expect(crossEntropyError(y, array(t))).toBe(crossEntropyError(y, t))
      }),
    )
  })

  it('the batch loss is the mean of the per-sample losses; a (C,) sample equals the batch of one', () => {
    fc.assert(
      fc.property(probsArb, ({ y, t }) => {
        const each = t.map((label, i) => crossEntropyError(y.slice(i), label))
        t.forEach((label, i) => expect(crossEntropyError(y.slice(i), label)).toBe(crossEntropyError(y.slice(`${i}:${i + 1}`), [label])))
        const mean = each.reduce((a, b) => a + b, 0) / each.length
        expect(Math.abs(crossEntropyError(y, t) - mean)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(mean)))
      }),
    )
  })

  it('leaves y and t unchanged, bit for bit', () => {
    fc.assert(
      fc.property(probsArb2, ({ y, t, c }) => {
        const tt = oneHot(t, c)
        const ti = array(t)
        const before = [bits(y), bits(tt), bits(ti)]
        crossEntropyError(y, tt)
        crossEntropyError(y, ti)
        crossEntropyError(y.slice(0), t[0]!)
        expect([bits(y), bits(tt), bits(ti)]).toEqual(before)
      }),
    )
  })

  it('labels as a (N, 1) column are read as indices', () => {
    const y = array([[0.1, 0.9], [0.5, 0.5]])
    expect(crossEntropyError(y, array([[1], [0]]))).toBe(crossEntropyError(y, [1, 0]))
  })

  // BUG (src/_labels.ts labelIndices): with one class, one-hot t (N, 1) holds 1s and has N elements, so it
  // is read as class indices and 1 is out of range; the book's argmax reads every row as class 0.
  it('one class (C = 1): one-hot labels (all 1) mean class 0, as the book\'s argmax', () => {
    const y = array([[1], [0.5]])
    expect(crossEntropyError(y, array([[1], [1]]))).toBe(crossEntropyError(y, [0, 0]))
  })

  it('an empty batch (0, C) gives NaN, as numpy\'s −0/0', () => {
    expect(crossEntropyError(new NDArray(new Float64Array(0), [0, 3]), [])).toBeNaN()
  })
})

describe('4.2-cross-entropy-error: bad labels and shapes', () => {
  const y = array([[0.1, 0.9, 0], [0.5, 0.5, 0]]) // (2,3)

  it('a label out of range throws, naming the label, the classes and y\'s shape', () => {
    expectThrows(() => crossEntropyError(y, [0, 3]), ValueError, "crossEntropyError: label t[1] = 3 is not a class index in [0, 3) for 'y' (2,3)")
  })

  it('a negative label throws (numpy would silently take the last class)', () => {
    expectThrows(() => crossEntropyError(y, [-1, 0]), ValueError, "crossEntropyError: label t[0] = -1 is not a class index in [0, 3) for 'y' (2,3)")
  })

  it('a non-integer or NaN label throws', () => {
    expectThrows(() => crossEntropyError(y, [0, 1.5]), ValueError, "crossEntropyError: label t[1] = 1.5 is not a class index in [0, 3) for 'y' (2,3)")
    expectThrows(() => crossEntropyError(y, [NaN, 1]), ValueError, "crossEntropyError: label t[0] = NaN is not a class index in [0, 3) for 'y' (2,3)")
  })

  it('a single label out of range for one (C,) sample throws, with y as the batch of one', () => {
    expectThrows(() => crossEntropyError(array([0.2, 0.8]), 2), ValueError, "crossEntropyError: label t[0] = 2 is not a class index in [0, 2) for 'y' (1,2)")
  })

  it('t with neither one label per sample nor y\'s size throws, naming both shapes', () => {
    expectThrows(
      () => crossEntropyError(y, [0, 1, 1]),
      ShapeError,
      "crossEntropyError: 't' (3,) is neither one-hot like 'y' (2,3) nor one class index per sample (2,)",
    )
    expectThrows(
      () => crossEntropyError(array([0.2, 0.8]), [0, 1, 0]),
      ShapeError,
      "crossEntropyError: 't' (1,3) is neither one-hot like 'y' (1,2) nor one class index per sample (1,)",
    )
  })

  it('a one-hot t of y\'s size but another shape throws (a transposed (C, N) t)', () => {
    expectThrows(() => crossEntropyError(y, oneHot([0, 1], 3).T), ShapeError, "crossEntropyError: one-hot 't' (3,2) must have the shape of 'y' (2,3)")
    expectThrows(() => crossEntropyError(y, array([[1, 0, 0, 0, 1, 0]])), ShapeError, "crossEntropyError: one-hot 't' (1,6) must have the shape of 'y' (2,3)")
  })

  it('y that is neither (C,) nor (N, C) throws', () => {
    expectThrows(() => crossEntropyError(array([[[0.1, 0.9, 0]]]), 1), ShapeError, "crossEntropyError: 'y' must be (C,) or (N, C), got shape (1,1,3)")
    expectThrows(() => crossEntropyError(array(0.5), 0), ShapeError, "crossEntropyError: 'y' must be (C,) or (N, C), got shape ()")
  })
})
