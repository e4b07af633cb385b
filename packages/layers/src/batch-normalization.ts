import { ShapeError, ValueError, formatShape, zeros, type NDArray } from '@dlfs/matrix'
import type { Layer } from './layer.js'
import { checkDout, forwarded } from './_checks.js'

// NOTE(book): the book writes eps as 10e-7, which is 1e-6 (not 1e-7).
const eps = 10e-7

/**
 * Batch Normalization (book §6.3; Ioffe & Szegedy, arXiv:1502.03167). x: (N, D), or (N, C, H, W)
 * flattened to (N, C·H·W) and normalized per activation (not per channel), as the book does.
 * gamma, beta: (D,). Returns x's shape.
 */
export class BatchNormalization implements Layer {
  dgamma: NDArray | null = null
  dbeta: NDArray | null = null
  /** x's shape, to restore 4-D input after working on (N, D). */
  inputShape: readonly number[] | null = null
  batchSize = 0
  /** x − μ, (N, D): the centred batch, reused by backward. */
  xc: NDArray | null = null
  /** (x − μ)/σ, (N, D): dgamma = Σ xn·dout. */
  xn: NDArray | null = null
  /** σ = √(var + eps), (D,). */
  std: NDArray | null = null

  /** runningMean/runningVar (D,) start at zero (or the given arrays) and move by `momentum` each training batch. */
  constructor(
    public gamma: NDArray,
    public beta: NDArray,
    public momentum = 0.9,
    public runningMean: NDArray | null = null,
    public runningVar: NDArray | null = null,
  ) {}

  forward(x: NDArray, trainFlg = true): NDArray {
    if (x.ndim !== 2 && x.ndim !== 4) {
      throw new ShapeError('BatchNormalization.forward', `'x' must be (N, D) or (N, C, H, W), got ${formatShape(x.shape)}`, [x.shape])
    }
    this.inputShape = x.shape
    // (N, D) with D = C·H·W, written out rather than -1 so that an empty batch (N = 0) reshapes too.
    const d = x.shape.slice(1).reduce((a, b) => a * b, 1)
    const x2 = x.reshape(x.shape[0]!, d)
    for (const [name, p] of [['gamma', this.gamma], ['beta', this.beta]] as const) {
      if (p.size !== d) {
        throw new ShapeError('BatchNormalization.forward', `'${name}' ${formatShape(p.shape)} must have one value per activation (${d},) of 'x' ${formatShape(x.shape)}`, [p.shape, x.shape])
      }
    }
    this.runningMean ??= zeros([d])
    this.runningVar ??= zeros([d])
    let xn: NDArray
    if (trainFlg) {
      if (x2.shape[0] === 0) throw new ValueError('BatchNormalization.forward', 'cannot normalize an empty batch (N = 0)')
      const mu = x2.mean(0)
      const xc = x2.sub(mu)
      const variance = xc.mul(xc).mean(0)
      const std = variance.add(eps).sqrt()
      xn = xc.div(std)
      this.batchSize = x2.shape[0]!
      this.xc = xc
      this.xn = xn
      this.std = std
      const m = this.momentum
      this.runningMean = this.runningMean.mul(m).add(mu.mul(1 - m))
      this.runningVar = this.runningVar.mul(m).add(variance.mul(1 - m))
    } else {
      xn = x2.sub(this.runningMean).div(this.runningVar.add(eps).sqrt())
    }
    return xn.mul(this.gamma.reshape(-1)).add(this.beta.reshape(-1)).reshape(x.shape)
  }

  /** The book's chain, step by step back through xn = xc/std, std = √(var + eps), xc = x − μ. */
  backward(dout: NDArray): NDArray {
    const xc = forwarded('BatchNormalization', this.xc)
    const [xn, std] = [this.xn!, this.std!]
    checkDout('BatchNormalization', dout, this.inputShape!)
    const g = dout.reshape(dout.shape[0]!, -1)
    const n = this.batchSize
    // out = gamma·xn + beta
    this.dbeta = g.sum(0).reshape(this.beta.shape)
    this.dgamma = xn.mul(g).sum(0).reshape(this.gamma.shape)
    const dxn = g.mul(this.gamma.reshape(-1))
    // xn = xc / std
    let dxc = dxn.div(std)
    const dstd = dxn.mul(xc).div(std.mul(std)).sum(0).neg()
    // std = √(var + eps)
    const dvar = dstd.mul(0.5).div(std)
    // var = Σ xc² / N
    dxc = dxc.add(xc.mul(dvar).mul(2 / n))
    // xc = x − μ, μ = Σ x / N
    const dmu = dxc.sum(0)
    return dxc.sub(dmu.div(n)).reshape(this.inputShape!)
  }

  params(): Record<string, NDArray> {
    return { gamma: this.gamma, beta: this.beta }
  }
  grads(): Record<string, NDArray | null> {
    return { gamma: this.dgamma, beta: this.dbeta }
  }
}
