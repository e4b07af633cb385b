import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, Rng, ShapeError, ValueError, array, zeros } from '@dlfs/matrix'
import { Affine } from './affine.js'
import { maxRelativeError, numericGrad, weightedSum } from '../test/gradient-check.js'

// Golden values: scripts/golden/basic-layers.py runs the book's common/layers.py Affine. Its inputs are
// multiples of 1/64, so every product and sum is exact in float64: the tests compare bit for bit.
interface Arr {
  shape: number[]
  data: number[]
}
interface AffineCase {
  name: string
  x: Arr
  W: Arr
  b: Arr
  out: Arr
  dout: Arr
  dx: Arr
  dW: Arr
  db: Arr
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/basic-layers.json', import.meta.url), 'utf8')) as { affine: AffineCase[] }

const fromArr = (a: Arr) => new NDArray(Float64Array.from(a.data), a.shape)
const bits = (x: NDArray) => Array.from(new Uint8Array(x.data.buffer.slice(0)))
const asArr = (x: NDArray): Arr => ({ shape: [...x.shape], data: Array.from(x.flatten().data) })

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

/** Multiples of 1/64 in [−4, 4): products and short sums stay exact, so any summation order agrees. */
const dyadic = fc.integer({ min: -256, max: 255 }).map((k) => k / 64)
const dyadicArray = (shape: readonly number[]) => {
  const n = shape.reduce((p, d) => p * d, 1)
  return fc.array(dyadic, { minLength: n, maxLength: n }).map((v) => new NDArray(Float64Array.from(v), shape))
}

/** x (N, ...rest) with D = Π rest, W (D, M), b (M,), dout (N, M): 2- to 4-D x, N ≥ 1. */
const caseArb = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    rest: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
    m: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ n, rest, m }) => {
    const d = rest.reduce((p, v) => p * v, 1)
    return fc.record({ x: dyadicArray([n, ...rest]), W: dyadicArray([d, m]), b: dyadicArray([m]), dout: dyadicArray([n, m]) })
  })

/** Plain-loop reference: out[i, j] = Σ_k x2[i, k]·W[k, j] + b[j]; dW = x2ᵀ·dout; db = Σ_i dout[i, :]. */
function reference(x: NDArray, W: NDArray, b: NDArray, dout: NDArray) {
  const [n, d, m] = [x.shape[0]!, W.shape[0]!, W.shape[1]!]
  const x2 = x.reshape(n, d)
  const out = zeros([n, m])
  const dx = zeros([n, d])
  const dW = zeros([d, m])
  const db = zeros([m])
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0
      for (let k = 0; k < d; k++) s += x2.get(i, k) * W.get(k, j)
      out.set([i, j], s + b.get(j))
      db.set([j], db.get(j) + dout.get(i, j))
    }
    for (let k = 0; k < d; k++) {
      let s = 0
      for (let j = 0; j < m; j++) s += dout.get(i, j) * W.get(k, j)
      dx.set([i, k], s)
    }
  }
  for (let k = 0; k < d; k++) {
    for (let j = 0; j < m; j++) {
      let s = 0
      for (let i = 0; i < n; i++) s += x2.get(i, k) * dout.get(i, j)
      dW.set([k, j], s)
    }
  }
  return { out, dx: dx.reshape(x.shape), dW, db }
}

describe('5.6.2-affine: golden values from the book\'s common/layers.py', () => {
  for (const c of fixture.affine) {
    it(c.name, () => {
      const layer = new Affine(fromArr(c.W), fromArr(c.b))
      expect(asArr(layer.forward(fromArr(c.x)))).toEqual(c.out)
      expect(layer.originalXShape).toEqual(c.x.shape)
      const dx = layer.backward(fromArr(c.dout))
      expect(asArr(dx)).toEqual(c.dx) // back in x's own shape, (N, C, H, W) for a feature map
      expect(asArr(layer.dW!)).toEqual(c.dW)
      expect(asArr(layer.db!)).toEqual(c.db)
    })
  }
})

