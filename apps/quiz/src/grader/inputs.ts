// Seeded inputs for checks. fast-check draws sizes and a seed; the arrays come from that seed, so a
// failure shrinks to small shapes (and seed 0) and repeats exactly for the same grading seed.
import fc from 'fast-check'
import { Rng, type NDArray } from '@dlfs/matrix'

/** Sizes of each named dimension in [min, max], plus a seed for the values. */
export function dims<K extends string>(ranges: Record<K, [number, number]>): fc.Arbitrary<Record<K, number> & { seed: number }> {
  const rec: Record<string, fc.Arbitrary<number>> = { seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }
  for (const [k, [lo, hi]] of Object.entries(ranges) as [string, [number, number]][]) rec[k] = fc.integer({ min: lo, max: hi })
  return fc.record(rec) as unknown as fc.Arbitrary<Record<K, number> & { seed: number }>
}

/** Standard normal values of `shape`, scaled; deterministic in `seed`. */
export function randn(seed: number, shape: readonly number[], scale = 1): NDArray {
  return new Rng(seed).randn([...shape]).mul(scale)
}

/** Values of `shape` bounded away from 0 (|v| in [0.1, 1.1)), for layers with a kink at 0. */
export function awayFromZero(seed: number, shape: readonly number[]): NDArray {
  const rng = new Rng(seed)
  const mag = rng.rand([...shape]).add(0.1)
  const sign = rng.rand([...shape]).greater(0.5).mul(2).sub(1)
  return mag.mul(sign)
}
