// Dropout written with knobs: the book's layer with every knob off, one typical mistake per knob on.
// The mutants of the Dropout exercise are these variants.
import { NDArray, Rng } from '@dlfs/matrix'

export interface DropoutLike {
  mask: NDArray | null
  forward(x: NDArray, trainFlg?: boolean): NDArray
  backward(dout: NDArray): NDArray
}
export type DropoutClass = new (dropoutRatio?: number, rng?: Rng) => DropoutLike

export interface DropoutKnobs {
  /** Training scales the kept units by 1/(1 − ratio) (inverted dropout), test returns x. */
  inverted?: boolean
  /** Keeps a unit where rand < ratio: ratio read as the keep probability. */
  keepWithRatio?: boolean
  /** Test mode returns x unchanged. */
  testReturnsX?: boolean
  /** Backward draws a new mask. */
  backwardNewMask?: boolean
  /** Masks from Math.random instead of the rng argument. */
  mathRandom?: boolean
  /** One mask made at the first forward and reused. */
  fixedMask?: boolean
}

/** The book's Dropout (common/layers.py) with the given knobs. */
export function dropoutWith(k: DropoutKnobs = {}): DropoutClass {
  return class {
    mask: NDArray | null = null
    constructor(
      public dropoutRatio = 0.5,
      private rng: Rng = new Rng(0),
    ) {}

    private draw(shape: readonly number[]): NDArray {
      const u = k.mathRandom ? new NDArray(Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, Math.random), shape) : this.rng.rand(shape)
      return k.keepWithRatio ? u.less(this.dropoutRatio) : u.greater(this.dropoutRatio)
    }

    forward(x: NDArray, trainFlg = true): NDArray {
      if (!trainFlg) return k.testReturnsX || k.inverted ? x.copy() : x.mul(1 - this.dropoutRatio)
      this.mask = k.fixedMask && this.mask ? this.mask : this.draw(x.shape)
      return k.inverted ? x.mul(this.mask).div(1 - this.dropoutRatio) : x.mul(this.mask)
    }

    backward(dout: NDArray): NDArray {
      const mask = k.backwardNewMask ? this.draw(dout.shape) : this.mask!
      return k.inverted ? dout.mul(mask).div(1 - this.dropoutRatio) : dout.mul(mask)
    }
  }
}
