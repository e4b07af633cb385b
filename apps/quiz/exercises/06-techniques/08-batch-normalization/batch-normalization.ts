// 6.3.1-batch-normalization — 本書 §6.3.1「Batch Normalization のアルゴリズム」 / book §6.3.1 "The Batch Normalization algorithm"
// Read README.md beside this file, then run: pnpm quiz check 6.3.1-batch-normalization
import { zeros, type NDArray } from '@dlfs/matrix'

/**
 * Batch Normalization. x: (N, D), or (N, C, H, W) handled as (N, C·H·W) (normalised per activation);
 * gamma, beta: (D,). forward returns x's shape.
 */
export class BatchNormalization {
  /** (D,): set by backward. */
  dgamma: NDArray | null = null
  /** (D,): set by backward. */
  dbeta: NDArray | null = null

  /** runningMean/runningVar (D,): null means "start at zeros" on the first forward. */
  constructor(
    public gamma: NDArray,
    public beta: NDArray,
    public momentum = 0.9,
    public runningMean: NDArray | null = null,
    public runningVar: NDArray | null = null,
  ) {}

  /** Training (trainFlg = true): normalise with the batch's mean and variance and move the running ones; test: use the running ones. */
  forward(x: NDArray, trainFlg = true): NDArray {
    // TODO(6.3.1-batch-normalization): reshape to (N, D), normalise (eps = 10e-7), scale by gamma, shift by beta, reshape back.
    throw new Error('TODO(6.3.1-batch-normalization): not implemented')
  }

  /** dout: x's shape → dx: x's shape; also sets this.dgamma and this.dbeta (D,). */
  backward(dout: NDArray): NDArray {
    // TODO(6.3.1-batch-normalization): walk the computational graph back (dbeta, dgamma, dxn, dxc, dstd, dvar, dmu).
    throw new Error('TODO(6.3.1-batch-normalization): not implemented')
  }
}
