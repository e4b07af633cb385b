import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, Rng, ShapeError, ValueError, fromData, type Shape } from '@dlfs/matrix'
import { Dropout } from './dropout.js'
import { maxRelativeError, numericGrad, weightedSum } from '../test/gradient-check.js'

interface DropoutCase {
  name: string
  shape: number[]
  ratio: number
  x: number[]
  dout: number[]
  u: number[]
  mask: number[]
  trainOut: number[]
  trainDx: number[]
  testOut: number[]
  testDx: number[]
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/cnn-layers.json', import.meta.url), 'utf8')) as {
  dropout: DropoutCase[]
}

const fromList = (values: readonly number[], shape: readonly number[]) => fromData(Float64Array.from(values), shape)
/** Every bit of the backing buffer, so a change anywhere (even −0 for 0) is caught. */
const bits = (a: NDArray) => Array.from(new BigUint64Array(a.data.slice().buffer))
/** Values in C order; compared exactly, sign of zero included (x·0 is −0 for negative x, in numpy too). */
const values = (a: NDArray) => Array.from(a.copy().data)

/** An Rng whose `rand` replays stored uniform draws: the fixture's stand-in for np.random.rand. */
class ReplayRng extends Rng {
  constructor(private readonly draws: readonly number[]) {
    super(0)
  }
  override rand(...shape: number[] | [readonly number[]]): NDArray {
    const s: Shape = shape.length === 1 && Array.isArray(shape[0]) ? shape[0] : (shape as number[])
    return fromList(this.draws, s)
  }
}

const shapeArb = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 })
const ratioArb = fc.double({ min: 0, max: 0.95, noNaN: true })
const valueArb = fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true })
/** (x, dout) of one random shape. */
const pairArb = shapeArb.chain((shape) => {
  const n = shape.reduce((a, b) => a * b, 1)
  const list = fc.array(valueArb, { minLength: n, maxLength: n })
  return fc.record({ shape: fc.constant(shape), x: list, dout: list })
})

describe('6.4.3-dropout: golden values from the book\'s common/layers.py', () => {
  for (const c of fixture.dropout) {
    it(`${c.name}: mask = rand > ratio, out = x·mask, dx = dout·mask; test mode scales by 1 − ratio`, () => {
      const layer = new Dropout(c.ratio, new ReplayRng(c.u))
      const x = fromList(c.x, c.shape)
      const dout = fromList(c.dout, c.shape)
      const out = layer.forward(x)
      expect(out.shape).toEqual(c.shape)
      expect(values(layer.mask!)).toEqual(c.mask)
      expect(values(out)).toEqual(c.trainOut)
      expect(values(layer.backward(dout))).toEqual(c.trainDx)
      const testOut = layer.forward(x, false)
      expect(values(testOut)).toEqual(c.testOut)
      // Ours, not the book's: after a test-mode forward the book's backward would reuse the stale mask.
      expect(values(layer.backward(dout))).toEqual(c.testDx)
    })
  }

  it('a draw equal to the ratio drops the unit (strict >, as the book\'s rand > ratio)', () => {
    const layer = new Dropout(0.25, new ReplayRng([0.25, 0.2500000000000001, 0.2499999999999999]))
    layer.forward(fromList([1, 1, 1], [3]))
    expect(values(layer.mask!)).toEqual([0, 1, 0])
  })

  it('the default ratio is 0.5', () => {
    const layer = new Dropout(undefined, new ReplayRng([0.5, 0.6, 0.4]))
    expect(layer.dropoutRatio).toBe(0.5)
    expect(values(layer.forward(fromList([2, 3, 4], [3]), false))).toEqual([1, 1.5, 2])
    expect(values(layer.forward(fromList([2, 3, 4], [3])))).toEqual([0, 3, 0])
  })
})

