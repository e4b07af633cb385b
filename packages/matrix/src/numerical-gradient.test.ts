import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { numericalGradient } from './numerical-gradient.js'
import { NDArray } from './ndarray.js'
import { nextIndex } from './indexing.js'
import { sizeOf } from './shape.js'

/** Σ g(x[idx], idx) over every element of x, read through its strides (x may be a view). */
function sumOver(x: NDArray, g: (v: number, idx: readonly number[]) => number): number {
  if (x.size === 0) return 0
  const idx = new Array<number>(x.ndim).fill(0)
  let s = 0
  do s += g(x.get(...idx), idx)
  while (nextIndex(idx, x.shape))
  return s
}

/** h(x[idx], idx) for every element, in C order: an analytic gradient to compare with. */
function mapOver(x: NDArray, h: (v: number, idx: readonly number[]) => number): number[] {
  const out: number[] = []
  sumOver(x, (v, idx) => (out.push(h(v, idx)), 0))
  return out
}

function expectClose(actual: NDArray, expected: number[], tol: number): void {
  expect(actual.size).toBe(expected.length)
  actual.data.forEach((v, i) => expect(Math.abs(v - expected[i]!), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol))
}

const bytes = (x: NDArray) => Array.from(new Uint8Array(x.data.buffer.slice(0)))
const values = (n: number) => fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n })

describe('4.4-numerical-gradient: known functions', () => {
  it('Σx² on a 2-D array has gradient 2x', () => {
    fc.assert(
      fc.property(values(6), (xs) => {
        const x = new NDArray(Float64Array.from(xs), [2, 3])
        const grad = numericalGradient((v) => sumOver(v, (e) => e * e), x)
        expect(grad.shape).toEqual([2, 3])
        expectClose(grad, xs.map((e) => 2 * e), 1e-7)
      }),
    )
  })

  it('Σ sin(x) has gradient cos(x)', () => {
    fc.assert(
      fc.property(values(5), (xs) => {
        const x = new NDArray(Float64Array.from(xs), [5])
        const grad = numericalGradient((v) => sumOver(v, Math.sin), x)
        // Truncation error of the central difference: h²/6·|cos'''| ≤ 1.7e-9.
        expectClose(grad, xs.map(Math.cos), 1e-7)
      }),
    )
  })

  it('a function of a 3-D array: Σ (i+1)(j+2)(k+3)·x³ has gradient 3(i+1)(j+2)(k+3)·x²', () => {
    const shape = [2, 3, 4]
    const x = new NDArray(Float64Array.from({ length: sizeOf(shape) }, (_, i) => Math.sin(i) * 2), shape)
    const w = (idx: readonly number[]) => (idx[0]! + 1) * (idx[1]! + 2) * (idx[2]! + 3)
    const grad = numericalGradient((v) => sumOver(v, (e, idx) => w(idx) * e ** 3), x)
    expect(grad.shape).toEqual(shape)
    expectClose(grad, mapOver(x, (e, idx) => 3 * w(idx) * e * e), 1e-5)
  })

  it('a transposed view with an offset: the gradient has the view\'s shape, in C order', () => {
    // base (3, 2) stored after 2 spare elements; v = base.T: shape (2, 3), strides (1, 2)
    const base = Float64Array.from([9, 9, 0.5, -1, 2, 1.5, -0.25, 3])
    const v = new NDArray(base, [2, 3], [1, 2], 2)
    const w = (idx: readonly number[]) => 1 + idx[0]! + 10 * idx[1]!
    const grad = numericalGradient((u) => sumOver(u, (e, idx) => w(idx) * e * e), v)
    expect(grad.shape).toEqual([2, 3])
    expect(grad.isContiguous()).toBe(true)
    expectClose(grad, mapOver(v, (e, idx) => 2 * w(idx) * e), 1e-7)
  })

  it('uses h: for x³ at 1 the central difference is 3 + h²', () => {
    const x = new NDArray(Float64Array.of(1), [])
    const grad = numericalGradient((v) => v.item() ** 3, x, 0.1)
    // ((1 + h)³ − (1 − h)³) / 2h = 3 + h²
    expect(grad.item()).toBeCloseTo(3 + 0.1 ** 2, 12)
  })
})

describe('4.4-numerical-gradient: x is left as it was', () => {
  it('bit for bit, including −0 and tiny values', () => {
    const x = new NDArray(Float64Array.of(0.1, -0, 1e-300, 123456.789, -7.25, 1 / 3), [3, 2])
    const before = bytes(x)
    numericalGradient((v) => sumOver(v, (e) => e * e * e), x)
    expect(bytes(x)).toEqual(before)
  })

  it('f sees x + h then x − h in the element being nudged, and x elsewhere', () => {
    const x = new NDArray(Float64Array.of(1, 2, 3), [3])
    const seen: number[][] = []
    numericalGradient((v) => (seen.push(Array.from(v.data)), 0), x, 0.5)
    expect(seen).toEqual([
      [1.5, 2, 3],
      [0.5, 2, 3],
      [1, 2.5, 3],
      [1, 1.5, 3],
      [1, 2, 3.5],
      [1, 2, 2.5],
    ])
  })

  it('restored even when f throws', () => {
    const x = new NDArray(Float64Array.of(0.1, 0.2, 0.3, 0.4), [2, 2])
    const before = bytes(x)
    let calls = 0
    const f = (v: NDArray) => {
      if (++calls === 4) throw new Error('boom') // while the second element is at x − h
      return sumOver(v, (e) => e)
    }
    expect(() => numericalGradient(f, x)).toThrow('boom')
    expect(bytes(x)).toEqual(before)
  })

  it('calls f 2·size times', () => {
    let calls = 0
    numericalGradient(() => (calls++, 0), new NDArray(new Float64Array(24), [2, 3, 4]))
    expect(calls).toBe(48)
  })
})

describe('4.4-numerical-gradient: 0-d and size-0 input', () => {
  it('0-d: one element, shape ()', () => {
    const x = new NDArray(Float64Array.of(3), [])
    const grad = numericalGradient((v) => v.item() ** 2, x)
    expect(grad.shape).toEqual([])
    expect(grad.item()).toBeCloseTo(6, 8)
  })

  it('size 0: f is never called, the gradient is empty with x\'s shape', () => {
    let calls = 0
    const grad = numericalGradient(() => (calls++, 0), new NDArray(new Float64Array(0), [0, 3]))
    expect(grad.shape).toEqual([0, 3])
    expect(grad.size).toBe(0)
    expect(calls).toBe(0)
  })
})
