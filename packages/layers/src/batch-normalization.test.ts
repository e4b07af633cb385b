import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, Rng, ShapeError, ValueError, fromData, ones, zeros } from '@dlfs/matrix'
import { BatchNormalization } from './batch-normalization.js'
import { maxRelativeError, numericGrad, weightedSum } from '../test/gradient-check.js'

interface Batch {
  x: number[]
  dout: number[]
  out: number[]
  dx: number[]
  dgamma: number[]
  dbeta: number[]
  runningMean: number[]
  runningVar: number[]
}
interface BatchNormCase {
  name: string
  xShape: number[]
  momentum: number
  gamma: number[]
  beta: number[]
  runningMean?: number[]
  runningVar?: number[]
  batches: Batch[]
  test: { x: number[]; out: number[] }
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/cnn-layers.json', import.meta.url), 'utf8')) as {
  batchNormalization: BatchNormCase[]
}

const fromList = (values: readonly number[], shape: readonly number[]) => fromData(Float64Array.from(values), shape)
/** Every bit of the backing buffer, so a change anywhere (even −0 for 0) is caught. */
const bits = (a: NDArray) => Array.from(new BigUint64Array(a.data.slice().buffer))

/**
 * numpy sums pairwise and we sum in order, and dx ends in a cancellation (dxc − mean(dxc)): so values
 * are compared to |a − e| ≤ 1e-12 + 1e-10·|e|, far below any formula mistake and far above rounding.
 */
function expectClose(actual: NDArray, expected: readonly number[], what: string): void {
  const a = actual.copy().data
  expect(a.length, `${what}: size`).toBe(expected.length)
  for (let i = 0; i < a.length; i++) {
    const e = expected[i]!
    if (!(Math.abs(a[i]! - e) <= 1e-12 + 1e-10 * Math.abs(e))) {
      expect.fail(`${what}[${i}]: expected ${e}, got ${a[i]} (|diff| ${Math.abs(a[i]! - e)})`)
    }
  }
}

/** gamma, beta of length d and x (n, ...rest) from one generator. */
function setup(seed: number, xShape: number[]) {
  const rng = new Rng(seed)
  const d = xShape.slice(1).reduce((a, b) => a * b, 1)
  // columns with their own mean and scale, so normalizing changes them
  const x = rng.randn(xShape).mul(rng.uniform(0.5, 3, [d]).reshape(xShape.slice(1))).add(rng.randn(xShape.slice(1)))
  const gamma = rng.uniform(0.5, 1.5, [d])
  const beta = rng.randn(d)
  const g = rng.randn(xShape)
  return { x, gamma, beta, g }
}

/**
 * Closed-form backward (Ioffe & Szegedy, arXiv:1502.03167, simplified), written independently of the
 * book's chain: dx = gamma/(N·std)·(N·dout − Σdout − xhat·Σ(dout·xhat)), per column. x, dout: (N, D).
 */
function closedFormDx(x: NDArray, dout: NDArray, gamma: NDArray): number[][] {
  const [N, D] = x.shape as [number, number]
  const dx: number[][] = Array.from({ length: N }, () => new Array<number>(D).fill(0))
  for (let j = 0; j < D; j++) {
    let mu = 0
    for (let i = 0; i < N; i++) mu += x.get(i, j) / N
    let v = 0
    for (let i = 0; i < N; i++) v += (x.get(i, j) - mu) ** 2 / N
    const std = Math.sqrt(v + 1e-6)
    const xhat = Array.from({ length: N }, (_, i) => (x.get(i, j) - mu) / std)
    let sumDy = 0
    let sumDyXhat = 0
    for (let i = 0; i < N; i++) {
      sumDy += dout.get(i, j)
      sumDyXhat += dout.get(i, j) * xhat[i]!
    }
    for (let i = 0; i < N; i++) {
      dx[i]![j] = (gamma.get(j) / (N * std)) * (N * dout.get(i, j) - sumDy - xhat[i]! * sumDyXhat)
    }
  }
  return dx
}

const valueArb = fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true })
/** x (N, D) with N ≥ 2, plus dout, gamma and beta to match. */
const caseArb = fc
  .record({ n: fc.integer({ min: 2, max: 6 }), d: fc.integer({ min: 1, max: 5 }) })
  .chain(({ n, d }) =>
    fc.record({
      n: fc.constant(n),
      d: fc.constant(d),
      x: fc.array(valueArb, { minLength: n * d, maxLength: n * d }),
      dout: fc.array(valueArb, { minLength: n * d, maxLength: n * d }),
      gamma: fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: d, maxLength: d }),
      beta: fc.array(valueArb, { minLength: d, maxLength: d }),
    }),
  )

