import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, Rng, ShapeError, ValueError, arange } from '@dlfs/matrix'
import { randomShift } from './random-shift.js'

/** By the definition: out[n,c,h,w] = x[n,c,h−dy,w−dx] inside the frame, else 0, with (dy, dx) = shifts[n]. */
function shiftedByLoops(x: NDArray, shifts: Float64Array): number[] {
  const [N, C, H, W] = x.shape as [number, number, number, number]
  const out: number[] = []
  for (let n = 0; n < N; n++) {
    const [dy, dx] = [shifts[2 * n]!, shifts[2 * n + 1]!]
    for (let c = 0; c < C; c++) {
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) {
          const [sh, sw] = [h - dy, w - dx]
          out.push(sh >= 0 && sh < H && sw >= 0 && sw < W ? (x.get(n, c, sh, sw) as number) : 0)
        }
      }
    }
  }
  return out
}

const caseArb = fc.record({
  shape: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })),
  maxShift: fc.integer({ min: 0, max: 7 }),
  seed: fc.nat(),
  transposed: fc.boolean(),
})

describe('randomShift', () => {
  it('moves each image by its own (dy, dx) from rng.integers(−k, k+1, [N, 2]), zero-filled, any layout of x', () => {
    fc.assert(
      fc.property(caseArb, ({ shape, maxShift, seed, transposed }) => {
        const size = shape.reduce((a, b) => a * b, 1)
        // C-contiguous, or a view with H and W swapped in memory (x.transpose as numpy's, not contiguous).
        const [N, C, H, W] = shape
        const x = transposed ? arange(size).add(1).reshape(N, C, W, H).transpose(0, 1, 3, 2) : arange(size).add(1).reshape(N, C, H, W)
        const before = x.toArray()
        const out = randomShift(x, maxShift, new Rng(seed))
        const shifts = new Rng(seed).integers(-maxShift, maxShift + 1, [shape[0], 2]).data
        expect(out.shape).toEqual(shape)
        expect(Array.from(out.data)).toEqual(shiftedByLoops(x, shifts))
        expect(x.toArray()).toEqual(before) // the input is left alone
      }),
    )
  })
  it('with maxShift 0 returns an equal copy', () => {
    const x = arange(2 * 1 * 3 * 3).reshape(2, 1, 3, 3)
    const out = randomShift(x, 0, new Rng(0))
    expect(out.toArray()).toEqual(x.toArray())
    expect(out.data).not.toBe(x.data)
  })
  it('repeats with the same seed and keeps a centred pixel inside a ±k window', () => {
    const x = new NDArray(new Float64Array(64), [1, 1, 8, 8])
    x.set([0, 0, 4, 4], 1)
    const a = randomShift(x, 2, new Rng(3))
    expect(a.toArray()).toEqual(randomShift(x, 2, new Rng(3)).toArray())
    const at = Array.from(a.data).indexOf(1)
    expect(Math.abs(Math.floor(at / 8) - 4)).toBeLessThanOrEqual(2)
    expect(Math.abs((at % 8) - 4)).toBeLessThanOrEqual(2)
    expect(a.sum().item()).toBe(1)
  })
  it('says what it needs when given flat rows or a bad maxShift', () => {
    expect(() => randomShift(arange(6).reshape(2, 3), 1, new Rng(0))).toThrow(ShapeError)
    expect(() => randomShift(arange(6).reshape(2, 3), 1, new Rng(0))).toThrow(
      "randomShift: 'x' must be images (N, C, H, W), got (2,3); load MNIST with flatten: false",
    )
    expect(() => randomShift(arange(4).reshape(1, 1, 2, 2), 1.5, new Rng(0))).toThrow(ValueError)
    expect(() => randomShift(arange(4).reshape(1, 1, 2, 2), -1, new Rng(0))).toThrow("randomShift: 'maxShift' must be an integer >= 0, got -1")
  })
})
