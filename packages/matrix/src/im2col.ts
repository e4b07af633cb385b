import { NDArray } from './ndarray.js'
import { ShapeError, ValueError } from './errors.js'
import { checkShape, formatShape, shapesEqual, type Shape } from './shape.js'
import { useReference } from './kernels/mode.js'

// book §7.4.3, common/util.py. One row of col per output pixel, one column per filter weight:
//
//     x    (N, C, H, W)                  OH = 1 + (H + 2·pad − FH) / stride  (floored, the book's `//`)
//     col  (N·OH·OW, C·FH·FW)            OW = 1 + (W + 2·pad − FW) / stride
//     row  (n·OH + oh)·OW + ow           column  (c·FH + fh)·FW + fw
//
// Entry [row, column] is the padded input at (n, c, oh·stride + fh, ow·stride + fw), that is
// x[n, c, oh·stride + fh − pad, ow·stride + fw − pad], or 0 where that falls in the padding.

/** The sizes im2col and col2im share, checked once. */
interface Geometry {
  N: number
  C: number
  H: number
  W: number
  FH: number
  FW: number
  stride: number
  pad: number
  OH: number
  OW: number
}

function positiveInteger(op: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new ValueError(op, `${name} must be a positive integer, got ${value}`)
}

/** Check the arguments and work out OH, OW; `shape` is x's (N, C, H, W). */
function geometry(op: string, shape: Shape, filterH: number, filterW: number, stride: number, pad: number): Geometry {
  positiveInteger(op, 'filterH', filterH)
  positiveInteger(op, 'filterW', filterW)
  positiveInteger(op, 'stride', stride)
  if (!Number.isInteger(pad) || pad < 0) throw new ValueError(op, `pad must be a non-negative integer, got ${pad}`)
  const [N, C, H, W] = shape as [number, number, number, number]
  const paddedH = H + 2 * pad
  const paddedW = W + 2 * pad
  if (filterH > paddedH || filterW > paddedW) {
    throw new ShapeError(
      op,
      `filter (${filterH},${filterW}) is larger than the padded input (${paddedH},${paddedW}) (input ${formatShape(shape)}, pad ${pad})`,
      [shape],
    )
  }
  const OH = Math.floor((paddedH - filterH) / stride) + 1
  const OW = Math.floor((paddedW - filterW) / stride) + 1
  return { N, C, H, W, FH: filterH, FW: filterW, stride, pad, OH, OW }
}

function im2colGeometry(x: NDArray, filterH: number, filterW: number, stride: number, pad: number): Geometry {
  if (x.ndim !== 4) throw new ShapeError('im2col', `x must be 4-D (N, C, H, W), got shape ${formatShape(x.shape)}`, [x.shape])
  return geometry('im2col', x.shape, filterH, filterW, stride, pad)
}

function col2imGeometry(col: NDArray, inputShape: Shape, filterH: number, filterW: number, stride: number, pad: number): Geometry {
  if (inputShape.length !== 4) {
    throw new ShapeError('col2im', `inputShape must be 4-D (N, C, H, W), got ${formatShape(inputShape)}`, [inputShape])
  }
  const g = geometry('col2im', checkShape('col2im', inputShape), filterH, filterW, stride, pad)
  const expected = [g.N * g.OH * g.OW, g.C * g.FH * g.FW]
  if (!shapesEqual(col.shape, expected)) {
    throw new ShapeError(
      'col2im',
      `col of shape ${formatShape(col.shape)} does not fit input ${formatShape(inputShape)} with filter (${filterH},${filterW}), ` +
        `stride ${stride}, pad ${pad}: expected (N·OH·OW, C·FH·FW) = ${formatShape(expected)}`,
      [col.shape, inputShape],
    )
  }
  return g
}

/**
 * Unfold image patches into rows, so a convolution becomes one matrix product (book §7.4.3).
 * x: (N, C, H, W) → col: (N·OH·OW, C·FH·FW); rows ordered (n, oh, ow), columns (c, fh, fw); zero padding.
 *
 * @example
 * const x = zeros([10, 1, 28, 28])
 * im2col(x, 5, 5).shape // [5760, 25]: 10·24·24 patches of 1·5·5 pixels
 */
