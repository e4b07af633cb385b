// 7.4.3-im2col — 本書 §7.4.3「im2colによる展開」 / book §7.4.3 "Unfolding with im2col"
// Read README.md beside this file, then run: pnpm quiz check 7.4.3-im2col
import type { NDArray } from '@dlfs/matrix'

/**
 * Unfold every window of x into one row.
 * x: (N, C, H, W) → col: (N·OH·OW, C·FH·FW), OH = 1 + (H + 2·pad − FH) / stride (floored), likewise OW.
 * Rows ordered (n, oh, ow), columns (c, fh, fw); positions in the zero padding give 0.
 */
export function im2col(x: NDArray, filterH: number, filterW: number, stride = 1, pad = 0): NDArray {
  // TODO(7.4.3-im2col): col[(n·OH + oh)·OW + ow, (c·FH + fh)·FW + fw] = x[n, c, oh·stride + fh − pad, ow·stride + fw − pad].
  throw new Error('TODO(7.4.3-im2col): not implemented')
}
