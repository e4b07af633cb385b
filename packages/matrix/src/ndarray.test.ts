import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NDArray } from './ndarray.js'
import { IndexError, ValueError } from './errors.js'
import type { Nested } from './nested.js'
import { arrayArb, flatValues, shapeArb, specialValueArb } from '../test/arbitraries.js'

/** Every multi-index of `shape` in C order. */
function indicesOf(shape: readonly number[]): number[][] {
  let all: number[][] = [[]]
  for (const d of shape) all = all.flatMap((prefix) => Array.from({ length: d }, (_, i) => [...prefix, i]))
  return all
}
const positionOf = (x: NDArray, index: readonly number[]) => index.reduce((p, i, axis) => p + i * x.strides[axis]!, x.offset)

describe('NDArray core fields', () => {
  it('defaults to C-order strides and offset 0; ndim and size follow the shape', () => {
    fc.assert(
      fc.property(shapeArb(), (shape) => {
        const size = shape.reduce((p, d) => p * d, 1)
        const x = new NDArray(new Float64Array(size), shape)
        expect([x.ndim, x.size, x.offset]).toEqual([shape.length, size, 0])
        // Each stride is the product of the dimensions after it: (2,3,4) → (12,4,1).
        expect(x.strides).toEqual(shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1)))
      }),
    )
  })
  it('keeps its own frozen copy of shape and strides', () => {
    const shape = [2, 3]
    const strides = [1, 2]
    const x = new NDArray(new Float64Array(6), shape, strides, 0)
    shape[0] = 5
    strides[0] = 9
    expect([x.shape, x.strides]).toEqual([[2, 3], [1, 2]])
    expect(Object.isFrozen(x.shape) && Object.isFrozen(x.strides)).toBe(true)
  })
})

describe('isContiguous', () => {
  // Any strides (negative and 0 included), any offset: only positions are computed, nothing is read.
  const viewArb = shapeArb().chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      strides: fc.array(fc.integer({ min: -3, max: 30 }), { minLength: shape.length, maxLength: shape.length }),
      offset: fc.integer({ min: 0, max: 5 }),
    }),
  )
  it('is true exactly when the C-order elements sit at offset, offset + 1, offset + 2, …', () => {
    fc.assert(
      fc.property(viewArb, ({ shape, strides, offset }) => {
        const x = new NDArray(new Float64Array(0), shape, strides, offset)
        const positions = indicesOf(shape).map((index) => positionOf(x, index))
        const size = shape.reduce((p, d) => p * d, 1)
        expect(x.isContiguous()).toBe(size === 0 || positions.every((p, k) => p === offset + k))
      }),
    )
  })
  it('is true for C-order storage and false for a transpose or every other element', () => {
    const x = new NDArray(Float64Array.from({ length: 12 }, (_, i) => i), [3, 4])
    expect(x.isContiguous()).toBe(true)
    expect(x.T.isContiguous()).toBe(false)
    expect(x.slice(':', '::2').isContiguous()).toBe(false)
    expect(x.slice('1:').isContiguous()).toBe(true) // rows 1..2: a contiguous block from offset 4
  })
})

