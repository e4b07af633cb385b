// 6.4.3-dropout — 本書 §6.4.3「Dropout」 / book §6.4.3 "Dropout"
// Read README.md beside this file, then run: pnpm quiz check 6.4.3-dropout
import { Rng, type NDArray } from '@dlfs/matrix'

/** Dropout, the book's (non-inverted) form. x: any shape; forward returns x's shape. */
export class Dropout {
  /** 1 where the unit was kept in the last training forward, 0 where it was dropped (x's shape). */
  mask: NDArray | null = null

  /**
   * @param dropoutRatio probability of DROPPING each unit, in [0, 1).
   * @param rng where the masks come from: draw every random number from it (this.rng.rand(x.shape)).
   */
  constructor(
    public dropoutRatio = 0.5,
    private rng: Rng = new Rng(0),
  ) {}

  /** Training: x·mask with a new random 0/1 mask; test (trainFlg = false): x·(1 − dropoutRatio). */
  forward(x: NDArray, trainFlg = true): NDArray {
    // TODO(6.4.3-dropout): in training keep each unit where this.rng.rand(x.shape) > dropoutRatio; at test time scale.
    throw new Error('TODO(6.4.3-dropout): not implemented')
  }

  /** dout: x's shape → dx = dout·mask, with the mask of the last training forward. */
  backward(dout: NDArray): NDArray {
    // TODO(6.4.3-dropout): let dout through only where the last forward kept the unit.
    throw new Error('TODO(6.4.3-dropout): not implemented')
  }
}