describe('6.4.3-dropout: seeded masks', () => {
  it('the mask is the layer\'s Rng drawing rand(x.shape) > ratio: same seed → same mask', () => {
    const x = new Rng(1).randn(4, 6)
    const a = new Dropout(0.4, new Rng(7))
    const b = new Dropout(0.4, new Rng(7))
    a.forward(x)
    b.forward(x)
    expect(bits(a.mask!)).toEqual(bits(b.mask!))
    expect(bits(a.mask!)).toEqual(bits(new Rng(7).rand(4, 6).greater(0.4)))
  })

  it('each training forward draws a new mask; a test-mode forward draws nothing', () => {
    const x = new Rng(2).randn(8, 8)
    const rng = new Rng(11)
    const layer = new Dropout(0.5, rng)
    layer.forward(x)
    const first = bits(layer.mask!)
    const state = rng.getState()
    layer.forward(x, false)
    expect(rng.getState()).toEqual(state)
    expect(bits(layer.mask!)).toEqual(first) // a test-mode forward keeps the last mask
    layer.forward(x)
    expect(bits(layer.mask!)).not.toEqual(first)
  })

  it('different seeds give different masks', () => {
    const x = new Rng(3).randn(10, 10)
    const a = new Dropout(0.5, new Rng(1))
    const b = new Dropout(0.5, new Rng(2))
    a.forward(x)
    b.forward(x)
    expect(bits(a.mask!)).not.toEqual(bits(b.mask!))
  })

  it.each([0.1, 0.3, 0.5, 0.8])('the dropped fraction of 100,000 units is %s ± 0.01 (over 6 standard deviations)', (ratio) => {
    // Dropped units are Bernoulli(ratio): std of the fraction is √(r(1 − r)/n) ≤ 0.0016 for n = 1e5.
    const layer = new Dropout(ratio, new Rng(2024))
    const x = new Rng(5).rand(100, 1000).add(1) // in [1, 2): never 0, so out = 0 exactly where dropped
    const out = layer.forward(x)
    const dropped = out.data.reduce((acc, v) => acc + (v === 0 ? 1 : 0), 0) / out.size
    expect(Math.abs(dropped - ratio)).toBeLessThan(0.01)
    const kept = layer.mask!.sum().item() / layer.mask!.size
    expect(kept + dropped).toBeCloseTo(1, 12)
  })
})

describe('6.4.3-dropout: gradient check', () => {
  // Dropout is linear in x once the mask is fixed, so the central difference is exact up to rounding:
  // threshold 1e-8 (CS231n: < 1e-7 is excellent). The mask is fixed by giving every forward call
  // its own Dropout on a copy of the same Rng state, so the check runs the layer's real forward.
  it.each([
    [[4, 5], 0.5],
    [[2, 3, 2, 2], 0.2],
    [[3, 7], 0.7],
  ] as const)('x %j, ratio %s: dx = dout·mask matches the numerical gradient of Σ forward(x)·g', (shape, ratio) => {
    const rng = new Rng(99)
    const x = rng.randn([...shape])
    const g = rng.randn([...shape])
    const state = rng.getState()
    const loss = () => weightedSum(new Dropout(ratio, Rng.fromState(state)).forward(x), g)
    const numerical = numericGrad(loss, x)
    const layer = new Dropout(ratio, Rng.fromState(state))
    layer.forward(x)
    expect(maxRelativeError(layer.backward(g), numerical)).toBeLessThan(1e-8)
  })

  it('the same, through the stored mask: a wrapper re-multiplies by the mask of one forward', () => {
    const rng = new Rng(5)
    const x = rng.randn(6, 4)
    const g = rng.randn(6, 4)
    const layer = new Dropout(0.5, rng)
    layer.forward(x)
    const mask = layer.mask!
    const numerical = numericGrad(() => weightedSum(x.mul(mask), g), x)
    expect(maxRelativeError(layer.backward(g), numerical)).toBeLessThan(1e-8)
  })

  it('test mode: dx = dout·(1 − ratio) matches the numerical gradient', () => {
    const rng = new Rng(6)
    const x = rng.randn(3, 5)
    const g = rng.randn(3, 5)
    const layer = new Dropout(0.3, rng)
    const numerical = numericGrad(() => weightedSum(layer.forward(x, false), g), x)
    layer.forward(x, false)
    expect(maxRelativeError(layer.backward(g), numerical)).toBeLessThan(1e-8)
  })
})