describe('6.3-batch-normalization: golden values from the book\'s common/layers.py', () => {
  for (const c of fixture.batchNormalization) {
    it(c.name, () => {
      const d = c.gamma.length
      const layer = new BatchNormalization(
        fromList(c.gamma, [d]),
        fromList(c.beta, [d]),
        c.momentum,
        c.runningMean ? fromList(c.runningMean, [d]) : null,
        c.runningVar ? fromList(c.runningVar, [d]) : null,
      )
      c.batches.forEach((b, k) => {
        const out = layer.forward(fromList(b.x, c.xShape))
        expect(out.shape).toEqual(c.xShape)
        expectClose(out, b.out, `batch ${k} out`)
        expectClose(layer.runningMean!, b.runningMean, `batch ${k} runningMean`)
        expectClose(layer.runningVar!, b.runningVar, `batch ${k} runningVar`)
        const dx = layer.backward(fromList(b.dout, c.xShape))
        expect(dx.shape).toEqual(c.xShape)
        expectClose(dx, b.dx, `batch ${k} dx`)
        expectClose(layer.dgamma!, b.dgamma, `batch ${k} dgamma`)
        expectClose(layer.dbeta!, b.dbeta, `batch ${k} dbeta`)
      })
      const testOut = layer.forward(fromList(c.test.x, c.xShape), false)
      expectClose(testOut, c.test.out, 'inference out')
    })
  }
})

describe('6.3-batch-normalization: forward', () => {
  it('training normalizes each column: mean ≈ 0 and var ≈ 1 before gamma and beta', () => {
    const { x } = setup(1, [50, 4])
    const xn = new BatchNormalization(ones([4]), zeros([4])).forward(x)
    for (const m of xn.mean(0).data) expect(Math.abs(m)).toBeLessThan(1e-12)
    for (const v of xn.var(0).data) expect(Math.abs(v - 1)).toBeLessThan(1e-5) // var/(var + 1e-6)
  })

  it('eps is 10e-7 = 1e-6 (NOTE(book)): a batch of one has var 0, so std = √1e-6 and out = beta', () => {
    const layer = new BatchNormalization(fromList([2, 3], [2]), fromList([0.5, -1], [2]))
    const out = layer.forward(fromList([7, -4], [1, 2]))
    expect(Array.from(layer.std!.data)).toEqual([Math.sqrt(1e-6), Math.sqrt(1e-6)])
    expect(Array.from(out.data)).toEqual([0.5, -1])
  })

  it('running statistics start at zero and move by momentum: rm = m·rm + (1 − m)·μ, rv = m·rv + (1 − m)·var', () => {
    const { x, gamma, beta } = setup(2, [6, 3])
    const x2 = setup(3, [6, 3]).x
    const layer = new BatchNormalization(gamma, beta, 0.7)
    expect(layer.runningMean).toBeNull()
    layer.forward(x)
    const [mu1, var1] = [x.mean(0), x.var(0)]
    expectClose(layer.runningMean!, Array.from(mu1.mul(0.3).data), 'runningMean after 1')
    expectClose(layer.runningVar!, Array.from(var1.mul(0.3).data), 'runningVar after 1')
    layer.forward(x2)
    expectClose(layer.runningMean!, Array.from(mu1.mul(0.3).mul(0.7).add(x2.mean(0).mul(0.3)).data), 'runningMean after 2')
    expectClose(layer.runningVar!, Array.from(var1.mul(0.3).mul(0.7).add(x2.var(0).mul(0.3)).data), 'runningVar after 2')
  })

  it('the default momentum is 0.9', () => {
    const layer = new BatchNormalization(ones([2]), zeros([2]))
    expect(layer.momentum).toBe(0.9)
    layer.forward(fromList([1, 2, 3, 6], [2, 2]))
    expectClose(layer.runningMean!, [0.2, 0.4], 'runningMean') // 0.1·[2, 4]
    expectClose(layer.runningVar!, [0.1, 0.4], 'runningVar') // 0.1·[1, 4]
  })

  it('inference uses the running statistics, leaves them as they are, and keeps the batch out of it', () => {
    const { x, gamma, beta } = setup(4, [5, 3])
    const layer = new BatchNormalization(gamma, beta)
    layer.forward(x)
    const [rm, rv] = [bits(layer.runningMean!), bits(layer.runningVar!)]
    const xt = setup(5, [2, 3]).x
    const out = layer.forward(xt, false)
    expect(bits(layer.runningMean!)).toEqual(rm)
    expect(bits(layer.runningVar!)).toEqual(rv)
    const expected = xt.sub(layer.runningMean!).div(layer.runningVar!.add(1e-6).sqrt()).mul(gamma).add(beta)
    expectClose(out, Array.from(expected.data), 'inference out')
    // Row by row gives the same: nothing depends on the other samples of the batch.
    expectClose(layer.forward(xt.slice('0:1', ':'), false), Array.from(expected.data.slice(0, 3)), 'row 0')
  })

  it('inference before any training divides by √(0 + 1e-6): out = gamma·x·1000 + beta', () => {
    const layer = new BatchNormalization(fromList([2, 1], [2]), fromList([1, 0], [2]))
    expectClose(layer.forward(fromList([1, -3], [1, 2]), false), [2001, -3000], 'out')
  })

  it('4-D (N, C, H, W) is normalized per activation (C·H·W columns), not per channel', () => {
    const { x, gamma, beta } = setup(6, [4, 2, 3, 3])
    const layer4 = new BatchNormalization(gamma, beta)
    const layer2 = new BatchNormalization(gamma, beta)
    const out4 = layer4.forward(x)
    expect(out4.shape).toEqual([4, 2, 3, 3])
    expect(bits(out4.reshape(4, 18))).toEqual(bits(layer2.forward(x.reshape(4, 18))))
    expect(layer4.runningMean!.shape).toEqual([18])
    // per activation: every one of the 18 positions has batch mean 0 on its own
    const xn = new BatchNormalization(ones([18]), zeros([18])).forward(x).reshape(4, 18)
    for (const m of xn.mean(0).data) expect(Math.abs(m)).toBeLessThan(1e-12)
  })

  it('gamma and beta of another shape but the same size are used flat (e.g. (C, H, W))', () => {
    const { x, gamma, beta } = setup(7, [3, 2, 2, 2])
    const flat = new BatchNormalization(gamma, beta).forward(x)
    const shaped = new BatchNormalization(gamma.reshape(2, 2, 2), beta.reshape(2, 2, 2))
    expect(bits(shaped.forward(x))).toEqual(bits(flat))
    shaped.backward(setup(8, [3, 2, 2, 2]).g)
    expect(shaped.dgamma!.shape).toEqual([2, 2, 2])
    expect(shaped.dbeta!.shape).toEqual([2, 2, 2])
  })

  it('params and grads are gamma and beta', () => {
    const { x, gamma, beta, g } = setup(9, [3, 2])
    const layer = new BatchNormalization(gamma, beta)
    expect(layer.params()).toEqual({ gamma, beta })
    expect(layer.grads()).toEqual({ gamma: null, beta: null })
    layer.forward(x)
    layer.backward(g)
    expect(layer.params().gamma).toBe(gamma)
    expect(layer.grads().gamma).toBe(layer.dgamma)
    expect(layer.grads().beta).toBe(layer.dbeta)
  })
})

