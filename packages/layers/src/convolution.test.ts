import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, Rng, ShapeError, ValueError, fromData, zeros } from '@dlfs/matrix'
import { Convolution } from './convolution.js'
import { convOutputSize } from './conv-output-size.js'
import { maxRelativeError, numericGrad, weightedSum } from '../test/gradient-check.js'

interface ConvCase {
  xShape: number[]
  wShape: number[]
  stride: number
  pad: number
  x: number[]
  W: number[]
  b: number[]
  outShape: number[]
  out: number[]
  dout: number[]
  dx: number[]
  dW: number[]
  db: number[]
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/cnn-layers.json', import.meta.url), 'utf8')) as {
  convolution: ConvCase[]
}

const fromList = (values: readonly number[], shape: readonly number[]) => fromData(Float64Array.from(values), shape)
/** Every bit of the backing buffer, so a change anywhere (even −0 for 0) is caught. */
const bits = (a: NDArray) => Array.from(new BigUint64Array(a.data.slice().buffer))
/** Values in C order with −0 folded into 0: exact sums may differ in the sign of a zero only. */
const values = (a: NDArray | readonly number[]) => Array.from(a instanceof NDArray ? a.copy().data : a, (v) => v + 0)
const label = (c: ConvCase) => `x (${c.xShape.join(',')}), W (${c.wShape.join(',')}), stride ${c.stride}, pad ${c.pad}`

/** x[n, c, h, w] of the zero-padded input (h, w in padded coordinates). */
function padded(x: NDArray, n: number, c: number, h: number, w: number, pad: number): number {
  const [ih, iw] = [h - pad, w - pad]
  return ih < 0 || iw < 0 || ih >= x.shape[2]! || iw >= x.shape[3]! ? 0 : x.get(n, c, ih, iw)
}

/**
 * Convolution by its definition, seven plain loops, no im2col (book §7.2.2, Figure 7-12):
 * out[n, f, oh, ow] = b[f] + Σ_{c, i, j} W[f, c, i, j] · xpad[n, c, oh·stride + i, ow·stride + j].
 * Backward follows from the same sum: dW and dx gather dout times what each weight or pixel met.
 */
function directConvolution(x: NDArray, W: NDArray, b: NDArray, stride: number, pad: number, dout?: NDArray) {
  const [N, C, H, Wd] = x.shape as [number, number, number, number]
  const [FN, , FH, FW] = W.shape as [number, number, number, number]
  const OH = Math.floor((H + 2 * pad - FH) / stride) + 1
  const OW = Math.floor((Wd + 2 * pad - FW) / stride) + 1
  const out = zeros([N, FN, OH, OW])
  const dx = zeros(x.shape)
  const dW = zeros(W.shape)
  const db = zeros(b.shape)
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < FN; f++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          let s = b.get(f)
          const g = dout ? dout.get(n, f, oh, ow) : 0
          db.set([f], db.get(f) + g)
          for (let c = 0; c < C; c++) {
            for (let i = 0; i < FH; i++) {
              for (let j = 0; j < FW; j++) {
                const [h, w] = [oh * stride + i, ow * stride + j]
                s += W.get(f, c, i, j) * padded(x, n, c, h, w, pad)
                dW.set([f, c, i, j], dW.get(f, c, i, j) + g * padded(x, n, c, h, w, pad))
                const [ih, iw] = [h - pad, w - pad]
                if (ih >= 0 && iw >= 0 && ih < H && iw < Wd) dx.set([n, c, ih, iw], dx.get(n, c, ih, iw) + g * W.get(f, c, i, j))
              }
            }
          }
          out.set([n, f, oh, ow], s)
        }
      }
    }
  }
  return { out, dx, dW, db }
}

