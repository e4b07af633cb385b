// fast-check arbitraries shared by the matrix tests: shapes (0-d, size-0 and 1-length axes
// included), arrays stored as contiguous data, transposed views or strided slices, and pairs
// of shapes that broadcast. Each generated array records how it was built, for messages.
import fc from 'fast-check'
import { NDArray } from '../src/ndarray.js'
import { sizeOf, stridesOf } from '../src/shape.js'

export interface ShapeOptions {
  minDims?: number
  maxDims?: number
  maxSide?: number
}

/** A shape with 0..maxDims axes of length 0..maxSide (0 and 1 appear often). */
export function shapeArb({ minDims = 0, maxDims = 4, maxSide = 5 }: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const side = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: maxSide }) })
  return fc.array(side, { minLength: minDims, maxLength: maxDims })
}

/** Element values: mostly moderate numbers, sometimes integers (ties), zeros and negative zero. */
export const valueArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0) },
)

/** Values including NaN and ±Infinity, for propagation tests. */
export const specialValueArb: fc.Arbitrary<number> = fc.oneof(valueArb, fc.constantFrom(NaN, Infinity, -Infinity))

export type Layout = 'contiguous' | 'transposed' | 'strided'

/**
 * An NDArray of exactly `shape` whose storage is one of: C-contiguous (with a random offset),
 * a transpose of a contiguous buffer, or every second element of a larger buffer.
 */
export function arrayOfShape(shape: readonly number[], values: fc.Arbitrary<number> = valueArb): fc.Arbitrary<NDArray> {
  const n = sizeOf(shape)
  return fc
    .record({
      layout: fc.constantFrom<Layout>('contiguous', 'transposed', 'strided'),
      vals: fc.array(values, { minLength: 2 * n + 3, maxLength: 2 * n + 3 }),
      offset: fc.integer({ min: 0, max: 3 }),
    })
    .map(({ layout, vals, offset }) => build(shape, Float64Array.from(vals), layout, offset))
}

function build(shape: readonly number[], data: Float64Array, layout: Layout, offset: number): NDArray {
  if (layout === 'transposed' && shape.length >= 2) {
    // Store the reversed shape contiguously, then view it reversed: same shape, reversed strides.
    const rev = [...shape].reverse()
    return new NDArray(data, shape, [...stridesOf(rev)].reverse(), offset)
  }
  if (layout === 'strided') {
    return new NDArray(data, shape, stridesOf(shape).map((s) => 2 * s), offset)
  }
  return new NDArray(data, shape, stridesOf(shape), offset)
}

/** Any array: a random shape, then a random layout. */
export function arrayArb(opts: ShapeOptions = {}, values: fc.Arbitrary<number> = valueArb): fc.Arbitrary<NDArray> {
  return shapeArb(opts).chain((s) => arrayOfShape(s, values))
}

/** Two shapes that broadcast: derived from one output shape by dropping leading axes and setting some to 1. */
export function broadcastShapesArb(opts: ShapeOptions = {}): fc.Arbitrary<[number[], number[]]> {
  const derive = (out: number[]) =>
    fc
      .record({ drop: fc.integer({ min: 0, max: out.length }), ones: fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }) })
      .map(({ drop, ones }) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)))
  return shapeArb(opts).chain((out) => fc.tuple(derive(out), derive(out)))
}

/** A pair of arrays whose shapes broadcast together. */
export function broadcastPairArb(opts: ShapeOptions = {}, values: fc.Arbitrary<number> = valueArb): fc.Arbitrary<[NDArray, NDArray]> {
  return broadcastShapesArb(opts).chain(([a, b]) => fc.tuple(arrayOfShape(a, values), arrayOfShape(b, values)))
}

/** Flat C-order values of any array, read with plain index arithmetic (independent of the kernels). */
export function flatValues(x: NDArray): number[] {
  const out: number[] = []
  const walk = (axis: number, pos: number): void => {
    if (axis === x.ndim) {
      out.push(x.data[pos]!)
      return
    }
    for (let i = 0; i < x.shape[axis]!; i++) walk(axis + 1, pos + i * x.strides[axis]!)
  }
  walk(0, x.offset)
  return out
}

/** Same values bit for bit, treating NaN as equal to NaN and distinguishing 0 from -0 (Object.is). */
export function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]))
}
