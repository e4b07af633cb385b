import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, Rng, ShapeError, ValueError, arange, array, zeros } from '@dlfs/matrix'
import { shuffleDataset } from './shuffle-dataset.js'

/** x (N, ...rest) whose sample k holds k·1000 + its element index, t (N,) = k: every row knows its sample. */
function labelled(n: number, rest: number[]): { x: NDArray; t: NDArray } {
  const d = rest.reduce((p, v) => p * v, 1)
  const x = arange(n * d).reshape(n, d)
  for (let k = 0; k < n; k++) for (let j = 0; j < d; j++) x.set([k, j], k * 1000 + j)
  return { x: x.reshape(n, ...rest), t: arange(n) }
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
const rows = (a: NDArray) => (a.toArray() as unknown[]).map((r) => JSON.stringify(r))

const caseArb = fc.record({
  n: fc.integer({ min: 1, max: 12 }),
  rest: fc.oneof(fc.tuple(fc.integer({ min: 1, max: 4 })), fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))),
  seed: fc.nat(),
})

describe('6.5-shuffle-dataset: properties', () => {
  it('moves each label with its sample, for (N, D) and (N, C, H, W) data', () => {
    fc.assert(
      fc.property(caseArb, ({ n, rest, seed }) => {
        const { x, t } = labelled(n, rest)
        const [xs, ts] = shuffleDataset(x, t, new Rng(seed))
        expect(xs.shape).toEqual(x.shape)
        expect(ts.shape).toEqual(t.shape)
        const first = xs.reshape(n, -1).slice(':', 0) // k·1000 for sample k
        ts.data.forEach((label, i) => expect(first.get(i)).toBe(label * 1000))
      }),
    )
  })
  it('keeps every sample exactly once (a permutation)', () => {
    fc.assert(
      fc.property(caseArb, ({ n, rest, seed }) => {
        const { x, t } = labelled(n, rest)
        const [xs, ts] = shuffleDataset(x, t, new Rng(seed))
        expect(rows(xs).sort()).toEqual(rows(x).sort())
        expect([...ts.data].sort((a, b) => a - b)).toEqual([...t.data])
      }),
    )
  })
  it('keeps one-hot label rows whole', () => {
    const x = arange(5).reshape(5, 1)
    const t = zeros([5, 5])
    for (let k = 0; k < 5; k++) t.set([k, k], 1)
    const [xs, ts] = shuffleDataset(x, t, new Rng(3))
    expect([...ts.argmax(1).data]).toEqual([...xs.flatten().data])
  })
  it('repeats with the same seed and leaves its inputs alone, returning new arrays', () => {
    fc.assert(
      fc.property(caseArb, ({ n, rest, seed }) => {
        const { x, t } = labelled(n, rest)
        const [xBefore, tBefore] = [rows(x), [...t.data]]
        const [a, b] = [shuffleDataset(x, t, new Rng(seed)), shuffleDataset(x, t, new Rng(seed))]
        expect(rows(a[0])).toEqual(rows(b[0]))
        expect([...a[1].data]).toEqual([...b[1].data])
        expect(a[0].data).not.toBe(x.data)
        expect(a[1].data).not.toBe(t.data)
        a[0].fill(-1)
        expect(rows(x)).toEqual(xBefore)
        expect([...t.data]).toEqual(tBefore)
      }),
    )
  })
  it('actually shuffles: different seeds give different orders of 20 samples', () => {
    const { x, t } = labelled(20, [2])
    const orders = new Set([0, 1, 2, 3].map((s) => JSON.stringify([...shuffleDataset(x, t, new Rng(s))[1].data])))
    expect(orders.size).toBe(4)
  })
  it('takes an empty data set', () => {
    const [xs, ts] = shuffleDataset(zeros([0, 3]), zeros([0]), new Rng(0))
    expect([xs.shape, ts.shape]).toEqual([[0, 3], [0]])
  })
})

describe('6.5-shuffle-dataset: errors', () => {
  it('names both shapes when t has a different number of samples', () => {
    expectThrows(() => shuffleDataset(zeros([4, 3]), zeros([5]), new Rng(0)), ShapeError,
      `shuffleDataset: 't' (5,) must have one label row per sample of 'x' (4,3)`)
    expectThrows(() => shuffleDataset(zeros([4, 3]), array(1), new Rng(0)), ShapeError,
      `shuffleDataset: 't' () must have one label row per sample of 'x' (4,3)`)
  })
  it('refuses a 0-d x', () => {
    expectThrows(() => shuffleDataset(array(1), zeros([1]), new Rng(0)), ValueError, `shuffleDataset: 'x' must have a sample axis, (N, ...), got shape ()`)
  })
})
