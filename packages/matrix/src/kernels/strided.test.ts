import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { forEachRun } from './strided.js'
import { indexToPosition, ordinalToIndex } from '../indexing.js'
import { sizeOf } from '../shape.js'
import { shapeArb } from '../../test/arbitraries.js'

/** Every position forEachRun visits, per operand, in the order it visits them, and the blocks' [m, n]. */
function walk(shape: readonly number[], strides: readonly (readonly number[])[], offsets: readonly number[]) {
  const seen: number[][] = strides.map(() => [])
  const blocks: [number, number][] = []
  forEachRun(shape, strides, offsets, (m, n, pos, outer, steps) => {
    blocks.push([m, n])
    for (let q = 0; q < pos.length; q++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) seen[q]!.push(pos[q]! + i * outer[q]! + j * steps[q]!)
  })
  return { seen, blocks }
}

/** Each element's position by the definition: offset + Σ index·stride, in C order. */
function positionsInCOrder(shape: readonly number[], strides: readonly number[], offset: number): number[] {
  const index = new Array<number>(shape.length).fill(0)
  return Array.from({ length: sizeOf(shape) }, (_, k) => (ordinalToIndex(k, shape, index), indexToPosition(index, strides, offset)))
}

// A shape with 1 to 3 operands, each with arbitrary strides (negative, 0 as for a broadcast, or overlapping) and offset.
const caseArb = shapeArb().chain((shape) =>
  fc.tuple(
    fc.constant(shape),
    fc.array(fc.tuple(fc.array(fc.integer({ min: -7, max: 7 }), { minLength: shape.length, maxLength: shape.length }), fc.nat(50)), { minLength: 1, maxLength: 3 }),
  ),
)

describe('forEachRun', () => {
  it('visits every element once, at offset + Σ index·stride in every operand together, for any strides', () => {
    // Per element, the tuple of its positions in all operands; the walk's tuples must be those of C order (in some order).
    const tuples = (perOperand: number[][]) => perOperand[0]!.map((_, k) => perOperand.map((list) => list[k]!).join(',')).sort()
    fc.assert(
      fc.property(caseArb, ([shape, operands]) => {
        const { seen } = walk(shape, operands.map((o) => o[0]), operands.map((o) => o[1]))
        expect(tuples(seen)).toEqual(tuples(operands.map(([strides, offset]) => positionsInCOrder(shape, strides, offset))))
      }),
    )
  })
  it('visits in C order while the last axis is long enough', () => {
    const strides = [[1, 200], [100, 1]] // a (200, 100) transposed view, and C order
    expect(walk([200, 100], strides, [0, 0]).seen[1]).toEqual(positionsInCOrder([200, 100], [100, 1], 0))
  })
  it('merges the axes every operand steps through evenly, into blocks of m runs of n', () => {
    // C-contiguous (2,3,4): one run of 24.
    expect(walk([2, 3, 4], [[12, 4, 1]], [0]).blocks).toEqual([[1, 24]])
    // Convolution's output (N,OH,OW,FN) = (2,3,3,4) seen as (N,FN,OH,OW): per n, FN runs of OH·OW = 9, step FN = 4.
    expect(walk([2, 4, 3, 3], [[36, 9, 3, 1], [36, 1, 12, 4]], [0, 0]).blocks).toEqual([[4, 9], [4, 9]])
    // Its backward's copy back, (N,FN,OH,OW) → (N,OH,OW,FN) = (2,9,4) after merging: the runs go along OH·OW (9), not FN (4).
    expect(walk([2, 3, 3, 4], [[36, 12, 4, 1], [36, 3, 1, 9]], [0, 0]).blocks).toEqual([[4, 9], [4, 9]])
    // A bias added to (100, 3): one block of 100 rows of 3 (every operand is contiguous along them).
    expect(walk([100, 3], [[3, 1], [3, 1], [0, 1]], [0, 0, 0]).blocks).toEqual([[100, 3]])
    // Length-1 axes are dropped; a 0-d array is one run of one element.
    expect(walk([1, 5, 1], [[5, 1, 1]], [0]).blocks).toEqual([[1, 5]])
    expect(walk([], [[]], [7]).seen).toEqual([[7]])
  })
  it('visits nothing when the shape has a 0', () => {
    expect(walk([3, 0, 2], [[0, 2, 1]], [0]).blocks).toEqual([])
  })
})