describe('6.4.3-dropout: properties', () => {
  it('training: out has x\'s shape, the mask is 0/1 and out = x·mask exactly; dx = dout·mask exactly', () => {
    fc.assert(
      fc.property(pairArb, ratioArb, fc.nat(1000), ({ shape, x: xs, dout: ds }, ratio, seed) => {
        const x = fromList(xs, shape)
        const dout = fromList(ds, shape)
        const layer = new Dropout(ratio, new Rng(seed))
        const out = layer.forward(x)
        const mask = layer.mask!
        expect(out.shape).toEqual(shape)
        expect(mask.shape).toEqual(shape)
        expect(mask.data.every((m) => m === 0 || m === 1)).toBe(true)
        expect(bits(out)).toEqual(bits(x.mul(mask)))
        const dx = layer.backward(dout)
        expect(dx.shape).toEqual(shape)
        expect(bits(dx)).toEqual(bits(dout.mul(mask)))
      }),
      { numRuns: 60 },
    )
  })

  it('test mode: out = x·(1 − ratio) and dx = dout·(1 − ratio), exactly', () => {
    fc.assert(
      fc.property(pairArb, ratioArb, ({ shape, x: xs, dout: ds }, ratio) => {
        const x = fromList(xs, shape)
        const dout = fromList(ds, shape)
        const layer = new Dropout(ratio)
        expect(bits(layer.forward(x, false))).toEqual(bits(x.mul(1 - ratio)))
        expect(bits(layer.backward(dout))).toEqual(bits(dout.mul(1 - ratio)))
      }),
      { numRuns: 60 },
    )
  })

  it('x and dout are unchanged, bit for bit (views too)', () => {
    fc.assert(
      fc.property(pairArb, ratioArb, fc.boolean(), ({ shape, x: xs, dout: ds }, ratio, train) => {
        const x = fromList(xs, shape)
        const dout = fromList(ds, shape)
        const [xBits, doutBits] = [bits(x), bits(dout)]
        const layer = new Dropout(ratio, new Rng(1))
        layer.forward(x, train)
        layer.backward(dout)
        expect(bits(x)).toEqual(xBits)
        expect(bits(dout)).toEqual(doutBits)
      }),
      { numRuns: 60 },
    )
  })

  it('a transposed view gives the same result as its contiguous copy', () => {
    const x = new Rng(8).randn(3, 5).T
    const a = new Dropout(0.5, new Rng(4))
    const b = new Dropout(0.5, new Rng(4))
    expect(bits(a.forward(x))).toEqual(bits(b.forward(x.copy())))
  })

  it('size-0 input gives size-0 output', () => {
    const layer = new Dropout(0.5, new Rng(0))
    expect(layer.forward(fromList([], [0, 3])).shape).toEqual([0, 3])
    expect(layer.backward(fromList([], [0, 3])).shape).toEqual([0, 3])
  })

  it('no parameters', () => {
    const layer = new Dropout()
    expect(layer.params()).toEqual({})
    expect(layer.grads()).toEqual({})
  })
})

describe('6.4.3-dropout: errors', () => {
  it.each([1, 1.5, -0.1, NaN, Infinity])('dropoutRatio %s is refused', (ratio) => {
    expect(() => new Dropout(ratio)).toThrow(ValueError)
    expect(() => new Dropout(ratio)).toThrow(`Dropout: 'dropoutRatio' must be in [0, 1), got ${ratio}`)
  })

  it('backward before forward', () => {
    const layer = new Dropout(0.5, new Rng(0))
    expect(() => layer.backward(fromList([1, 2], [2]))).toThrow(ValueError)
    expect(() => layer.backward(fromList([1, 2], [2]))).toThrow('Dropout.backward: called before forward: run forward(x) first')
  })

  it('dout of another shape than the training forward\'s output', () => {
    const layer = new Dropout(0.5, new Rng(0))
    layer.forward(new Rng(1).randn(2, 3))
    const dout = new Rng(2).randn(3, 2)
    expect(() => layer.backward(dout)).toThrow(ShapeError)
    expect(() => layer.backward(dout)).toThrow("Dropout.backward: 'dout' has shape (3,2) but forward returned (2,3)")
  })

  // BUG: after a test-mode forward, backward returns dout·(1 − ratio) for a dout of ANY shape: the
  // test-mode branch keeps no shape, so the wrong-shape check never runs.
  it('dout of another shape than a test-mode forward\'s output', () => {
    const layer = new Dropout(0.5, new Rng(0))
    layer.forward(new Rng(1).randn(2, 3), false)
    expect(() => layer.backward(new Rng(2).randn(3, 2))).toThrow("Dropout.backward: 'dout' has shape (3,2) but forward returned (2,3)")
  })
})