describe('6.3-batch-normalization: gradient check', () => {
  // BatchNormalization is smooth, so the central difference (h = 1e-4) is off by O(h²) plus rounding.
  // dx: CS231n's 1e-5 for smooth functions. Element-wise relative error is largest where a dx element is
  // small after cancellation (Σ dx = 0 per column): measured up to 4e-6 over other seeds, about 1e-7 here.
  // dgamma, dbeta: out is linear in them, so only rounding is left: 1e-8 (measured ≤ 2e-9).
  // The numerical gradient runs its own layer (every forward overwrites the cache backward uses),
  // sharing gamma and beta so that perturbing them reaches it.
  it.each([
    [[4, 3]],
    [[7, 5]],
    [[3, 4]],
    [[3, 2, 2, 3]],
    [[5, 1, 3, 2]],
  ])('x %j: dx, dgamma and dbeta match the numerical gradient of Σ forward(x)·g', (shape) => {
    const { x, gamma, beta, g } = setup(10 + shape.length * 7 + shape[0]!, shape)
    const probe = new BatchNormalization(gamma, beta)
    const loss = () => weightedSum(probe.forward(x), g)
    const numerical = { dx: numericGrad(loss, x), dgamma: numericGrad(loss, gamma), dbeta: numericGrad(loss, beta) }
    const layer = new BatchNormalization(gamma, beta)
    layer.forward(x)
    const dx = layer.backward(g)
    expect(maxRelativeError(dx, numerical.dx), 'dx').toBeLessThan(1e-5)
    expect(maxRelativeError(layer.dgamma!, numerical.dgamma), 'dgamma').toBeLessThan(1e-8)
    expect(maxRelativeError(layer.dbeta!, numerical.dbeta), 'dbeta').toBeLessThan(1e-8)
  })

  it('N = 2: xn = ±1 whatever x is, so dx is nearly 0 (only eps lets it through): compared absolutely', () => {
    // Relative error means nothing for values this close to 0; the absolute error is rounding only.
    const { x, gamma, beta, g } = setup(40, [2, 4])
    const probe = new BatchNormalization(gamma, beta)
    const numerical = numericGrad(() => weightedSum(probe.forward(x), g), x)
    const layer = new BatchNormalization(gamma, beta)
    layer.forward(x)
    const dx = layer.backward(g)
    const maxAbs = (a: NDArray) => Math.max(...Array.from(a.abs().data))
    expect(maxAbs(dx)).toBeLessThan(1e-3)
    expect(maxAbs(dx.sub(numerical))).toBeLessThan(1e-9)
  })
})

