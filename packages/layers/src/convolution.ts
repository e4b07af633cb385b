import { ShapeError, col2im, formatShape, im2col, withContext, type NDArray } from '@dlfs/matrix'
import type { Layer } from './layer.js'
import { checkDout, checkRank, forwarded } from './_checks.js'
import { convOutputSize } from './conv-output-size.js'

/**
 * Convolution layer through im2col (book §7.4.3). x: (N, C, H, W); W: (FN, C, FH, FW); b: (FN,);
 * returns (N, FN, OH, OW) with OH = 1 + (H + 2·pad − FH) / stride.
 */
export class Convolution implements Layer {
  dW: NDArray | null = null
  db: NDArray | null = null
  /** The input, (N, C, H, W): col2im needs its shape. */
  x: NDArray | null = null
  /** (N·OH·OW, C·FH·FW), the unfolded input: dW = colᵀ·dout. */
  col: NDArray | null = null
  /** (C·FH·FW, FN), the filters as columns: dcol = dout·colWᵀ. */
  colW: NDArray | null = null
  /** (N, FN, OH, OW), what backward's dout must match. */
  private outShape: readonly number[] = []

  constructor(
    public W: NDArray,
    public b: NDArray,
    public stride = 1,
    public pad = 0,
  ) {
    checkRank('Convolution', 'W', W, 4, '(FN, C, FH, FW)')
    if (b.ndim !== 1 || b.shape[0] !== W.shape[0]) {
      throw new ShapeError('Convolution', `'b' must be (FN,) = (${W.shape[0]},) to match 'W' ${formatShape(W.shape)}, got ${formatShape(b.shape)}`, [W.shape, b.shape])
    }
  }

  forward(x: NDArray): NDArray {
    checkRank('Convolution.forward', 'x', x, 4, '(N, C, H, W)')
    const [FN, C, FH, FW] = this.W.shape as [number, number, number, number]
    if (x.shape[1] !== C) {
      throw new ShapeError('Convolution.forward', `'x' ${formatShape(x.shape)} has ${x.shape[1]} channels but 'W' ${formatShape(this.W.shape)} expects ${C}`, [x.shape, this.W.shape])
    }
    const col = withContext('Convolution.forward', () => im2col(x, FH, FW, this.stride, this.pad))
    const N = x.shape[0]!
    const outH = convOutputSize(x.shape[2]!, FH, this.stride, this.pad)
    const outW = convOutputSize(x.shape[3]!, FW, this.stride, this.pad)
    const colW = this.W.reshape(FN, -1).T
    // (N·OH·OW, FN) rows of filter responses, back to (N, FN, OH, OW). The book's `np.dot(col, col_W) + self.b`;
    // b is added in place as dot's result is new anyway (saves a (N·OH·OW, FN) copy: 13.8 MB in SimpleConvNet).
    const out = col.dot(colW).addInPlace(this.b)
    this.x = x
    this.col = col
    this.colW = colW
    this.outShape = [N, FN, outH, outW]
    return out.reshape(N, outH, outW, -1).transpose(0, 3, 1, 2)
  }

  backward(dout: NDArray): NDArray {
    const x = forwarded('Convolution', this.x)
    const [col, colW] = [this.col!, this.colW!]
    const [FN, C, FH, FW] = this.W.shape as [number, number, number, number]
    checkDout('Convolution', dout, this.outShape)
    // (N, FN, OH, OW) → (N·OH·OW, FN), the layout of forward's col·colW.
    const d = dout.transpose(0, 2, 3, 1).reshape(-1, FN)
    this.db = d.sum(0)
    this.dW = col.T.dot(d).transpose(1, 0).reshape(FN, C, FH, FW)
    const dcol = d.dot(colW.T)
    return col2im(dcol, x.shape, FH, FW, this.stride, this.pad)
  }

  params(): Record<string, NDArray> {
    return { W: this.W, b: this.b }
  }
  grads(): Record<string, NDArray | null> {
    return { W: this.dW, b: this.db }
  }
}

