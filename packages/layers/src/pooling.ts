import { ValueError, col2im, im2col, withContext, zeros, type NDArray } from '@dlfs/matrix'
import type { Layer } from './layer.js'
import { checkDout, checkRank, forwarded } from './_checks.js'
import { convOutputSize } from './conv-output-size.js'

/**
 * Max pooling through im2col (book §7.4.4). x: (N, C, H, W); returns (N, C, OH, OW) with
 * OH = 1 + (H + 2·pad − poolH) / stride.
 * NOTE: the default stride is 2 as in the book's current code (the printed book shows 1). The
 * book's output size ignores pad; ours counts it. Padding is zeros, as the book's im2col pads.
 */
export class Pooling implements Layer {
  /** The input, (N, C, H, W): col2im needs its shape. */
  x: NDArray | null = null
  /** (N·OH·OW·C,) window position of each maximum (first on ties): the only place a gradient goes. */
  argMax: Int32Array | null = null
  /** (N, C, OH, OW), what backward's dout must match. */
  private outShape: readonly number[] = []

  constructor(
    public poolH: number,
    public poolW: number,
    public stride = 2,
    public pad = 0,
  ) {
    for (const [name, v] of [['poolH', poolH], ['poolW', poolW], ['stride', stride]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError('Pooling', `'${name}' must be a positive integer, got ${v}`)
    }
    if (!Number.isInteger(pad) || pad < 0) throw new ValueError('Pooling', `'pad' must be a non-negative integer, got ${pad}`)
  }

  forward(x: NDArray): NDArray {
    checkRank('Pooling.forward', 'x', x, 4, '(N, C, H, W)')
    const [N, C, H, W] = x.shape as [number, number, number, number]
    // One row per (n, oh, ow, c) window of poolH·poolW values.
    const col = withContext('Pooling.forward', () => im2col(x, this.poolH, this.poolW, this.stride, this.pad))
      .reshape(-1, this.poolH * this.poolW)
    const outH = convOutputSize(H, this.poolH, this.stride, this.pad)
    const outW = convOutputSize(W, this.poolW, this.stride, this.pad)
    this.argMax = Int32Array.from(col.argmax(1).data)
    this.x = x
    this.outShape = [N, C, outH, outW]
    return col.max(1).reshape(N, outH, outW, C).transpose(0, 3, 1, 2)
  }

  /** Each output's gradient goes back to the one input that was the maximum; the rest get 0. */
  backward(dout: NDArray): NDArray {
    const x = forwarded('Pooling', this.x)
    const argMax = this.argMax!
    checkDout('Pooling', dout, this.outShape)
    const poolSize = this.poolH * this.poolW
    const d = dout.transpose(0, 2, 3, 1).flatten() // (N·OH·OW·C,), the order of argMax
    const dmax = zeros([d.size, poolSize])
    for (let i = 0; i < d.size; i++) dmax.data[i * poolSize + argMax[i]!] = d.data[i]!
    // (N·OH·OW, C·poolH·poolW): the layout im2col produced.
    const dcol = dmax.reshape(-1, x.shape[1]! * poolSize)
    return col2im(dcol, x.shape, this.poolH, this.poolW, this.stride, this.pad)
  }

  params(): Record<string, NDArray> {
    return {}
  }
  grads(): Record<string, NDArray | null> {
    return {}
  }
}
