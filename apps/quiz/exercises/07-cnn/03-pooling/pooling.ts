// 7.4.4-pooling — 本書 §7.4.4「Poolingレイヤの実装」 / book §7.4.4 "Implementing the Pooling layer"
// Read README.md beside this file, then run: pnpm quiz check 7.4.4-pooling
import type { NDArray } from '@dlfs/matrix'

/**
 * Max pooling over poolH × poolW windows, moved by `stride` (default 2).
 * forward: x (N, C, H, W) → (N, C, OH, OW), OH = 1 + (H + 2·pad − poolH) / stride, likewise OW.
 */
export class Pooling {
  constructor(
    public poolH: number,
    public poolW: number,
    public stride = 2,
    public pad = 0,
  ) {}

  /** x: (N, C, H, W) → the maximum of each window, (N, C, OH, OW). Keep what backward needs. */
  forward(x: NDArray): NDArray {
    // TODO(7.4.4-pooling): unfold the windows, take each one's max and remember where it was (argmax).
    throw new Error('TODO(7.4.4-pooling): not implemented')
  }

  /** dout: (N, C, OH, OW) → dx: (N, C, H, W); each window's gradient goes to its (first) maximum only. */
  backward(dout: NDArray): NDArray {
    // TODO(7.4.4-pooling): place each dout value at its window's argmax, zeros elsewhere; fold back with col2im.
    throw new Error('TODO(7.4.4-pooling): not implemented')
  }
}
