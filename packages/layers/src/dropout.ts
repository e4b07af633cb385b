import { Rng, ValueError, type NDArray } from '@dlfs/matrix'
import type { Layer } from './layer.js'
import { checkDout, forwarded } from './_checks.js'

/**
 * Dropout (book §6.4.3; Srivastava et al. 2014), in the book's non-inverted form: training
 * multiplies by a random 0/1 mask, inference scales by (1 − dropoutRatio). x: any shape.
 */
export class Dropout implements Layer {
  /** 1 where the unit was kept in the last training forward: backward lets only those through. */
  mask: NDArray | null = null
  /** Whether the last forward was in training mode (decides backward's factor). */
  private trained = true
  /** x's shape at the last forward: dout must match it. */
  private outShape: readonly number[] | null = null

  /**
   * @param dropoutRatio probability of dropping a unit, in [0, 1). (The book's class also calls it
   *   dropout_ratio; only its MultiLayerNetExtend misspells it.)
   * @param rng where masks come from; pass one seeded generator per network so runs repeat.
   */
  constructor(
    public dropoutRatio = 0.5,
    private rng: Rng = new Rng(0),
  ) {
    if (!(dropoutRatio >= 0 && dropoutRatio < 1)) {
      throw new ValueError('Dropout', `'dropoutRatio' must be in [0, 1), got ${dropoutRatio}`)
    }
  }

  forward(x: NDArray, trainFlg = true): NDArray {
    this.trained = trainFlg
    this.outShape = x.shape
    if (!trainFlg) return x.mul(1 - this.dropoutRatio)
    const mask = this.rng.rand(x.shape).greater(this.dropoutRatio)
    this.mask = mask
    return x.mul(mask)
  }

  /** Training: dx = dout·mask. After an inference forward: dx = dout·(1 − dropoutRatio). */
  backward(dout: NDArray): NDArray {
    checkDout('Dropout', dout, forwarded('Dropout', this.outShape))
    return this.trained ? dout.mul(this.mask!) : dout.mul(1 - this.dropoutRatio)
  }

  params(): Record<string, NDArray> {
    return {}
  }
  grads(): Record<string, NDArray | null> {
    return {}
  }
}