/** A random convolution problem whose filter fits the padded input; small integers, so every sum is exact. */
const problemArb = fc
  .record({
    N: fc.integer({ min: 1, max: 2 }),
    C: fc.integer({ min: 1, max: 3 }),
    H: fc.integer({ min: 1, max: 6 }),
    W: fc.integer({ min: 1, max: 6 }),
    FN: fc.integer({ min: 1, max: 4 }),
    stride: fc.integer({ min: 1, max: 3 }),
    pad: fc.integer({ min: 0, max: 2 }),
  })
  .chain((p) =>
    fc
      .record({ FH: fc.integer({ min: 1, max: Math.min(5, p.H + 2 * p.pad) }), FW: fc.integer({ min: 1, max: Math.min(5, p.W + 2 * p.pad) }) })
      .chain(({ FH, FW }) => {
        const OH = Math.floor((p.H + 2 * p.pad - FH) / p.stride) + 1
        const OW = Math.floor((p.W + 2 * p.pad - FW) / p.stride) + 1
        const ints = (n: number) => fc.array(fc.integer({ min: -4, max: 4 }), { minLength: n, maxLength: n })
        return fc.record({
          p: fc.constant({ ...p, FH, FW }),
          x: ints(p.N * p.C * p.H * p.W),
          Wv: ints(p.FN * p.C * FH * FW),
          b: ints(p.FN),
          dout: ints(p.N * p.FN * OH * OW),
        })
      }),
  )

describe('7.4.3-convolution: golden values from the book\'s common/layers.py', () => {
  for (const c of fixture.convolution) {
    it(`${label(c)}: forward, then dx, dW, db (exact: multiples of 1/64)`, () => {
      const W = fromList(c.W, c.wShape)
      const layer = new Convolution(W, fromList(c.b, [c.wShape[0]!]), c.stride, c.pad)
      const out = layer.forward(fromList(c.x, c.xShape))
      expect(out.shape).toEqual(c.outShape)
      expect(values(out)).toEqual(values(c.out))
      const dx = layer.backward(fromList(c.dout, c.outShape))
      expect(dx.shape).toEqual(c.xShape)
      expect(values(dx)).toEqual(values(c.dx))
      expect(layer.dW!.shape).toEqual(c.wShape)
      expect(values(layer.dW!)).toEqual(values(c.dW))
      expect(layer.db!.shape).toEqual([c.wShape[0]])
      expect(values(layer.db!)).toEqual(values(c.db))
    })
  }

  it('stride 1 and pad 0 by default', () => {
    const c = fixture.convolution.find((k) => k.stride === 1 && k.pad === 0)!
    const layer = new Convolution(fromList(c.W, c.wShape), fromList(c.b, [c.wShape[0]!]))
    expect([layer.stride, layer.pad]).toEqual([1, 0])
    expect(values(layer.forward(fromList(c.x, c.xShape)))).toEqual(values(c.out))
  })

  it('a hand-worked example: one 2x2 filter of ones sums each window, plus b', () => {
    const x = fromList([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3])
    const layer = new Convolution(fromList([1, 1, 1, 1], [1, 1, 2, 2]), fromList([10], [1]))
    expect(layer.forward(x).toArray()).toEqual([[[[22, 26], [34, 38]]]])
    // every window's dout 1 comes back to each pixel once per window covering it
    expect(layer.backward(fromList([1, 1, 1, 1], [1, 1, 2, 2])).toArray()).toEqual([[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]])
    expect(layer.dW!.toArray()).toEqual([[[[12, 16], [24, 28]]]])
    expect(layer.db!.toArray()).toEqual([4])
  })
})

describe('7.4.3-convolution: gradient check', () => {
  // The layer is linear in x, in W and in b, so the central difference has no truncation error, only
  // rounding (about 1e-16·|L|/h ≈ 1e-11 here): threshold 1e-7, CS231n's "excellent" (measured ≤ 1e-9).
  // Pixels no window reaches (stride 2 with a floored size) get exactly 0 from both sides.
  it.each([
    [[2, 1, 5, 5], [3, 1, 3, 3], 1, 0],
    [[2, 3, 5, 5], [2, 3, 3, 3], 2, 1],
    [[1, 3, 6, 5], [4, 3, 2, 3], 2, 0],
    [[2, 2, 4, 4], [3, 2, 3, 3], 1, 1],
    [[1, 2, 3, 3], [2, 2, 5, 5], 1, 1],
  ])('x %j, W %j, stride %s, pad %s: dx, dW, db match the numerical gradient of Σ forward(x)·g', (xShape, wShape, stride, pad) => {
    const rng = new Rng(100 + stride * 10 + pad)
    const x = rng.randn(xShape)
    const W = rng.randn(wShape)
    const b = rng.randn(wShape[0]!)
    const layer = new Convolution(W, b, stride, pad)
    const g = rng.randn(layer.forward(x).shape)
    const loss = () => weightedSum(layer.forward(x), g)
    const numerical = { dx: numericGrad(loss, x), dW: numericGrad(loss, W), db: numericGrad(loss, b) }
    layer.forward(x)
    const dx = layer.backward(g)
    expect(maxRelativeError(dx, numerical.dx), 'dx').toBeLessThan(1e-7)
    expect(maxRelativeError(layer.dW!, numerical.dW), 'dW').toBeLessThan(1e-7)
    expect(maxRelativeError(layer.db!, numerical.db), 'db').toBeLessThan(1e-7)
  })
})