describe('6.3-batch-normalization: properties', () => {
  it('out, dx have x\'s shape; dgamma, dbeta have gamma\'s; x, dout, gamma, beta are unchanged bit for bit', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ({ n, d, x: xs, dout: ds, gamma: gs, beta: bs }, fourD) => {
        const shape = fourD ? [n, 1, 1, d] : [n, d]
        const [x, dout, gamma, beta] = [fromList(xs, shape), fromList(ds, shape), fromList(gs, [d]), fromList(bs, [d])]
        const before = [x, dout, gamma, beta].map(bits)
        const layer = new BatchNormalization(gamma, beta)
        expect(layer.forward(x).shape).toEqual(shape)
        expect(layer.backward(dout).shape).toEqual(shape)
        expect(layer.dgamma!.shape).toEqual([d])
        expect(layer.dbeta!.shape).toEqual([d])
        layer.forward(x, false)
        expect([x, dout, gamma, beta].map(bits)).toEqual(before)
      }),
      { numRuns: 80 },
    )
  })

  it('each column of xn has mean 0 and variance var/(var + 1e-6)', () => {
    fc.assert(
      fc.property(caseArb, ({ n, d, x: xs }) => {
        const x = fromList(xs, [n, d])
        const xn = new BatchNormalization(ones([d]), zeros([d])).forward(x)
        const v = x.var(0)
        const vn = xn.var(0)
        for (let j = 0; j < d; j++) {
          const vj = v.get(j)
          expect(Math.abs(xn.mean(0).get(j))).toBeLessThan(1e-9)
          expect(Math.abs(vn.get(j) - vj / (vj + 1e-6))).toBeLessThan(1e-9)
        }
      }),
      { numRuns: 80 },
    )
  })

  it('the book\'s chain agrees with the closed form dx = gamma/(N·std)·(N·dout − Σdout − xhat·Σ(dout·xhat))', () => {
    fc.assert(
      fc.property(caseArb, ({ n, d, x: xs, dout: ds, gamma: gs, beta: bs }) => {
        const [x, dout, gamma] = [fromList(xs, [n, d]), fromList(ds, [n, d]), fromList(gs, [d])]
        const layer = new BatchNormalization(gamma, fromList(bs, [d]))
        layer.forward(x)
        const dx = layer.backward(dout)
        const expected = closedFormDx(x, dout, gamma)
        // Both sides cancel large terms when a column's var is tiny next to eps: scale the tolerance by
        // the size of the terms, gamma·|dout|/std.
        for (let j = 0; j < d; j++) {
          let scale = 0
          for (let i = 0; i < n; i++) scale = Math.max(scale, (gamma.get(j) * Math.abs(dout.get(i, j))) / layer.std!.get(j))
          for (let i = 0; i < n; i++) {
            expect(Math.abs(dx.get(i, j) - expected[i]![j]!)).toBeLessThanOrEqual(1e-9 * (scale * n + 1))
          }
        }
      }),
      { numRuns: 100 },
    )
  })

  it('dbeta = Σ dout and dgamma = Σ xn·dout over the batch; Σ dx over the batch is 0 per column', () => {
    fc.assert(
      fc.property(caseArb, ({ n, d, x: xs, dout: ds, gamma: gs, beta: bs }) => {
        const [x, dout] = [fromList(xs, [n, d]), fromList(ds, [n, d])]
        const layer = new BatchNormalization(fromList(gs, [d]), fromList(bs, [d]))
        const xn = new BatchNormalization(ones([d]), zeros([d])).forward(x)
        layer.forward(x)
        const dx = layer.backward(dout)
        expect(bits(layer.dbeta!)).toEqual(bits(dout.sum(0)))
        expectClose(layer.dgamma!, Array.from(xn.mul(dout).sum(0).data), 'dgamma')
        const scale = dout.abs().sum().item() * 3 / Math.min(...layer.std!.data) + 1
        for (const s of dx.sum(0).data) expect(Math.abs(s)).toBeLessThan(1e-12 * scale)
      }),
      { numRuns: 80 },
    )
  })

  it('a transposed view of x gives the same result as its contiguous copy', () => {
    const { gamma, beta } = setup(11, [3, 4])
    const x = new Rng(12).randn(4, 3).T // (3, 4), not contiguous
    const a = new BatchNormalization(gamma, beta)
    const b = new BatchNormalization(gamma, beta)
    expect(bits(a.forward(x))).toEqual(bits(b.forward(x.copy())))
  })
})

