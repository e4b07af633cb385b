// Helpers shared by the chapter 4 checks, whose functions return plain numbers (losses, slopes).
import { NDArray, formatShape } from '@dlfs/matrix'
import type { CheckContext, Text } from '../../grader/types.js'

/** |a − b| small relative to the larger of the two (or tiny absolutely). */
export function near(a: number, b: number, rtol = 1e-6, atol = 1e-12): boolean {
  return Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b))
}

/**
 * `got` must be a plain number close to `expected`. A 0-d NDArray (what `sum()` returns) gets its own
 * message, since it is the commonest way to return "the right value" in the wrong type.
 */
export function expectScalar(
  ctx: CheckContext,
  what: string,
  got: unknown,
  expected: number,
  opts: { rtol?: number; atol?: number; likely?: (got: number) => Text | null } = {},
): void {
  if (got instanceof NDArray) {
    ctx.fail({
      what,
      got: `NDArray of shape ${formatShape(got.shape)}`,
      message: {
        en: `${what} should be a plain number, got an NDArray of shape ${formatShape(got.shape)}: sum() returns a 0-d array, call .item() on it`,
        ja: `${what} は数値（number）で返してください。形状 ${formatShape(got.shape)} の NDArray が返されました。sum() の結果は 0 次元の配列なので、.item() で数値にします`,
      },
    })
  }
  ctx.expectNumberClose(what, got, expected, opts)
}
