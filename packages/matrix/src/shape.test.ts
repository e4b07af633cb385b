import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkShape, formatShape, normalizeAxes, normalizeAxis, shapesEqual, sizeOf, stridesOf } from './shape.js'
import { AxisError, ValueError } from './errors.js'
import { shapeArb } from '../test/arbitraries.js'

describe('sizeOf and stridesOf', () => {
  it('size is the product of the dims (1 for 0-d); each stride is the product of the dims after it', () => {
    fc.assert(
      fc.property(shapeArb(), (shape) => {
        let size = 1
        for (const d of shape) size *= d
        expect(sizeOf(shape)).toBe(size)
        const strides = stridesOf(shape)
        expect(strides.length).toBe(shape.length)
        shape.forEach((_, i) => expect(strides[i]).toBe(sizeOf(shape.slice(i + 1))))
      }),
    )
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1])
    expect(sizeOf([])).toBe(1)
  })
})

describe('formatShape', () => {
  it.each([
    [[], '()'],
    [[3], '(3,)'],
    [[2, 3], '(2,3)'],
    [[0, 1, 5], '(0,1,5)'],
  ])('%j prints as Python’s tuple %s', (shape, text) => {
    expect(formatShape(shape)).toBe(text)
  })
})

describe('checkShape', () => {
  it('returns a fresh copy of a valid shape', () => {
    fc.assert(
      fc.property(shapeArb(), (shape) => {
        const out = checkShape('zeros', shape)
        expect(out).toEqual(shape)
        expect(out).not.toBe(shape)
      }),
    )
  })
  it.each([
    [[2, -1], 'reshape: negative dimensions are not allowed, got shape (2,-1)'],
    [[-3], 'reshape: negative dimensions are not allowed, got shape (-3,)'],
    [[2.5, 2], 'reshape: shape (2.5,2) has a non-integer dimension 2.5'],
    [[NaN], 'reshape: shape (NaN,) has a non-integer dimension NaN'],
    [[Infinity], 'reshape: shape (Infinity,) has a non-integer dimension Infinity'],
  ])('refuses %j', (shape, message) => {
    expect(() => checkShape('reshape', shape)).toThrow(ValueError)
    expect(() => checkShape('reshape', shape)).toThrow(message)
  })
})

describe('shapesEqual', () => {
  it('compares length and every dim', () => {
    fc.assert(
      fc.property(shapeArb(), shapeArb(), (a, b) => {
        expect(shapesEqual(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b))
        expect(shapesEqual(a, [...a])).toBe(true)
      }),
    )
  })
})

describe('normalizeAxis', () => {
  it('maps -ndim..ndim-1 onto 0..ndim-1, counting negatives from the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.nat(), (ndim, k) => {
        const axis = k % ndim
        expect(normalizeAxis('sum', axis, ndim)).toBe(axis)
        expect(normalizeAxis('sum', axis - ndim, ndim)).toBe(axis)
      }),
    )
  })
  it('throws numpy’s AxisError text outside that range (a 0-d array has no axes)', () => {
    const cases: [number, number, string][] = [
      [2, 2, 'sum: axis 2 is out of bounds for array of dimension 2'],
      [-3, 2, 'sum: axis -3 is out of bounds for array of dimension 2'],
      [0, 0, 'sum: axis 0 is out of bounds for array of dimension 0'],
    ]
    for (const [axis, ndim, message] of cases) {
      expect(() => normalizeAxis('sum', axis, ndim)).toThrow(AxisError)
      expect(() => normalizeAxis('sum', axis, ndim)).toThrow(message)
    }
    expect(() => normalizeAxis('sum', 0.5, 2)).toThrow(new ValueError('sum', 'axis must be an integer, got 0.5'))
  })
})

describe('normalizeAxes', () => {
  it('gives every axis for undefined/null, and sorted normalized axes for one or a list', () => {
    expect(normalizeAxes('sum', undefined, 3)).toEqual([0, 1, 2])
    expect(normalizeAxes('sum', null, 0)).toEqual([])
    expect(normalizeAxes('sum', -1, 3)).toEqual([2])
    expect(normalizeAxes('sum', [2, -3], 3)).toEqual([0, 2])
  })
  it('refuses a repeated axis (after normalizing) and an out-of-range one', () => {
    expect(() => normalizeAxes('sum', [1, -2], 3)).toThrow('sum: repeated axis in (1,-2)')
    expect(() => normalizeAxes('mean', [0, 3], 3)).toThrow('mean: axis 3 is out of bounds for array of dimension 3')
  })
})