export function im2col(x: NDArray, filterH: number, filterW: number, stride = 1, pad = 0): NDArray {
  if (useReference()) return im2colReference(x, filterH, filterW, stride, pad)
  const { N, C, H, W, FH, FW, OH, OW } = im2colGeometry(x, filterH, filterW, stride, pad)
  const K = C * FH * FW // row length of col
  const out = new Float64Array(N * OH * OW * K) // zeros: the padding stays 0
  const src = x.isContiguous() ? x : x.copy()
  const xd = src.data
  // The book's loop: for each filter offset (fh, fw), copy the strided plane
  // padded[n, c, fh : fh + stride·OH : stride, fw : fw + stride·OW : stride] into column k.
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = src.offset + (n * C + c) * H * W
      for (let fh = 0; fh < FH; fh++) {
        for (let fw = 0; fw < FW; fw++) {
          const k = (c * FH + fh) * FW + fw
          // ow in [owLo, owHi) reads inside the input (0 ≤ ow·stride + fw − pad < W); the rest is padding.
          const owLo = Math.max(0, Math.ceil((pad - fw) / stride))
          const owHi = Math.min(OW, Math.floor((W - 1 + pad - fw) / stride) + 1)
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * stride + fh - pad
            if (ih < 0 || ih >= H) continue
            const from = plane + ih * W + fw - pad
            const to = (n * OH + oh) * OW * K + k
            for (let ow = owLo; ow < owHi; ow++) out[to + ow * K] = xd[from + ow * stride]!
          }
        }
      }
    }
  }
  return new NDArray(out, [N * OH * OW, K])
}

/** Plain-loop im2col, one output element at a time, for learners and for testing `im2col`. x: (N, C, H, W). */
export function im2colReference(x: NDArray, filterH: number, filterW: number, stride = 1, pad = 0): NDArray {
  const { N, C, H, W, FH, FW, OH, OW } = im2colGeometry(x, filterH, filterW, stride, pad)
  const [sN, sC, sH, sW] = x.strides as [number, number, number, number]
  const K = C * FH * FW
  const col = new Float64Array(N * OH * OW * K)
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const row = (n * OH + oh) * OW + ow
        for (let c = 0; c < C; c++) {
          for (let fh = 0; fh < FH; fh++) {
            for (let fw = 0; fw < FW; fw++) {
              const ih = oh * stride + fh - pad // position in x, unpadded
              const iw = ow * stride + fw - pad
              if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue // padding: stays 0
              col[row * K + (c * FH + fh) * FW + fw] = x.data[x.offset + n * sN + c * sC + ih * sH + iw * sW]!
            }
          }
        }
      }
    }
  }
  return new NDArray(col, [N * OH * OW, K])
}

/**
 * Fold rows back into images, ADDING where patches overlap: col (N·OH·OW, C·FH·FW) → (N, C, H, W).
 * NOTE: col2im is the adjoint (transpose) of im2col, not its inverse: col2im(im2col(x)) multiplies
 * each pixel by the number of patches that cover it. That is what backward needs (book §7.4.3):
 * a pixel used by several patches receives the sum of their gradients. Values in the padding are dropped.
 *
 * @example
 * const x = ones([1, 1, 3, 3])
 * col2im(im2col(x, 2, 2), x.shape, 2, 2).toArray() // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 */
export function col2im(col: NDArray, inputShape: Shape, filterH: number, filterW: number, stride = 1, pad = 0): NDArray {
  if (useReference()) return col2imReference(col, inputShape, filterH, filterW, stride, pad)
  const { N, C, H, W, FH, FW, OH, OW } = col2imGeometry(col, inputShape, filterH, filterW, stride, pad)
  const K = C * FH * FW
  const img = new Float64Array(N * C * H * W)
  const src = col.isContiguous() ? col : col.copy()
  const cd = src.data
  // The same walk as im2col's, with the copy reversed into an accumulation.
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = (n * C + c) * H * W
      for (let fh = 0; fh < FH; fh++) {
        for (let fw = 0; fw < FW; fw++) {
          const k = (c * FH + fh) * FW + fw
          const owLo = Math.max(0, Math.ceil((pad - fw) / stride))
          const owHi = Math.min(OW, Math.floor((W - 1 + pad - fw) / stride) + 1)
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * stride + fh - pad
            if (ih < 0 || ih >= H) continue
            const to = plane + ih * W + fw - pad
            const from = src.offset + (n * OH + oh) * OW * K + k
            for (let ow = owLo; ow < owHi; ow++) img[to + ow * stride]! += cd[from + ow * K]!
          }
        }
      }
    }
  }
  return new NDArray(img, [N, C, H, W])
}

/** Plain-loop col2im: every col element is added to the pixel it was copied from. col: (N·OH·OW, C·FH·FW). */
export function col2imReference(col: NDArray, inputShape: Shape, filterH: number, filterW: number, stride = 1, pad = 0): NDArray {
  const { N, C, H, W, FH, FW, OH, OW } = col2imGeometry(col, inputShape, filterH, filterW, stride, pad)
  const [sRow, sCol] = col.strides as [number, number]
  const img = new Float64Array(N * C * H * W)
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const row = (n * OH + oh) * OW + ow
        for (let c = 0; c < C; c++) {
          for (let fh = 0; fh < FH; fh++) {
            for (let fw = 0; fw < FW; fw++) {
              const ih = oh * stride + fh - pad
              const iw = ow * stride + fw - pad
              if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue // fell in the padding: dropped
              const k = (c * FH + fh) * FW + fw
              img[((n * C + c) * H + ih) * W + iw]! += col.data[col.offset + row * sRow + k * sCol]!
            }
          }
        }
      }
    }
  }
  return new NDArray(img, [N, C, H, W])
}