describe('6.3-batch-normalization: errors', () => {
  const layerFor = (d: number) => new BatchNormalization(ones([d]), zeros([d]))

  it.each([
    [[2, 3, 4], '(2,3,4)'],
    [[6], '(6,)'],
    [[1, 2, 3, 4, 5], '(1,2,3,4,5)'],
  ])('x of shape %j', (shape, text) => {
    const x = zeros(shape)
    expect(() => layerFor(3).forward(x)).toThrow(ShapeError)
    expect(() => layerFor(3).forward(x)).toThrow(`BatchNormalization.forward: 'x' must be (N, D) or (N, C, H, W), got ${text}`)
  })

  it('gamma of the wrong length', () => {
    const layer = new BatchNormalization(ones([4]), zeros([3]))
    expect(() => layer.forward(zeros([2, 3]))).toThrow(ShapeError)
    expect(() => layer.forward(zeros([2, 3]))).toThrow(
      "BatchNormalization.forward: 'gamma' (4,) must have one value per activation (3,) of 'x' (2,3)",
    )
  })

  it('beta of the wrong length', () => {
    const layer = new BatchNormalization(ones([3]), zeros([2]))
    expect(() => layer.forward(zeros([2, 3]))).toThrow("BatchNormalization.forward: 'beta' (2,) must have one value per activation (3,) of 'x' (2,3)")
  })

  it('per-channel gamma (C,) for 4-D x is refused: the book normalizes per activation (C·H·W)', () => {
    const layer = new BatchNormalization(ones([2]), zeros([2]))
    expect(() => layer.forward(zeros([4, 2, 3, 3]))).toThrow(
      "BatchNormalization.forward: 'gamma' (2,) must have one value per activation (18,) of 'x' (4,2,3,3)",
    )
  })

  it('dout of another shape than forward\'s output', () => {
    const layer = layerFor(3)
    layer.forward(setup(13, [2, 3]).x)
    expect(() => layer.backward(zeros([3, 2]))).toThrow(ShapeError)
    expect(() => layer.backward(zeros([3, 2]))).toThrow("BatchNormalization.backward: 'dout' has shape (3,2) but forward returned (2,3)")
    expect(() => layer.backward(zeros([2, 3, 1, 1]))).toThrow(
      "BatchNormalization.backward: 'dout' has shape (2,3,1,1) but forward returned (2,3)",
    )
  })

  it('backward before forward', () => {
    expect(() => layerFor(3).backward(zeros([2, 3]))).toThrow(ValueError)
    expect(() => layerFor(3).backward(zeros([2, 3]))).toThrow(
      'BatchNormalization.backward: called before forward: run forward(x) first, backward uses what it kept',
    )
  })

  it('backward after an inference forward only (nothing kept for it)', () => {
    const layer = layerFor(3)
    layer.forward(zeros([2, 3]), false)
    expect(() => layer.backward(zeros([2, 3]))).toThrow('BatchNormalization.backward: called before forward')
  })

  // BUG: forward flattens with x.reshape(N, -1), which for N = 0 throws reshape's own (unprefixed)
  // "reshape: cannot reshape array of size 0 into shape (0,-1)" (numpy says the same), so the empty-batch
  // check below it is unreachable, and inference on an empty 2-D batch fails where the book returns (0, D).
  it('an empty batch (N = 0) in training', () => {
    expect(() => layerFor(3).forward(zeros([0, 3]))).toThrow('BatchNormalization.forward: cannot normalize an empty batch (N = 0)')
  })

  it('an empty 4-D batch (N = 0) in training', () => {
    expect(() => layerFor(4).forward(zeros([0, 1, 2, 2]))).toThrow('BatchNormalization.forward: cannot normalize an empty batch (N = 0)')
  })

  it('an empty batch in inference gives an empty output, as the book\'s', () => {
    expect(layerFor(3).forward(zeros([0, 3]), false).shape).toEqual([0, 3])
  })
})