describe('7.4.3-convolution: properties', () => {
  it('out is (N, FN, OH, OW) with OH, OW from convOutputSize, and equals the direct seven-loop convolution', () => {
    fc.assert(
      fc.property(problemArb, ({ p, x: xs, Wv, b: bs }) => {
        const x = fromList(xs, [p.N, p.C, p.H, p.W])
        const W = fromList(Wv, [p.FN, p.C, p.FH, p.FW])
        const b = fromList(bs, [p.FN])
        const out = new Convolution(W, b, p.stride, p.pad).forward(x)
        const OH = convOutputSize(p.H, p.FH, p.stride, p.pad)
        const OW = convOutputSize(p.W, p.FW, p.stride, p.pad)
        expect(out.shape).toEqual([p.N, p.FN, OH, OW])
        expect(values(out)).toEqual(values(directConvolution(x, W, b, p.stride, p.pad).out))
      }),
      { numRuns: 150 },
    )
  })

  it('backward equals the direct loops: dx, dW, db (exact, small integers)', () => {
    fc.assert(
      fc.property(problemArb, ({ p, x: xs, Wv, b: bs, dout: ds }) => {
        const x = fromList(xs, [p.N, p.C, p.H, p.W])
        const W = fromList(Wv, [p.FN, p.C, p.FH, p.FW])
        const b = fromList(bs, [p.FN])
        const layer = new Convolution(W, b, p.stride, p.pad)
        const dout = fromList(ds, layer.forward(x).shape)
        const dx = layer.backward(dout)
        const direct = directConvolution(x, W, b, p.stride, p.pad, dout)
        expect(dx.shape).toEqual(x.shape)
        expect(values(dx)).toEqual(values(direct.dx))
        expect(layer.dW!.shape).toEqual(W.shape)
        expect(values(layer.dW!)).toEqual(values(direct.dW))
        expect(layer.db!.shape).toEqual([p.FN])
        expect(values(layer.db!)).toEqual(values(direct.db))
      }),
      { numRuns: 150 },
    )
  })

  it('x, W, b and dout are unchanged, bit for bit', () => {
    fc.assert(
      fc.property(problemArb, ({ p, x: xs, Wv, b: bs, dout: ds }) => {
        const x = fromList(xs, [p.N, p.C, p.H, p.W])
        const W = fromList(Wv, [p.FN, p.C, p.FH, p.FW])
        const b = fromList(bs, [p.FN])
        const layer = new Convolution(W, b, p.stride, p.pad)
        const dout = fromList(ds, layer.forward(x).shape)
        const before = [x, W, b, dout].map(bits)
        layer.backward(dout)
        layer.forward(x)
        expect([x, W, b, dout].map(bits)).toEqual(before)
      }),
      { numRuns: 100 },
    )
  })

  it('a non-contiguous x (a transposed view) gives the same result as its copy', () => {
    const rng = new Rng(3)
    const x = rng.randn(5, 4, 2, 2).transpose(2, 3, 1, 0) // (2, 2, 4, 5), not contiguous
    const W = rng.randn(3, 2, 2, 2)
    const b = rng.randn(3)
    const a = new Convolution(W, b, 1, 1)
    const c = new Convolution(W, b, 1, 1)
    expect(bits(a.forward(x))).toEqual(bits(c.forward(x.copy())))
    const g = rng.randn(a.forward(x).shape)
    expect(bits(a.backward(g))).toEqual(bits(c.backward(g)))
  })

  it('params are W and b (the same arrays); grads are dW and db after backward', () => {
    const rng = new Rng(4)
    const [W, b] = [rng.randn(2, 1, 2, 2), rng.randn(2)]
    const layer = new Convolution(W, b)
    expect(layer.params().W).toBe(W)
    expect(layer.params().b).toBe(b)
    expect(layer.grads()).toEqual({ W: null, b: null })
    const out = layer.forward(rng.randn(1, 1, 3, 3))
    layer.backward(out)
    expect(layer.grads().W).toBe(layer.dW)
    expect(layer.grads().b).toBe(layer.db)
  })
})

