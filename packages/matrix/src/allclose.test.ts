import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { allclose, isclose, type CloseOptions } from './allclose.js'
import { NDArray } from './ndarray.js'
import { ShapeError } from './errors.js'

type Value = number | string // JSON has no NaN/Infinity: the generator writes 'NaN', 'Infinity', '-Infinity'
type Encoded = { number: Value } | { shape: number[]; data: Value[] }
interface IscloseCase {
  name: string
  a: Encoded
  b: Encoded
  options: CloseOptions
  shape: number[]
  expected: number[]
  all: boolean
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/im2col.json', import.meta.url), 'utf8')) as { isclose: IscloseCase[] }

const decode = (e: Encoded): NDArray | number =>
  'number' in e ? Number(e.number) : new NDArray(Float64Array.from(e.data, Number), e.shape)

describe('isclose/allclose: golden values from numpy', () => {
  for (const c of fixture.isclose) {
    it(c.name, () => {
      const a = decode(c.a)
      const b = decode(c.b)
      const r = isclose(a, b, c.options)
      expect(r.shape).toEqual(c.shape)
      expect(Array.from(r.data)).toEqual(c.expected)
      expect(allclose(a, b, c.options)).toBe(c.all)
    })
  }
})

describe('isclose/allclose: views and broadcasting', () => {
  it('reads strided views: a transposed view gives the same answer as its C-order copy', () => {
    // v = base.T, base (3, 2) stored after one spare element
    const base = Float64Array.of(0, 1, 2, 3, 4, 5, 6)
    const v = new NDArray(base, [2, 3], [1, 2], 1)
    const copy = new NDArray(Float64Array.of(1, 3, 5, 2, 4, 6), [2, 3])
    const b = new NDArray(Float64Array.of(1, 3.0000001, 5.1), [3])
    expect(Array.from(isclose(v, b).data)).toEqual(Array.from(isclose(copy, b).data))
    expect(isclose(v, copy).data.every((x) => x === 1)).toBe(true)
  })

  it('names the op and both shapes when they do not broadcast', () => {
    const a = new NDArray(new Float64Array(2), [2])
    const b = new NDArray(new Float64Array(3), [3])
    expect(() => isclose(a, b)).toThrow(ShapeError)
    expect(() => allclose(a, b)).toThrow('isclose: operands could not be broadcast together with shapes (2,) (3,)')
  })

  it('an array is close to itself; with rtol = 0 the test is symmetric (only rtol·|b| makes it one-sided)', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
    fc.assert(
      fc.property(fc.array(fc.tuple(finite, finite), { maxLength: 8 }), fc.double({ min: 0, max: 10, noNaN: true }), (pairs, atol) => {
        const a = new NDArray(Float64Array.from(pairs, (p) => p[0]), [pairs.length])
        const b = new NDArray(Float64Array.from(pairs, (p) => p[1]), [pairs.length])
        expect(allclose(a, a)).toBe(true)
        const ab = isclose(a, b, { rtol: 0, atol })
        const ba = isclose(b, a, { rtol: 0, atol })
        expect(Array.from(ab.data)).toEqual(Array.from(ba.data))
        expect(Array.from(ab.data)).toEqual(pairs.map(([x, y]) => (Math.abs(x - y) <= atol ? 1 : 0)))
      }),
    )
  })
})