describe('5.6.2-affine: forward and backward', () => {
  it('4-D x (N, C, H, W): keeps originalXShape, caches x as (N, C·H·W), returns dx as (N, C, H, W)', () => {
    const rng = new Rng(62)
    const x = rng.randn(2, 3, 4, 5)
    const layer = new Affine(rng.randn(60, 7), rng.randn(7))
    expect(layer.forward(x).shape).toEqual([2, 7])
    expect(layer.originalXShape).toEqual([2, 3, 4, 5])
    expect(layer.x!.shape).toEqual([2, 60])
    expect(layer.backward(rng.randn(2, 7)).shape).toEqual([2, 3, 4, 5])
    expect(layer.dW!.shape).toEqual([60, 7])
    expect(layer.db!.shape).toEqual([7])
  })

  it('params() and grads() return the layer\'s own arrays: W, b, dW and db themselves, not copies', () => {
    const W = array([[1, 2], [3, 4], [5, 6]])
    const b = array([0.5, -0.5])
    const layer = new Affine(W, b)
    expect(layer.params().W).toBe(W)
    expect(layer.params().b).toBe(b)
    expect(layer.grads()).toEqual({ W: null, b: null }) // no backward yet
    layer.forward(array([[1, 0, -1]]))
    layer.backward(array([[1, 2]]))
    const grads = layer.grads()
    expect(grads.W).toBe(layer.dW)
    expect(grads.b).toBe(layer.db)
    expect(Object.keys(layer.params())).toEqual(['W', 'b'])
    // An optimizer updating params() in place therefore updates the layer (book §5.7, common/optimizer.py).
    layer.params().W!.subInPlace(grads.W!.mul(0.1))
    expect(layer.W.toArray()).toEqual([[0.9, 1.8], [3, 4], [5.1, 6.2]])
  })

  it('dW = xᵀ·dout and db = Σ dout over axis 0, from a concrete example', () => {
    const layer = new Affine(array([[1, 2], [3, 4], [5, 6]]), array([10, 20]))
    expect(layer.forward(array([[1, 0, 1], [0, 1, 0]])).toArray()).toEqual([[16, 28], [13, 24]])
    expect(layer.backward(array([[1, -1], [2, 3]])).toArray()).toEqual([[-1, -1, -1], [8, 18, 28]])
    expect(layer.dW!.toArray()).toEqual([[1, -1], [2, 3], [1, -1]])
    expect(layer.db!.toArray()).toEqual([3, 2])
  })
})

describe('5.6.2-affine: properties', () => {
  it('out, dx, dW and db equal a plain-loop reference, with every shape right', () => {
    fc.assert(
      fc.property(caseArb, ({ x, W, b, dout }) => {
        const layer = new Affine(W, b)
        const out = layer.forward(x)
        const dx = layer.backward(dout)
        const ref = reference(x, W, b, dout)
        expect(out.shape).toEqual([x.shape[0], W.shape[1]])
        expect(asArr(out)).toEqual(asArr(ref.out))
        expect(asArr(dx)).toEqual(asArr(ref.dx))
        expect(asArr(layer.dW!)).toEqual(asArr(ref.dW))
        expect(asArr(layer.db!)).toEqual(asArr(ref.db))
      }),
    )
  })

  it('Affine on N-D x equals Affine on x.reshape(N, -1): out, dW and db bit for bit, dx reshaped', () => {
    fc.assert(
      fc.property(caseArb, ({ x, W, b, dout }) => {
        const nd = new Affine(W, b)
        const flat = new Affine(W, b)
        const x2 = x.reshape(x.shape[0]!, -1)
        expect(bits(nd.forward(x))).toEqual(bits(flat.forward(x2)))
        const dx = nd.backward(dout)
        const dx2 = flat.backward(dout)
        expect(dx.shape).toEqual(x.shape)
        expect(Array.from(dx.flatten().data)).toEqual(Array.from(dx2.data))
        expect(asArr(nd.dW!)).toEqual(asArr(flat.dW!))
        expect(asArr(nd.db!)).toEqual(asArr(flat.db!))
      }),
    )
  })

  it('leaves x, W, b and dout unchanged, bit for bit', () => {
    fc.assert(
      fc.property(caseArb, ({ x, W, b, dout }) => {
        const before = [bits(x), bits(W), bits(b), bits(dout)]
        const layer = new Affine(W, b)
        layer.forward(x)
        layer.backward(dout)
        expect([bits(x), bits(W), bits(b), bits(dout)]).toEqual(before)
        expect(layer.W).toBe(W)
        expect(layer.b).toBe(b)
      }),
    )
  })

  it('a non-contiguous x (a transposed view) gives the same out, dx and dW', () => {
    fc.assert(
      fc.property(caseArb.filter(({ x }) => x.ndim === 2), ({ x, W, b, dout }) => {
        const view = x.T.copy().T // same values, column-major strides
        const [a, c] = [new Affine(W, b), new Affine(W, b)]
        expect(asArr(a.forward(view))).toEqual(asArr(c.forward(x)))
        expect(asArr(a.backward(dout))).toEqual(asArr(c.backward(dout)))
        expect(asArr(a.dW!)).toEqual(asArr(c.dW!))
      }),
    )
  })
})

