import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NDArray, type Operand } from '../ndarray.js'
import { ShapeError } from '../errors.js'
import { arrayArb, arrayOfShape, specialValueArb, valueArb } from '../../test/arbitraries.js'

// ---- a plain-loop reference: positions and broadcast reads written out again ----

/** Every multi-index of `shape` in C order. */
function indicesOf(shape: readonly number[]): number[][] {
  let all: number[][] = [[]]
  for (const d of shape) all = all.flatMap((prefix) => Array.from({ length: d }, (_, i) => [...prefix, i]))
  return all
}
/** Buffer position of x's element at `index` of a (broadcast) shape: leading axes ignored, 1-length axes at 0. */
function positionOf(x: NDArray, index: readonly number[]): number {
  const lead = index.length - x.ndim
  let pos = x.offset
  for (let i = 0; i < x.ndim; i++) pos += (x.shape[i] === 1 ? 0 : index[lead + i]!) * x.strides[i]!
  return pos
}
/**
 * The whole buffer of `target` after `target op= other`, as numpy computes it: every read sees the
 * values from before the call (numpy copies an operand that overlaps the output), and only the
 * target's own elements change.
 */
function expectedBuffer(target: NDArray, other: Operand, f: (t: number, v: number) => number): Float64Array {
  const before = Float64Array.from(target.data)
  const src = other instanceof NDArray ? other : new NDArray(Float64Array.of(other), [])
  const srcBefore = src.data === target.data ? before : src.data
  const out = Float64Array.from(before)
  for (const index of indicesOf(target.shape)) {
    const p = positionOf(target, index)
    out[p] = f(before[p]!, srcBefore[positionOf(src, index)]!)
  }
  return out
}

/** A shape that broadcasts to `shape` without growing it: leading axes dropped, some set to 1. */
const operandShapeArb = (shape: readonly number[]) =>
  fc
    .tuple(fc.integer({ min: 0, max: shape.length }), fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }))
    .map(([drop, ones]) => shape.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)))
/** A target of any layout (views with gaps and offsets) and an operand that broadcasts to it, or a number. */
const targetAndOperandArb = arrayArb({}, specialValueArb).chain((target) =>
  fc.tuple(
    fc.constant(target),
    fc.oneof(operandShapeArb(target.shape).chain((s) => arrayOfShape(s, specialValueArb)), specialValueArb) as fc.Arbitrary<Operand>,
  ),
)

const METHODS = [
  ['addInPlace', (t: number, v: number) => t + v],
  ['subInPlace', (t: number, v: number) => t - v],
  ['mulInPlace', (t: number, v: number) => t * v],
  ['divInPlace', (t: number, v: number) => t / v],
  ['assign', (_: number, v: number) => v],
] as const

describe.each(METHODS)('%s', (method, f) => {
  it('updates exactly the target view’s elements in its base buffer, broadcasting the operand, and returns this', () => {
    fc.assert(
      fc.property(targetAndOperandArb, ([target, other]) => {
        const want = expectedBuffer(target, other, f)
        const otherBefore = other instanceof NDArray ? Float64Array.from(other.data) : other
        expect(target[method](other)).toBe(target)
        expect(target.data).toEqual(want) // Object.is per element: NaN and -0 included
        if (other instanceof NDArray) expect(other.data).toEqual(otherBefore)
      }),
    )
  })
  it('reads an overlapping operand as it was before the call (square x op= x.T)', () => {
    const squareArb = fc.integer({ min: 0, max: 5 }).chain((n) => arrayOfShape([n, n], valueArb))
    fc.assert(
      fc.property(squareArb, (x) => {
        const want = expectedBuffer(x, x.T, f)
        x[method](x.T)
        expect(x.data).toEqual(want)
      }),
    )
  })
  it('rejects an operand that would grow the target, in numpy words, and leaves the target unchanged', () => {
    const target = new NDArray(Float64Array.of(1, 2, 3), [3])
    const run = () => target[method](new NDArray(new Float64Array(6), [2, 3]))
    expect(run).toThrow(ShapeError)
    expect(run).toThrow(`${method}: non-broadcastable output operand with shape (3,) doesn't match the broadcast shape (2,3)`)
    expect(() => target[method](new NDArray(new Float64Array(3), [1, 3]))).toThrow(
      `${method}: non-broadcastable output operand with shape (3,) doesn't match the broadcast shape (1,3)`,
    )
    expect(() => target[method](new NDArray(new Float64Array(4), [4]))).toThrow(
      `${method}: operands could not be broadcast together with shapes (3,) (4,)`,
    )
    expect(Array.from(target.data)).toEqual([1, 2, 3])
  })
})