describe('7.4.3-convolution: errors', () => {
  const W = zeros([3, 2, 3, 3])
  const b = zeros([3])

  it.each([
    [[2, 4, 4], '(2,4,4)'],
    [[2, 2, 4, 4, 1], '(2,2,4,4,1)'],
    [[8], '(8,)'],
  ])('x of shape %j is not 4-D', (shape, text) => {
    const layer = new Convolution(W, b)
    expect(() => layer.forward(zeros(shape))).toThrow(ShapeError)
    expect(() => layer.forward(zeros(shape))).toThrow(`Convolution.forward: 'x' must be 4-D (N, C, H, W), got shape ${text}`)
  })

  it('x with another number of channels than W', () => {
    const layer = new Convolution(W, b)
    expect(() => layer.forward(zeros([1, 3, 4, 4]))).toThrow(ShapeError)
    expect(() => layer.forward(zeros([1, 3, 4, 4]))).toThrow("Convolution.forward: 'x' (1,3,4,4) has 3 channels but 'W' (3,2,3,3) expects 2")
  })

  it('W not 4-D', () => {
    expect(() => new Convolution(zeros([3, 9]), b)).toThrow(ShapeError)
    expect(() => new Convolution(zeros([3, 9]), b)).toThrow("Convolution: 'W' must be 4-D (FN, C, FH, FW), got shape (3,9)")
  })

  it.each([
    [[2], '(2,)'],
    [[3, 1], '(3,1)'],
    [[], '()'],
  ])('b of shape %j', (shape, text) => {
    expect(() => new Convolution(W, zeros(shape))).toThrow(ShapeError)
    expect(() => new Convolution(W, zeros(shape))).toThrow(`Convolution: 'b' must be (FN,) = (3,) to match 'W' (3,2,3,3), got ${text}`)
  })

  it('a filter larger than the padded input: im2col\'s message, prefixed with the layer', () => {
    const layer = new Convolution(zeros([1, 1, 5, 5]), zeros([1]), 1, 0)
    expect(() => layer.forward(zeros([1, 1, 4, 6]))).toThrow(ShapeError)
    expect(() => layer.forward(zeros([1, 1, 4, 6]))).toThrow(
      'Convolution.forward: im2col: filter (5,5) is larger than the padded input (4,6) (input (1,1,4,6), pad 0)',
    )
    const padded = new Convolution(zeros([1, 1, 5, 5]), zeros([1]), 1, 1)
    expect(() => padded.forward(zeros([2, 1, 2, 4]))).toThrow(
      'Convolution.forward: im2col: filter (5,5) is larger than the padded input (4,6) (input (2,1,2,4), pad 1)',
    )
  })

  it('a bad stride or pad: im2col\'s message, prefixed with the layer', () => {
    expect(() => new Convolution(W, b, 0).forward(zeros([1, 2, 4, 4]))).toThrow(ValueError)
    expect(() => new Convolution(W, b, 0).forward(zeros([1, 2, 4, 4]))).toThrow('Convolution.forward: im2col: stride must be a positive integer, got 0')
    expect(() => new Convolution(W, b, 1, -1).forward(zeros([1, 2, 4, 4]))).toThrow(
      'Convolution.forward: im2col: pad must be a non-negative integer, got -1',
    )
  })

  it('dout of another shape than forward\'s output', () => {
    const layer = new Convolution(W, b)
    layer.forward(zeros([2, 2, 4, 5])) // out (2, 3, 2, 3)
    expect(() => layer.backward(zeros([2, 3, 3, 2]))).toThrow(ShapeError)
    expect(() => layer.backward(zeros([2, 3, 3, 2]))).toThrow("Convolution.backward: 'dout' has shape (2,3,3,2) but forward returned (2,3,2,3)")
    expect(() => layer.backward(zeros([2, 3, 6]))).toThrow("Convolution.backward: 'dout' has shape (2,3,6) but forward returned (2,3,2,3)")
  })

  it('backward before forward', () => {
    const layer = new Convolution(W, b)
    expect(() => layer.backward(zeros([1, 3, 2, 2]))).toThrow(ValueError)
    expect(() => layer.backward(zeros([1, 3, 2, 2]))).toThrow(
      'Convolution.backward: called before forward: run forward(x) first, backward uses what it kept',
    )
  })
})
