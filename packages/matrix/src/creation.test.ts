import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NDArray } from './ndarray.js'
import { arange, array, eye, fromData, full, linspace, ones, onesLike, zeros, zerosLike } from './creation.js'
import { ValueError } from './errors.js'
import type { Nested } from './nested.js'
import { arrayArb, flatValues, shapeArb, specialValueArb } from '../test/arbitraries.js'

type Encoded = number | string
const golden = JSON.parse(readFileSync(new URL('../fixtures/elementwise.json', import.meta.url), 'utf8')) as {
  creation: {
    arange: { args: number[]; expected: Encoded[] }[]
    linspace: { args: [number, number, number, boolean]; expected: Encoded[] }[]
    eye: { args: number[]; shape: number[]; expected: Encoded[] }[]
  }
}
const product = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1)
const isFresh = (x: NDArray) => x.offset === 0 && x.data.length === x.size && x.strides.every((s, i) => s === product(x.shape.slice(i + 1)))

describe('array', () => {
  it('reads back what toArray() gives, for any array and layout (a C-contiguous copy)', () => {
    fc.assert(
      fc.property(arrayArb({}, specialValueArb), (x) => {
        const y = array(x.toArray())
        // As in numpy, nested lists cannot carry the axes after a 0-length one: (0,2) reads back as (0,).
        const zero = x.shape.indexOf(0)
        expect(y.shape).toEqual(zero < 0 ? x.shape : x.shape.slice(0, zero + 1))
        expect(isFresh(y)).toBe(true)
        expect(Array.from(y.data)).toEqual(flatValues(x))
      }),
    )
  })
  it('makes a 0-d array from a number, and (0,) / (1,0) from empty lists as numpy', () => {
    expect(array(-0).shape).toEqual([])
    expect(array(-0).item()).toBe(-0)
    expect(array(NaN).item()).toBeNaN()
    expect(array([]).shape).toEqual([0])
    expect(array([[]]).shape).toEqual([1, 0])
  })
  it('copies an NDArray (views too) and nested input: later writes do not leak either way', () => {
    fc.assert(
      fc.property(arrayArb({ minDims: 1 }), (x) => {
        fc.pre(x.size > 0)
        const y = array(x)
        expect(y.data).not.toBe(x.data)
        expect(flatValues(y)).toEqual(flatValues(x))
        y.data.fill(7)
        expect(flatValues(x)).not.toContain(7)
      }),
    )
    const nested = [[1, 2], [3, 4]]
    const z = array(nested)
    nested[0]![0] = 99
    expect(z.get(0, 0)).toBe(1)
  })
  it.each([
    [[[1, 2], [3]], 'array: inhomogeneous nested input at [1]: expected a list of length 2, got a list of length 1 (ragged lists cannot form an array)'],
    [[[1], 2], 'array: inhomogeneous nested input at [1]: expected a list of length 1, got a number (ragged lists cannot form an array)'],
    [[1, [2]], 'array: inhomogeneous nested input at [1]: expected a number, got a list (detected shape (2,))'],
    [[[[1, 2]], [[3]]], 'array: inhomogeneous nested input at [1][0]: expected a list of length 2, got a list of length 1 (ragged lists cannot form an array)'],
    [[[], [1]], 'array: inhomogeneous nested input at [1]: expected a list of length 0, got a list of length 1 (ragged lists cannot form an array)'],
  ])('refuses ragged input %j', (input, message) => {
    expect(() => array(input as Nested)).toThrow(ValueError)
    expect(() => array(input as Nested)).toThrow(message)
  })
  it.each([
    [['a'], 'array: expected numbers, got string at [0]'],
    [[[1, null]], 'array: expected numbers, got object at [0][1]'],
    [true, 'array: expected numbers, got boolean'],
    [[1n], 'array: expected numbers, got bigint at [0]'],
  ])('refuses non-number entries %s', (input, message) => {
    expect(() => array(input as unknown as Nested)).toThrow(message)
  })
  // BUG (reported): checkNested walks with forEach, which skips holes, so a sparse list
  // becomes NaN silently instead of being refused like `undefined`.
  it('refuses a sparse list (a hole is not a number)', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(() => array([1, , 3] as Nested)).toThrow('array: expected numbers, got undefined at [1]')
  })
})

describe('fromData', () => {
  it('wraps the buffer without copying, C-contiguous', () => {
    const data = Float64Array.of(1, 2, 3, 4, 5, 6)
    const x = fromData(data, [2, 3])
    expect(x.data).toBe(data)
    expect(x.strides).toEqual([3, 1])
    expect(x.get(1, 0)).toBe(4)
  })
  it('refuses a length that does not match, a negative or fractional dimension, and a plain array', () => {
    expect(() => fromData(new Float64Array(5), [2, 3])).toThrow('fromData: data of length 5 cannot have shape (2,3) (size 6)')
    expect(() => fromData(new Float64Array(0), [2, -1])).toThrow('fromData: negative dimensions are not allowed, got shape (2,-1)')
    expect(() => fromData(new Float64Array(3), [1.5, 2])).toThrow('fromData: shape (1.5,2) has a non-integer dimension 1.5')
    expect(() => fromData([1, 2] as unknown as Float64Array, [2])).toThrow('fromData: data must be a Float64Array')
  })
})