describe('fill', () => {
  it('sets every element of the view (and nothing else) to the value, NaN included', () => {
    fc.assert(
      fc.property(arrayArb({}, valueArb), specialValueArb, (x, value) => {
        const want = expectedBuffer(x, value, (_, v) => v)
        expect(x.fill(value)).toBe(x)
        expect(x.data).toEqual(want)
      }),
    )
  })
})

describe('in-place ops on views and edge shapes', () => {
  it('a column slice and a transpose write into the base buffer that other arrays share', () => {
    const base = new NDArray(Float64Array.from({ length: 12 }, (_, i) => i), [3, 4])
    const alias = new NDArray(base.data, [12]) // another array over the same buffer, like a layer's W
    const cols = base.slice(':', '1:3') // (3,2) view
    const row = new NDArray(Float64Array.of(10, 20), [2])
    const want = expectedBuffer(cols, row, (t, v) => t + v)
    cols.addInPlace(row)
    expect(alias.data).toEqual(want)
    const wantT = expectedBuffer(base.T, 1, (t, v) => t - v)
    base.T.subInPlace(1) // (4,3) view of the same buffer
    expect(alias.data).toEqual(wantT)
  })
  it('handles 0-d and size-0 targets (numpy accepts a (1,) operand for (0,) and (2,0))', () => {
    fc.assert(
      fc.property(valueArb, valueArb, (a, b) => {
        const x = new NDArray(Float64Array.of(a), [])
        expect(x.addInPlace(b).item()).toBe(a + b)
        expect(x.assign(new NDArray(Float64Array.of(b), [])).item()).toBe(b)
      }),
    )
    for (const shape of [[0], [2, 0]]) {
      const x = new NDArray(new Float64Array(0), shape)
      expect(x.addInPlace(new NDArray(Float64Array.of(1), [1])).shape).toEqual(shape)
      expect(x.fill(3).size).toBe(0)
    }
    const scalar = new NDArray(Float64Array.of(1), [])
    expect(() => scalar.addInPlace(new NDArray(Float64Array.of(1), [1]))).toThrow(
      "addInPlace: non-broadcastable output operand with shape () doesn't match the broadcast shape (1,)",
    )
  })
  it('assign copies a shifted overlapping window as numpy does (x[1:] = x[:-1])', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 1, maxLength: 8 }), (values) => {
        const x = new NDArray(Float64Array.from(values), [values.length])
        const want = expectedBuffer(x.slice('1:'), x.slice(':-1'), (_, v) => v)
        x.slice('1:').assign(x.slice(':-1'))
        expect(x.data).toEqual(want)
      }),
    )
  })
  // BUG (reported): inplace.ts copies an overlapping operand only when its size is > 1, so a
  // single element of the target itself is overwritten first and then read by the later elements.
  // numpy: x = np.array([1., 2., 3.]); x -= x[0:1]  →  [0., 1., 2.]
  it('reads a one-element operand that lies inside the target before writing (x -= x[0:1])', () => {
    const x = new NDArray(Float64Array.of(1, 2, 3), [3])
    const want = expectedBuffer(x, x.slice('0:1'), (t, v) => t - v)
    x.subInPlace(x.slice('0:1'))
    expect(x.data).toEqual(want)
  })
})
