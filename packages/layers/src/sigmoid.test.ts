import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, Rng, ShapeError, ValueError, array } from '@dlfs/matrix'
import { Sigmoid } from './sigmoid.js'
import { sigmoid } from './activations.js'
import { maxRelativeError, numericGrad, weightedSum } from '../test/gradient-check.js'

// Golden values: scripts/golden/basic-layers.py runs the book's common/layers.py Sigmoid.
interface Arr {
  shape: number[]
  data: number[]
}
interface SigmoidCase {
  name: string
  x: Arr
  out: Arr
  dout: Arr
  dx: Arr
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/basic-layers.json', import.meta.url), 'utf8')) as { sigmoid: SigmoidCase[] }

const fromArr = (a: Arr) => new NDArray(Float64Array.from(a.data), a.shape)
const bits = (x: NDArray) => Array.from(new Uint8Array(x.data.buffer.slice(0)))

/**
 * Same shape and |actual − expected| ≤ rtol·|expected| + atol per element. out differs from numpy by at
 * most a few ulps (V8's Math.exp against libm's exp); dx = dout·(1 − out)·out inherits that, and 1 − out
 * cancels when out ≈ 1, turning an ulp of out (1.1e-16) into an absolute error of about |dout|·1.1e-16.
 */
function expectClose(actual: NDArray, expected: Arr, rtol: number, atol = 0): void {
  expect(actual.shape).toEqual(expected.shape)
  const a = actual.flatten().data
  expect(a.length).toBe(expected.data.length)
  expected.data.forEach((e, i) => {
    expect(Math.abs(a[i]! - e), `element ${i}: ${a[i]} vs ${e}`).toBeLessThanOrEqual(atol + rtol * Math.abs(e))
  })
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

/** x and dout of one random shape (0-d and size 0 included); x sometimes far out (±1000). */
const caseArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }).chain((shape) => {
  const n = shape.reduce((p, d) => p * d, 1)
  const x = fc.array(fc.oneof(fc.double({ min: -50, max: 50, noNaN: true }), fc.constantFrom(-1000, 1000, 0)), { minLength: n, maxLength: n })
  const d = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n })
  return fc.tuple(x, d).map(([xs, ds]) => ({ x: new NDArray(Float64Array.from(xs), shape), dout: new NDArray(Float64Array.from(ds), shape) }))
})

describe('5.5.2-sigmoid: golden values from the book\'s common/layers.py', () => {
  for (const c of fixture.sigmoid) {
    it(c.name, () => {
      const layer = new Sigmoid()
      const out = layer.forward(fromArr(c.x))
      expectClose(out, c.out, 4 * Number.EPSILON)
      expect(layer.out).toBe(out)
      const dout = fromArr(c.dout)
      const dx = layer.backward(dout)
      expectClose(dx, c.dx, 1e-13, Number.EPSILON * dout.abs().max().item())
    })
  }
})

describe('5.5.2-sigmoid: forward and backward', () => {
  it('x = ±1000 gives out 0 and 1 and a gradient of exactly 0, finite, never NaN', () => {
    const layer = new Sigmoid()
    expect(layer.forward(array([-1000, 1000, 0])).toArray()).toEqual([0, 1, 0.5])
    expect(layer.backward(array([3, 3, 4])).toArray()).toEqual([0, 0, 1]) // 4·(1 − 0.5)·0.5 = 1
  })

  it('params() and grads() are empty: Sigmoid has no parameters', () => {
    expect(new Sigmoid().params()).toEqual({})
    expect(new Sigmoid().grads()).toEqual({})
  })
})

describe('5.5.2-sigmoid: properties', () => {
  it('out = sigmoid(x) and dx = dout·(1 − out)·out, both of x\'s shape and finite; x and dout unchanged, bit for bit', () => {
    fc.assert(
      fc.property(caseArb, ({ x, dout }) => {
        const before = [bits(x), bits(dout)]
        const layer = new Sigmoid()
        const out = layer.forward(x)
        const dx = layer.backward(dout)
        expect(out.shape).toEqual(x.shape)
        expect(dx.shape).toEqual(x.shape)
        expect(Array.from(out.data)).toEqual(Array.from(sigmoid(x).data))
        out.data.forEach((y, i) => {
          expect(y >= 0 && y <= 1).toBe(true)
          expect(dx.data[i]).toBe(dout.data[i]! * (1 - y) * y)
        })
        expect(dx.data.every(Number.isFinite)).toBe(true)
        expect([bits(x), bits(dout)]).toEqual(before)
      }),
    )
  })

  it('the gradient is at most |dout|/4 (σ′ peaks at 0.25, at x = 0)', () => {
    fc.assert(
      fc.property(caseArb, ({ x, dout }) => {
        const layer = new Sigmoid()
        layer.forward(x)
        // (+1e-300: a subnormal dout rounds on a grid coarser than a quarter of it.)
        layer.backward(dout).data.forEach((v, i) => expect(Math.abs(v)).toBeLessThanOrEqual(Math.abs(dout.data[i]!) / 4 + 1e-300))
      }),
    )
  })
})

describe('5.5.2-sigmoid: gradient check', () => {
  // L = Σ out·g, so dL/dx = backward(g). Sigmoid is smooth: the central difference's truncation
  // error h²/6·σ‴ (relative ≈ h²/6 ≈ 2e-9) dominates its rounding ε·|L|/h; for |x| ≤ 4, where
  // σ′ ≥ 0.017 keeps every gradient away from 0, the measured error is about 1.5e-9. The threshold
  // 1e-6 sits well inside CS231n's "< 1e-5 is fine for smooth functions".
  const threshold = 1e-6

  it('dx matches the numerical gradient of Σ forward(x)·g', () => {
    const rng = new Rng(52)
    for (const shape of [[3, 4], [2, 3, 2], [6]]) {
      const x = rng.uniform(-4, 4, shape)
      const g = rng.randn(shape)
      const layer = new Sigmoid()
      layer.forward(x)
      const dx = layer.backward(g)
      const numerical = numericGrad(() => weightedSum(new Sigmoid().forward(x), g), x)
      expect(maxRelativeError(dx, numerical)).toBeLessThan(threshold)
    }
  })
})

describe('5.5.2-sigmoid: errors', () => {
  it('backward before forward throws, naming the layer', () => {
    expectThrows(() => new Sigmoid().backward(array([1])), ValueError, 'Sigmoid.backward: called before forward: run forward(x) first, backward uses what it kept')
  })

  it('a dout whose shape differs from forward\'s output throws, naming both shapes', () => {
    const layer = new Sigmoid()
    layer.forward(array([[1, -1, 2], [3, -4, 0]]))
    expectThrows(() => layer.backward(array([[1, 2], [3, 4], [5, 6]])), ShapeError, "Sigmoid.backward: 'dout' has shape (3,2) but forward returned (2,3)")
    expectThrows(() => layer.backward(array(1)), ShapeError, "Sigmoid.backward: 'dout' has shape () but forward returned (2,3)")
  })
})