describe('full, zeros, ones, zerosLike, onesLike', () => {
  it('fill a fresh C-contiguous array of the shape (a number means 1-D) with the value', () => {
    fc.assert(
      fc.property(shapeArb(), specialValueArb, (shape, value) => {
        for (const [x, v] of [[full(shape, value), value], [zeros(shape), 0], [ones(shape), 1]] as const) {
          expect(x.shape).toEqual(shape)
          expect(isFresh(x)).toBe(true)
          expect(flatValues(x).every((e) => Object.is(e, v))).toBe(true)
        }
      }),
    )
    expect(zeros(3).shape).toEqual([3])
    expect(full([], 2).item()).toBe(2)
  })
  it('zerosLike / onesLike copy only the shape of a view, into a fresh buffer', () => {
    fc.assert(
      fc.property(arrayArb(), (x) => {
        for (const [y, v] of [[zerosLike(x), 0], [onesLike(x), 1]] as const) {
          expect(y.shape).toEqual(x.shape)
          expect(isFresh(y) && y.data !== x.data).toBe(true)
          expect(flatValues(y).every((e) => e === v)).toBe(true)
        }
      }),
    )
  })
  it('refuse bad shapes, naming the op', () => {
    expect(() => zeros([2, -3])).toThrow('full: negative dimensions are not allowed, got shape (2,-3)')
    expect(() => ones(-1)).toThrow('full: negative dimensions are not allowed, got shape (-1,)')
    expect(() => full([NaN], 0)).toThrow('full: shape (NaN,) has a non-integer dimension NaN')
  })
})

describe('arange', () => {
  // numpy fills start + i·((start + step) − start), so values may differ from ours by an ulp or so.
  it.each(golden.creation.arange.map((c) => [c.args.join(', '), c] as const))('matches numpy: arange(%s)', (_, c) => {
    const [start, stop, step] = c.args as [number, number?, number?]
    const got = arange(start, stop, step)
    const want = c.expected.map(Number)
    expect(got.shape).toEqual([want.length]) // numpy's ceil((stop - start) / step) length, exactly
    const scale = Math.max(...c.args.map(Math.abs))
    flatValues(got).forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(4 * Number.EPSILON * scale))
  })
  it('on integers: start, start + step, … up to (never reaching) stop, for either sign of step', () => {
    const int = fc.integer({ min: -30, max: 30 })
    fc.assert(
      fc.property(int, int, int.filter((s) => s !== 0), (start, stop, step) => {
        const values = flatValues(arange(start, stop, step))
        values.forEach((v, i) => expect(v).toBe(start + i * step))
        const inRange = (v: number) => (step > 0 ? v < stop : v > stop)
        expect(values.every(inRange)).toBe(true)
        expect(inRange(start + values.length * step)).toBe(false) // the next one would reach stop
      }),
    )
  })
  it('refuses step 0 and non-finite arguments', () => {
    expect(() => arange(0, 5, 0)).toThrow(new ValueError('arange', 'step must not be zero'))
    expect(() => arange(0, Infinity)).toThrow('arange: start, stop and step must be finite, got 0, Infinity, 1')
  })
})

describe('linspace', () => {
  // numpy computes i·step + start, as we do, so the values agree exactly.
  it.each(golden.creation.linspace.map((c) => [c.args.join(', '), c] as const))('matches numpy: linspace(%s)', (_, c) => {
    const [start, stop, num, endpoint] = c.args
    expect(flatValues(linspace(start, stop, num, endpoint))).toEqual(c.expected.map(Number))
  })
  it('defaults to 50 samples with the endpoint, and ends exactly on stop', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (a, b) => {
        const x = linspace(a, b)
        expect(x.shape).toEqual([50])
        expect(x.get(0) === a && x.get(-1) === b).toBe(true) // ===, not Object.is: a start of -0 may come back as +0 (0·step + start), as in numpy
      }),
    )
  })
  it('refuses a negative or fractional number of samples', () => {
    expect(() => linspace(0, 1, -1)).toThrow('linspace: number of samples must be a non-negative integer, got -1')
    expect(() => linspace(0, 1, 2.5)).toThrow('linspace: number of samples must be a non-negative integer, got 2.5')
  })
})

describe('eye', () => {
  it.each(golden.creation.eye.map((c) => [c.args.join(', '), c] as const))('matches numpy: eye(%s)', (_, c) => {
    const got = eye(...(c.args as [number, number?]))
    expect(got.shape).toEqual(c.shape)
    expect(flatValues(got)).toEqual(c.expected.map(Number))
  })
  it('refuses a negative size', () => {
    expect(() => eye(-1)).toThrow('eye: negative dimensions are not allowed, got shape (-1,-1)')
  })
})
