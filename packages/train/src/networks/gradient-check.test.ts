import { describe, expect, it } from 'vitest'
import { Rng, ShapeError, ValueError, array, type NDArray } from '@dlfs/matrix'
import type { Labels } from '@dlfs/losses'
import type { Params } from '../optimizers/optimizer.js'
import type { Network } from './network.js'
import { TwoLayerNet } from './two-layer-net.js'
import { formatGradientCheck, gradientCheck } from './gradient-check.js'

/** A stand-in network whose two gradients are given arrays, to check the arithmetic of the report. */
function fakeNetwork(params: Params, backprop: Params, numerical: Params): Network {
  return {
    params,
    predict: (x: NDArray) => x,
    loss: () => 0,
    accuracy: () => 0,
    gradient: () => backprop,
    numericalGradient: () => numerical,
  }
}

/** TwoLayerNet with a deliberately broken backward: `mutate` edits the correct gradients. */
class BrokenNet extends TwoLayerNet {
  constructor(private readonly mutate: (grads: Params) => void) {
    super({ inputSize: 5, hiddenSize: 4, outputSize: 3, weightInitStd: 0.3, rng: new Rng(71) })
  }
  override gradient(x: NDArray, t: Labels): Params {
    const grads = super.gradient(x, t)
    this.mutate(grads)
    return grads
  }
}

const x = new Rng(72).randn(3, 5)
const t = [0, 2, 1]

describe('5.7.3-gradient-check: the report', () => {
  it('has one entry per parameter, in params order, with the absolute and relative differences', () => {
    const params = { W: array([0, 0, 0]), b: array([0]) }
    const report = gradientCheck(
      fakeNetwork(params, { W: array([1, -2, 0.5]), b: array([3]) }, { W: array([1.5, -2, 0.5]), b: array([3]) }),
      x,
      t,
    )
    expect(report).toEqual([
      // |diff| = [0.5, 0, 0]; the largest gradient magnitude of W is 2.
      { key: 'W', maxAbsDiff: 0.5, meanAbsDiff: 0.5 / 3, maxRelError: 0.5 / 2 },
      { key: 'b', maxAbsDiff: 0, meanAbsDiff: 0, maxRelError: 0 },
    ])
  })

  it('a gradient that is ~0 both ways is measured against `tiny`, not against itself', () => {
    const params = { b: array([0, 0]) }
    const [entry] = gradientCheck(fakeNetwork(params, { b: array([1e-17, 0]) }, { b: array([-1e-17, 0]) }), x, t)
    expect(entry!.maxRelError).toBeCloseTo(2e-17 / 1e-8, 20)
    const [loose] = gradientCheck(fakeNetwork(params, { b: array([1e-17, 0]) }, { b: array([-1e-17, 0]) }), x, t, { tiny: 1e-4 })
    expect(loose!.maxRelError).toBeCloseTo(2e-17 / 1e-4, 20)
  })

  it('a correct backward scores far below a broken one', () => {
    const good = gradientCheck(new BrokenNet(() => {}), x, t)
    for (const e of good) expect(e.maxRelError, e.key).toBeLessThan(1e-5)
    // dW1 1 % too large: W1's error is about 0.01, the other parameters are untouched.
    const scaled = gradientCheck(new BrokenNet((g) => g.W1!.mulInPlace(1.01)), x, t)
    expect(scaled.find((e) => e.key === 'W1')!.maxRelError).toBeCloseTo(0.01 / 1.01, 4)
    expect(scaled.find((e) => e.key === 'b2')!.maxRelError).toBeLessThan(1e-5)
    // db2 with the wrong sign: twice the gradient's own size.
    const flipped = gradientCheck(new BrokenNet((g) => g.b2!.mulInPlace(-1)), x, t)
    expect(flipped.find((e) => e.key === 'b2')!.maxRelError).toBeCloseTo(2, 4)
  })

  it('fails loudly on a missing gradient, a shape mismatch or a bad `tiny`', () => {
    const params = { W: array([0, 0]) }
    expect(() => gradientCheck(fakeNetwork(params, {}, { W: array([1, 2]) }), x, t)).toThrow(
      "gradientCheck: no backprop gradient for parameter 'W'",
    )
    expect(() => gradientCheck(fakeNetwork(params, { W: array([1, 2]) }, { W: array([1, 2, 3]) }), x, t)).toThrow(ShapeError)
    expect(() => gradientCheck(fakeNetwork(params, {}, {}), x, t, { tiny: 0 })).toThrow(ValueError)
  })
})

describe('5.7.3-gradient-check: formatGradientCheck', () => {
  it('prints a header and one row per parameter, numbers in exponent notation', () => {
    const text = formatGradientCheck([
      { key: 'W1', maxAbsDiff: 2.5e-7, meanAbsDiff: 1.25e-8, maxRelError: 3e-6 },
      { key: 'gamma1', maxAbsDiff: 0, meanAbsDiff: 0, maxRelError: 0 },
    ])
    const lines = text.split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]!.split(/\s+/)).toEqual(['key', 'mean|diff|', 'max|diff|', 'max', 'rel', 'err'])
    expect(lines[1]!.split(/\s+/)).toEqual(['W1', (1.25e-8).toExponential(2), (2.5e-7).toExponential(2), (3e-6).toExponential(2)])
    expect(lines[2]!.startsWith('gamma1  ')).toBe(true)
    // Columns line up: each row's second column starts where the header's does.
    expect(lines[1]!.indexOf('1.25e-8')).toBe(lines[0]!.indexOf('mean|diff|'))
  })
})