describe('get and set', () => {
  it('get reads each element by its index, negative indices counting from the end', () => {
    fc.assert(
      fc.property(arrayArb({}, specialValueArb), (x) => {
        const values = flatValues(x)
        indicesOf(x.shape).forEach((index, k) => {
          expect(x.get(...index)).toBe(values[k])
          expect(x.get(...index.map((i, axis) => i - x.shape[axis]!))).toBe(values[k])
        })
      }),
    )
  })
  it('set writes one element of a view into the shared buffer, touches nothing else, and returns this', () => {
    fc.assert(
      fc.property(
        arrayArb({ minDims: 1 }).filter((x) => x.size > 0),
        fc.nat(),
        specialValueArb,
        (x, k, value) => {
          const index = indicesOf(x.shape)[k % x.size]!
          const want = Float64Array.from(x.data)
          want[positionOf(x, index)] = value
          expect(x.set(index.map((i, axis) => (k % 2 ? i - x.shape[axis]! : i)), value)).toBe(x)
          expect(x.data).toEqual(want)
        },
      ),
    )
  })
  it('reads and writes a 0-d array with no indices', () => {
    const x = new NDArray(Float64Array.of(0, 5), [], [], 1)
    expect(x.get()).toBe(5)
    x.set([], 6)
    expect(Array.from(x.data)).toEqual([0, 6])
  })
  it('refuses out-of-bounds, fractional and miscounted indices in numpy words', () => {
    const x = new NDArray(new Float64Array(6), [3, 2])
    const cases: [() => unknown, string][] = [
      [() => x.get(3, 0), 'get: index 3 is out of bounds for axis 0 with size 3'],
      [() => x.get(0, -3), 'get: index -3 is out of bounds for axis 1 with size 2'],
      [() => x.get(1.5, 0), 'get: index 1.5 is not an integer'],
      [() => x.get(0), 'get: expected 2 indices for an array of shape (3,2), got 1'],
      [() => x.get(0, 0, 0), 'get: expected 2 indices for an array of shape (3,2), got 3'],
      [() => x.set([0, 2], 1), 'set: index 2 is out of bounds for axis 1 with size 2'],
      [() => new NDArray(new Float64Array(1), [3]).get(3), 'get: index 3 is out of bounds for axis 0 with size 3'],
    ]
    for (const [run, message] of cases) {
      expect(run).toThrow(IndexError)
      expect(run).toThrow(message)
    }
    expect(Array.from(x.data)).toEqual([0, 0, 0, 0, 0, 0])
  })
})

describe('item', () => {
  it('returns the single element of any size-1 array, whatever its ndim and layout', () => {
    fc.assert(
      fc.property(arrayArb({ maxSide: 1 }, specialValueArb).filter((x) => x.size === 1), (x) => {
        expect(x.item()).toBe(flatValues(x)[0])
      }),
    )
  })
  it('refuses any other size, naming the shape', () => {
    expect(() => new NDArray(new Float64Array(6), [2, 3]).item()).toThrow(
      new ValueError('item', 'can only convert an array of size 1 to a number, got shape (2,3)'),
    )
    expect(() => new NDArray(new Float64Array(0), [0]).item()).toThrow('item: can only convert an array of size 1 to a number, got shape (0,)')
  })
})

describe('toArray', () => {
  /** Shape and flat values of nested lists, read independently of nested.ts. */
  function unnest(v: Nested, shape: number[] = [], values: number[] = [], depth = 0): { shape: number[]; values: number[] } {
    if (!Array.isArray(v)) values.push(v)
    else {
      if (shape.length === depth) shape.push(v.length)
      for (const e of v) unnest(e, shape, values, depth + 1)
    }
    return { shape, values }
  }
  it('gives nested lists of the view’s values in C order (a number for 0-d)', () => {
    fc.assert(
      fc.property(arrayArb({}, specialValueArb), (x) => {
        const nested = x.toArray()
        expect(typeof nested === 'number').toBe(x.ndim === 0)
        const { shape, values } = unnest(nested)
        const zero = x.shape.indexOf(0) // lists cannot show the axes after a 0-length one
        expect(shape).toEqual(zero < 0 ? x.shape : x.shape.slice(0, zero + 1))
        expect(values).toEqual(flatValues(x))
      }),
    )
  })
  it('returns fresh lists: editing them never reaches the array', () => {
    const x = new NDArray(Float64Array.of(1, 2, 3, 4), [2, 2])
    const nested = x.T.toArray() as number[][]
    nested[0]![0] = 99
    expect(Array.from(x.data)).toEqual([1, 2, 3, 4])
  })
})

describe('memory sharing', () => {
  it('views (T, slice) share the buffer; copy() never does', () => {
    fc.assert(
      fc.property(arrayArb(), (x) => {
        expect(x.T.data).toBe(x.data)
        expect(x.slice().data).toBe(x.data)
        const c = x.copy()
        expect(c.data).not.toBe(x.data)
        expect(c.isContiguous() && c.offset === 0).toBe(true)
        expect(flatValues(c)).toEqual(flatValues(x))
      }),
    )
  })
})