describe('5.6.2-affine: gradient check', () => {
  // L = Σ out·g, so dL/dx = backward(g), and dW, db are what backward stores. L is linear in each of
  // x, W and b: the central difference has no truncation error, only rounding, ε·|L|/h ≈ 1e-12 absolute,
  // measured at most 1.3e-9 relative (on the smallest gradient elements). Random normal inputs keep
  // gradients away from 0. Threshold 1e-6 (between CS231n's "excellent" 1e-7 and "fine for smooth
  // functions" 1e-5) leaves a wide margin.
  const threshold = 1e-6

  for (const xShape of [[4, 6], [2, 3, 2, 2]]) {
    it(`dx, dW and db match the numerical gradients, x (${xShape.join(',')})`, () => {
      const rng = new Rng(61)
      const d = xShape.slice(1).reduce((p, v) => p * v, 1)
      const x = rng.randn(xShape)
      const W = rng.randn(d, 5)
      const b = rng.randn(5)
      const g = rng.randn(xShape[0]!, 5)
      const layer = new Affine(W, b)
      layer.forward(x)
      const dx = layer.backward(g)
      const [dW, db] = [layer.dW!, layer.db!]
      // numericGrad nudges x, W or b in place; a fresh forward through the same layer sees the nudge.
      const loss = () => weightedSum(layer.forward(x), g)
      expect(maxRelativeError(dx, numericGrad(loss, x))).toBeLessThan(threshold)
      expect(maxRelativeError(dW, numericGrad(loss, W))).toBeLessThan(threshold)
      expect(maxRelativeError(db, numericGrad(loss, b))).toBeLessThan(threshold)
      expect(numericGrad(loss, x).shape).toEqual(xShape)
    })
  }
})

describe('5.6.2-affine: errors', () => {
  const W = array([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]) // (4,5)
  const b = array([1, 2, 3, 4, 5])

  it('a 1-D x throws, suggesting x.reshape(1, -1) for one sample', () => {
    expectThrows(
      () => new Affine(W, b).forward(array([1, 2, 3, 4])),
      ShapeError,
      "Affine.forward: 'x' must have a batch axis, (N, D), got (4,); for one sample use x.reshape(1, -1)",
    )
    expectThrows(
      () => new Affine(W, b).forward(array(1)),
      ShapeError,
      "Affine.forward: 'x' must have a batch axis, (N, D), got (); for one sample use x.reshape(1, -1)",
    )
  })

  it('W that is not 2-D throws', () => {
    expectThrows(() => new Affine(array([1, 2]), b), ShapeError, "Affine: 'W' must be 2-D (D, M), got shape (2,)")
    expectThrows(() => new Affine(zeros([2, 3, 5]), b), ShapeError, "Affine: 'W' must be 2-D (D, M), got shape (2,3,5)")
  })

  it('b that is not (M,) throws, naming W\'s shape', () => {
    expectThrows(() => new Affine(W, array([1, 2, 3, 4])), ShapeError, "Affine: 'b' must be (M,) = (5,) to match 'W' (4,5), got (4,)")
    expectThrows(() => new Affine(W, array([[1, 2, 3, 4, 5]])), ShapeError, "Affine: 'b' must be (M,) = (5,) to match 'W' (4,5), got (1,5)")
    expectThrows(() => new Affine(W, array(1)), ShapeError, "Affine: 'b' must be (M,) = (5,) to match 'W' (4,5), got ()")
  })

  it('x whose D does not match W throws numpy\'s dot message, prefixed with the layer', () => {
    expectThrows(
      () => new Affine(W, b).forward(array([[1, 2, 3], [4, 5, 6]])),
      ShapeError,
      'Affine.forward: dot: shapes (2,3) and (4,5) not aligned: 3 (dim 1) != 4 (dim 0)',
    )
    // A feature map is flattened first: the message shows the (N, D) that met W.
    let message = ''
    try {
      new Affine(W, b).forward(zeros([2, 1, 2, 3]))
    } catch (e) {
      message = (e as Error).message
    }
    expect(message.startsWith('Affine.forward: dot: shapes (2,6) and (4,5) not aligned')).toBe(true)
    expect(message).toBe('Affine.forward: dot: shapes (2,6) and (4,5) not aligned: 6 (dim 1) != 4 (dim 0)')
  })

  it('a dout of the wrong shape throws, naming both shapes', () => {
    const layer = new Affine(W, b)
    layer.forward(zeros([2, 4]))
    expectThrows(() => layer.backward(zeros([2, 4])), ShapeError, "Affine.backward: 'dout' has shape (2,4) but forward returned (2,5)")
    expectThrows(() => layer.backward(zeros([5])), ShapeError, "Affine.backward: 'dout' has shape (5,) but forward returned (2,5)")
    expectThrows(() => layer.backward(zeros([1, 2, 5])), ShapeError, "Affine.backward: 'dout' has shape (1,2,5) but forward returned (2,5)")
  })

  it('backward before forward throws', () => {
    expectThrows(() => new Affine(W, b).backward(zeros([2, 5])), ValueError, 'Affine.backward: called before forward: run forward(x) first, backward uses what it kept')
  })

  // BUG (src/affine.ts forward): an empty batch (0, D) fails in x.reshape(0, -1) (−1 is ambiguous for
  // size 0), with a message that does not name the layer. The book's numpy code fails the same way.
  it('an empty batch x (0, D) gives out (0, M), dx (0, D), a zero dW and db', () => {
    const layer = new Affine(W, b)
    expect(layer.forward(zeros([0, 4])).shape).toEqual([0, 5])
    expect(layer.backward(zeros([0, 5])).shape).toEqual([0, 4])
    expect(layer.dW!.toArray()).toEqual(zeros([4, 5]).toArray())
    expect(layer.db!.toArray()).toEqual([0, 0, 0, 0, 0])
  })
})
