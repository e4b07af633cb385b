// BatchNormalization written with knobs: the book's layer when every knob is off, and with a knob on,
// one typical mistake. The checks recognise a learner's mistake by the variant that gives the same
// numbers; the mutants are these variants; `closedForm` is a correct backward written differently.
import { NDArray, zeros } from '@dlfs/matrix'

export interface BatchNormalizationLike {
  dgamma: NDArray | null
  dbeta: NDArray | null
  runningMean: NDArray | null
  runningVar: NDArray | null
  forward(x: NDArray, trainFlg?: boolean): NDArray
  backward(dout: NDArray): NDArray
}
export type BatchNormalizationClass = new (
  gamma: NDArray,
  beta: NDArray,
  momentum?: number,
  runningMean?: NDArray | null,
  runningVar?: NDArray | null,
) => BatchNormalizationLike

export interface Knobs {
  /** Variance divided by N − ddof (1: the unbiased variance; numpy's np.var, and the book, use 0). */
  ddof?: number
  /** eps added to the variance; the book's 10e-7 = 1e-6. */
  eps?: number
  /** Statistics over axis 1 (each sample's features) instead of axis 0 (each feature over the batch). */
  perSample?: boolean
  /** 4-D input: statistics per channel (over N, H, W) instead of per activation (C·H·W). */
  perChannel?: boolean
  /** running ← (1 − momentum)·running + momentum·batch. */
  swapMomentum?: boolean
  /** runningVar starts at ones instead of zeros. */
  varStartsAtOne?: boolean
  /** Test mode normalises with the batch's own statistics. */
  testUsesBatch?: boolean
  /** Test mode moves the running statistics too. */
  testMovesRunning?: boolean
  /** Backward: 'book' (the chain), 'closed' (the closed form), 'xnOnly' (only through xn = xc/std). */
  backward?: 'book' | 'closed' | 'xnOnly'
  /** dgamma = Σ dout (xn forgotten). */
  dgammaWithoutXn?: boolean
  /** out = xn, without γ and β. */
  noAffine?: boolean
}

/** The book's BatchNormalization (common/layers.py) with the given knobs. */
export function batchNormalizationWith(k: Knobs = {}): BatchNormalizationClass {
  const eps = k.eps ?? 10e-7
  return class {
    dgamma: NDArray | null = null
    dbeta: NDArray | null = null
    private shape: readonly number[] = []
    private xn: NDArray | null = null
    private std: NDArray | null = null
    constructor(
      public gamma: NDArray,
      public beta: NDArray,
      public momentum = 0.9,
      public runningMean: NDArray | null = null,
      public runningVar: NDArray | null = null,
    ) {}

    forward(x: NDArray, trainFlg = true): NDArray {
      this.shape = x.shape
      const n = x.shape[0]!
      const x2 = x.reshape(n, -1) // (N, D), D = C·H·W for 4-D input
      const d = x2.shape[1]!
      this.runningMean ??= zeros([d])
      this.runningVar ??= k.varStartsAtOne ? zeros([d]).add(1) : zeros([d])
      let xn: NDArray
      if (trainFlg || k.testUsesBatch) {
        const [mu, variance] = this.stats(x)
        xn = x2.sub(mu).div(variance.add(eps).sqrt())
        if (k.perSample) xn = x2.sub(x2.mean(1, true)).div(x2.var({ axis: 1, keepdims: true, ddof: k.ddof ?? 0 }).add(eps).sqrt())
        this.xn = xn
        this.std = variance.add(eps).sqrt()
        if (trainFlg) this.move(mu, variance)
      } else {
        xn = x2.sub(this.runningMean).div(this.runningVar.add(eps).sqrt())
        if (k.testMovesRunning) this.move(...this.stats(x))
      }
      if (k.noAffine) return xn.reshape(x.shape)
      return xn.mul(this.gamma.reshape(-1)).add(this.beta.reshape(-1)).reshape(x.shape)
    }

    /** running ← momentum·running + (1 − momentum)·batch (the book's order unless swapMomentum). */
    private move(mu: NDArray, variance: NDArray): void {
      const [keep, take] = k.swapMomentum ? [1 - this.momentum, this.momentum] : [this.momentum, 1 - this.momentum]
      this.runningMean = this.runningMean!.mul(keep).add(mu.mul(take))
      this.runningVar = this.runningVar!.mul(keep).add(variance.mul(take))
    }

    /** Mean and variance per activation (D,), or per channel broadcast back to (D,). */
    private stats(x: NDArray): [NDArray, NDArray] {
      const ddof = k.ddof ?? 0
      if (k.perChannel && x.ndim === 4) {
        const [, c, h, w] = x.shape as [number, number, number, number]
        const mu = x.mean([0, 2, 3], true)
        const v = x.var({ axis: [0, 2, 3], keepdims: true, ddof })
        const spread = (a: NDArray) => a.reshape(c, 1, 1).add(zeros([c, h, w])).reshape(-1)
        return [spread(mu), spread(v)]
      }
      const x2 = x.reshape(x.shape[0]!, -1)
      return [x2.mean(0), x2.var({ axis: 0, ddof })]
    }

    backward(dout: NDArray): NDArray {
      const g = dout.reshape(dout.shape[0]!, -1)
      const [xn, std, n] = [this.xn!, this.std!, g.shape[0]!]
      const gamma = this.gamma.reshape(-1)
      this.dbeta = g.sum(0).reshape(this.beta.shape)
      this.dgamma = (k.dgammaWithoutXn ? g : xn.mul(g)).sum(0).reshape(this.gamma.shape)
      const dxn = g.mul(gamma)
      let dx: NDArray
      if (k.backward === 'xnOnly') dx = dxn.div(std)
      else if (k.backward === 'closed') {
        // dx = (1/N)·(1/σ)·(N·dxn − Σ dxn − xn·Σ dxn·xn), the three paths of x (through xc, μ and σ²) at once.
        dx = dxn.mul(n).sub(dxn.sum(0)).sub(xn.mul(dxn.mul(xn).sum(0))).div(std.mul(n))
      } else {
        const xc = xn.mul(std)
        const dstd = dxn.mul(xc).div(std.mul(std)).sum(0).neg()
        const dvar = dstd.mul(0.5).div(std)
        const dxc = dxn.div(std).add(xc.mul(dvar).mul(2 / n))
        dx = dxc.sub(dxc.sum(0).div(n))
      }
      return dx.reshape(this.shape)
    }
  }
}
