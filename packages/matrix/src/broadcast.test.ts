import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { broadcastShapes, broadcastStrides, reductionAxes } from './broadcast.js'
import { ShapeError } from './errors.js'
import { stridesOf } from './shape.js'
import { arrayOfShape, broadcastShapesArb, shapeArb } from '../test/arbitraries.js'

/** numpy's rule written out again: right-align; in each column the dims other than 1 must agree. */
function ruleShape(...shapes: (readonly number[])[]): number[] | null {
  const ndim = Math.max(0, ...shapes.map((s) => s.length))
  const out: number[] = []
  for (let j = 0; j < ndim; j++) {
    const dims = new Set(shapes.map((s) => s[s.length - ndim + j] ?? 1).filter((d) => d !== 1))
    if (dims.size > 1) return null
    out.push([...dims][0] ?? 1)
  }
  return out
}
/** Every multi-index of `shape` in C order. */
function indicesOf(shape: readonly number[]): number[][] {
  let all: number[][] = [[]]
  for (const d of shape) all = all.flatMap((prefix) => Array.from({ length: d }, (_, i) => [...prefix, i]))
  return all
}
/** Two shapes that do not broadcast: one column of a broadcastable pair changed to clash. */
const clashingArb = broadcastShapesArb()
  .chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), fc.nat()))
  .map(([a, b, k]) => {
    const columns = b.map((_, i) => i).filter((i) => (a[a.length - b.length + i] ?? 1) !== 1)
    if (columns.length === 0) return null
    const i = columns[k % columns.length]!
    const clash = [...b]
    const d = a[a.length - b.length + i]!
    clash[i] = d === 0 ? 2 : d + 1 // neither 1 nor a's dim
    return [a, clash] as const
  })
  .filter((pair): pair is readonly [number[], number[]] => pair !== null)

describe('broadcastShapes', () => {
  it('follows numpy’s rule for pairs and triples (0-d, size 0 and 1-length axes included)', () => {
    fc.assert(
      fc.property(broadcastShapesArb(), ([a, b]) => {
        expect(broadcastShapes('add', a, b)).toEqual(ruleShape(a, b))
      }),
    )
    fc.assert(fc.property(shapeArb(), shapeArb(), shapeArb(), (a, b, c) => {
      const want = ruleShape(a, b, c)
      if (want === null) expect(() => broadcastShapes('where', a, b, c)).toThrow(ShapeError)
      else expect(broadcastShapes('where', a, b, c)).toEqual(want)
    }))
  })
  it('throws numpy’s text naming the op and every shape', () => {
    const run = () => broadcastShapes('add', [2, 3], [4])
    expect(run).toThrow(ShapeError)
    expect(run).toThrow('add: operands could not be broadcast together with shapes (2,3) (4,)')
    expect(() => broadcastShapes('where', [2], [], [3, 1, 4])).toThrow('where: operands could not be broadcast together with shapes (2,) () (3,1,4)')
    expect(() => broadcastShapes('add', [0], [3])).toThrow('add: operands could not be broadcast together with shapes (0,) (3,)')
    fc.assert(
      fc.property(clashingArb, ([a, b]) => {
        const text = `mul: operands could not be broadcast together with shapes (${a.join(',')}${a.length === 1 ? ',' : ''}) (${b.join(',')}${b.length === 1 ? ',' : ''})`
        expect(() => broadcastShapes('mul', a, b)).toThrow(text)
        try {
          broadcastShapes('mul', a, b)
        } catch (e) {
          expect((e as ShapeError).shapes).toEqual([a, b])
        }
      }),
    )
  })
  it('returns a new list, never one of its inputs', () => {
    const a = [2, 3]
    const out = broadcastShapes('add', a)
    expect(out).toEqual(a)
    expect(out).not.toBe(a)
    expect(broadcastShapes('add')).toEqual([])
  })
})

describe('broadcastStrides', () => {
  it('reads an array as the broadcast shape: stride 0 on stretched axes, 1-length axes at index 0', () => {
    const arb = broadcastShapesArb().chain(([a, b]) => fc.tuple(arrayOfShape(a), fc.constant(b)))
    fc.assert(
      fc.property(arb, ([x, other]) => {
        const out = ruleShape(x.shape, other)!
        const s = broadcastStrides(x.shape, x.strides, out)
        expect(s.length).toBe(out.length)
        const lead = out.length - x.ndim
        for (const index of indicesOf(out)) {
          const own = x.shape.map((d, i) => (d === 1 ? 0 : index[lead + i]!)) // x's own index
          const want = own.reduce((p, i, axis) => p + i * x.strides[axis]!, x.offset)
          expect(index.reduce((p, i, axis) => p + i * s[axis]!, x.offset)).toBe(want)
        }
      }),
    )
  })
  it('gives (3,) → (2,3) strides (0,1) and (2,1) → (2,3) strides (1,0)', () => {
    expect(broadcastStrides([3], stridesOf([3]), [2, 3])).toEqual([0, 1])
    expect(broadcastStrides([2, 1], stridesOf([2, 1]), [2, 3])).toEqual([1, 0])
  })
})

describe('reductionAxes', () => {
  it.each([
    [[3], [2, 3], [0]],
    [[2, 1], [2, 3], [1]],
    [[1, 3], [4, 2, 3], [0, 1]],
    [[], [2, 3], [0, 1]],
    [[2, 3], [2, 3], []],
    [[1], [1], []],
    [[1], [0], [0]],
  ])('%j broadcast to %j is summed over %j', (inShape, outShape, axes) => {
    expect(reductionAxes(inShape, outShape)).toEqual(axes)
  })
  it('summing over its axes (keepdims) and dropping the new leading ones gives back the input shape', () => {
    fc.assert(
      fc.property(broadcastShapesArb(), ([a, b]) => {
        const out = ruleShape(a, b)!
        const axes = reductionAxes(a, out)
        expect([...new Set(axes)].sort((p, q) => p - q)).toEqual(axes) // sorted, no repeats
        const kept = out.map((d, j) => (axes.includes(j) ? 1 : d))
        expect(kept.slice(out.length - a.length)).toEqual(a)
        expect(kept.slice(0, out.length - a.length).every((d) => d === 1)).toBe(true)
        // and it never sums an axis that was not stretched
        for (const j of axes) expect(j < out.length - a.length || a[j - (out.length - a.length)] === 1).toBe(true)
      }),
    )
  })
})
