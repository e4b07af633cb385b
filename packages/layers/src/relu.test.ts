import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, Rng, ShapeError, ValueError, array } from '@dlfs/matrix'
import { Relu } from './relu.js'
import { maxRelativeError, numericGrad, weightedSum } from '../test/gradient-check.js'

// Golden values: scripts/golden/basic-layers.py runs the book's common/layers.py Relu (its backward
// gets a copy of dout, since the book's writes into it).
interface Arr {
  shape: number[]
  data: number[]
}
interface ReluCase {
  name: string
  x: Arr
  out: Arr
  mask: Arr
  dout: Arr
  dx: Arr
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/basic-layers.json', import.meta.url), 'utf8')) as { relu: ReluCase[] }

const fromArr = (a: Arr) => new NDArray(Float64Array.from(a.data), a.shape)
const bits = (x: NDArray) => Array.from(new Uint8Array(x.data.buffer.slice(0)))

/** Same shape and `===` per element (so +0 and −0 are equal, NaN never). */
function expectValues(actual: NDArray, expected: Arr): void {
  expect(actual.shape).toEqual(expected.shape)
  const a = Array.from(actual.flatten().data)
  a.forEach((v, i) => expect(v === expected.data[i], `element ${i}: ${v} vs ${expected.data[i]}`).toBe(true))
  expect(a.length).toBe(expected.data.length)
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

/** x and dout of one random shape (0-d and size 0 included); x has exact zeros and −0 now and then. */
const caseArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }).chain((shape) => {
  const n = shape.reduce((p, d) => p * d, 1)
  const value = fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(0, -0))
  const vals = fc.array(value, { minLength: n, maxLength: n })
  return fc.tuple(vals, vals).map(([x, d]) => ({ x: new NDArray(Float64Array.from(x), shape), dout: new NDArray(Float64Array.from(d), shape) }))
})

describe('5.5.1-relu: golden values from the book\'s common/layers.py', () => {
  for (const c of fixture.relu) {
    it(c.name, () => {
      const layer = new Relu()
      expectValues(layer.forward(fromArr(c.x)), c.out)
      expectValues(layer.mask!, c.mask)
      expectValues(layer.backward(fromArr(c.dout)), c.dx)
    })
  }
})

describe('5.5.1-relu: forward and backward', () => {
  it('the gradient at exactly 0 (and −0) is 0: mask is x ≤ 0, as in the book', () => {
    const layer = new Relu()
    expect(layer.forward(array([-1, 0, -0, 1e-300, 2])).toArray()).toEqual([0, 0, 0, 1e-300, 2])
    expect(layer.mask!.toArray()).toEqual([1, 1, 1, 0, 0])
    expect(layer.backward(array([5, 6, 7, 8, 9])).toArray()).toEqual([0, 0, 0, 8, 9])
  })

  it('backward leaves dout alone (the book\'s backward writes zeros into it) and returns a new array', () => {
    const layer = new Relu()
    layer.forward(array([[1, -2], [0, 3]]))
    const dout = array([[10, 20], [30, 40]])
    const dx = layer.backward(dout)
    expect(dout.toArray()).toEqual([[10, 20], [30, 40]])
    expect(dx.toArray()).toEqual([[10, 0], [0, 40]])
    expect(dx.data).not.toBe(dout.data)
    dx.fill(-1) // writing into dx must not reach dout either
    expect(dout.toArray()).toEqual([[10, 20], [30, 40]])
  })

  it('NaN in x passes through forward (NaN ≤ 0 is false) and lets dout through, as numpy', () => {
    const layer = new Relu()
    expect(layer.forward(array([NaN, -1])).toArray()).toEqual([NaN, 0])
    expect(layer.backward(array([3, 4])).toArray()).toEqual([3, 0])
  })

  it('params() and grads() are empty: Relu has no parameters', () => {
    expect(new Relu().params()).toEqual({})
    expect(new Relu().grads()).toEqual({})
  })
})

describe('5.5.1-relu: properties', () => {
  it('out = max(0, x) and dx = dout where x > 0, else 0, both of x\'s shape; x and dout unchanged, bit for bit', () => {
    fc.assert(
      fc.property(caseArb, ({ x, dout }) => {
        const before = [bits(x), bits(dout)]
        const layer = new Relu()
        const out = layer.forward(x)
        const dx = layer.backward(dout)
        expect(out.shape).toEqual(x.shape)
        expect(dx.shape).toEqual(x.shape)
        expect(layer.mask!.shape).toEqual(x.shape)
        x.data.forEach((v, i) => {
          expect(out.data[i] === (v > 0 ? v : 0)).toBe(true)
          expect(dx.data[i] === (v > 0 ? dout.data[i] : 0)).toBe(true)
        })
        expect([bits(x), bits(dout)]).toEqual(before)
      }),
    )
  })

  it('a transposed (non-contiguous) x gives the same result as its contiguous copy', () => {
    fc.assert(
      fc.property(caseArb.filter(({ x }) => x.ndim === 2), ({ x, dout }) => {
        const view = x.copy().T.copy().T // same values, column-major strides
        const [a, b] = [new Relu(), new Relu()]
        expect(Array.from(a.forward(view).flatten().data)).toEqual(Array.from(b.forward(x).data))
        expect(Array.from(a.backward(dout).data)).toEqual(Array.from(b.backward(dout).data))
      }),
    )
  })
})

describe('5.5.1-relu: gradient check', () => {
  // L = Σ out·g, so dL/dx = backward(g). Inputs are kept at |x| ≥ 0.1, far from the kink at 0
  // compared with h = 1e-4: the function is linear around every point, the central difference is
  // exact up to rounding (ε·|L|/h, measured below 1e-10 here), and 1e-7 is CS231n's "excellent".
  const threshold = 1e-7

  it('dx matches the numerical gradient of Σ forward(x)·g', () => {
    const rng = new Rng(51)
    for (const shape of [[3, 4], [2, 3, 2, 2], [7]]) {
      const raw = rng.randn(shape)
      const x = raw.add(raw.greater(0).mul(0.2).sub(0.1)) // push every value 0.1 away from 0
      expect(x.abs().min().item()).toBeGreaterThanOrEqual(0.1)
      const g = rng.randn(shape)
      const layer = new Relu()
      layer.forward(x)
      const dx = layer.backward(g)
      const numerical = numericGrad(() => weightedSum(new Relu().forward(x), g), x)
      expect(maxRelativeError(dx, numerical)).toBeLessThan(threshold)
    }
  })
})

describe('5.5.1-relu: errors', () => {
  it('backward before forward throws, naming the layer', () => {
    expectThrows(() => new Relu().backward(array([1])), ValueError, 'Relu.backward: called before forward: run forward(x) first, backward uses what it kept')
  })

  it('a dout whose shape differs from forward\'s output throws, naming both shapes', () => {
    const layer = new Relu()
    layer.forward(array([[1, -1, 2], [3, -4, 0]]))
    expectThrows(() => layer.backward(array([[1, 2], [3, 4]])), ShapeError, "Relu.backward: 'dout' has shape (2,2) but forward returned (2,3)")
    // Even a dout that would broadcast is refused.
    expectThrows(() => layer.backward(array([1, 2, 3])), ShapeError, "Relu.backward: 'dout' has shape (3,) but forward returned (2,3)")
  })
})
