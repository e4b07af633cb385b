import { NDArray, im2col, zeros } from '@dlfs/matrix'
import { Convolution as Reference } from '@dlfs/layers'
import { defineExercise, type CheckContext, type Diagnoser } from '../../grader/types.js'
import { signFlipped } from '../../grader/diagnose.js'
import { randn } from '../../grader/inputs.js'
import { withInput } from '../ch04/_input.js'
import { describe, expectShapeOr, geometries, imageOf, sameArray, type Geometry } from './_conv-inputs.js'

interface ConvolutionLike {
  dW: NDArray | null
  db: NDArray | null
  forward(x: NDArray): NDArray
  backward(dout: NDArray): NDArray
}
interface ConvolutionModule {
  Convolution: new (W: NDArray, b: NDArray, stride?: number, pad?: number) => ConvolutionLike
}

/** Filters, bias, input and upstream gradient of one case; FN from the seed (1–3), shrinking to 1. */
function setup(g: Geometry) {
  const fn = 1 + (g.seed % 3)
  return {
    fn,
    W: randn(g.seed + 1, [fn, g.c, g.fh, g.fw]),
    b: randn(g.seed + 2, [fn]),
    x: imageOf(g),
    dout: randn(g.seed + 3, [g.n, fn, g.oh, g.ow]),
  }
}

/** The reference layer, run forward (and backward when dout is given). */
function reference(W: NDArray, b: NDArray, g: Geometry, x: NDArray, dout?: NDArray) {
  const layer = new Reference(W, b, g.stride, g.pad)
  const out = layer.forward(x)
  const dx = dout ? layer.backward(dout) : null
  return { out, dx, dW: layer.dW, db: layer.db }
}

/** W with both spatial axes reversed: a "true" convolution instead of the book's cross-correlation. */
function flipped(W: NDArray): NDArray {
  const [fn, c, fh, fw] = W.shape as [number, number, number, number]
  const out = zeros([fn, c, fh, fw])
  for (let f = 0; f < fn; f++) for (let k = 0; k < c; k++) for (let i = 0; i < fh; i++) for (let j = 0; j < fw; j++) out.set([f, k, i, j], W.get(f, k, fh - 1 - i, fw - 1 - j))
  return out
}

/** Forward outputs of the usual slips, recognised by value. */
function forwardSlips(W: NDArray, b: NDArray, g: Geometry, x: NDArray): Diagnoser[] {
  const fn = W.shape[0]!
  const product = im2col(x, g.fh, g.fw, g.stride, g.pad).dot(W.reshape(fn, -1).T).add(b) // (N·OH·OW, FN)
  const slip = (alt: () => NDArray, en: string, ja: string): Diagnoser => (got, expected) =>
    !sameArray(alt(), expected) && sameArray(got, alt()) ? { en, ja } : null
  return [
    slip(
      () => product.reshape(g.n, fn, g.oh, g.ow),
      'the values are in the wrong places: the product col·colW is (N·OH·OW, FN); reshape it to (N, OH, OW, FN) and then transpose(0, 3, 1, 2), a reshape alone to (N, FN, OH, OW) scrambles it',
      '値の位置がずれています。col·colW の形状は (N·OH·OW, FN) です。(N, OH, OW, FN) に reshape してから transpose(0, 3, 1, 2) します。(N, FN, OH, OW) に直接 reshape すると並びが崩れます',
    ),
    slip(
      () => reference(flipped(W), b, g, x).out,
      "the filter is flipped: the book's convolution multiplies x[n, c, oh·s + i, ow·s + j] by W[f, c, i, j] without reversing the filter",
      'フィルターが反転しています。本書の畳み込み演算では、フィルターを反転せずに x[n, c, oh·s + i, ow·s + j] と W[f, c, i, j] を掛けます',
    ),
    slip(
      () => reference(W, zeros([fn]), g, x).out,
      'the bias b is missing: add b[f] to every output of filter f',
      'バイアス b が足されていません。フィルター f の出力すべてに b[f] を足します',
    ),
  ]
}

/** dW computed right but reshaped to (FN, C, FH, FW) without the book's transpose(1, 0). */
function dWSlip(g: Geometry, x: NDArray, dout: NDArray, fn: number): Diagnoser {
  return (got, expected) => {
    const d = dout.transpose(0, 2, 3, 1).reshape(-1, fn) // (N·OH·OW, FN)
    const alt = im2col(x, g.fh, g.fw, g.stride, g.pad).T.dot(d).reshape(fn, g.c, g.fh, g.fw)
    return !sameArray(alt, expected) && sameArray(got, alt)
      ? { en: 'colᵀ·dout is (C·FH·FW, FN): transpose(1, 0) it to (FN, C·FH·FW) before reshaping to (FN, C, FH, FW)', ja: 'colᵀ·dout の形状は (C·FH·FW, FN) です。(FN, C, FH, FW) に reshape する前に transpose(1, 0) で (FN, C·FH·FW) にします' }
      : null
  }
}

/** Run the learner's layer forward then backward on one case. */
function run(mod: ConvolutionModule, g: Geometry) {
  const s = setup(g)
  const layer = new mod.Convolution(s.W.copy(), s.b.copy(), g.stride, g.pad)
  const out = layer.forward(s.x)
  return { s, layer, out }
}

function expectForward(ctx: CheckContext, got: unknown, W: NDArray, b: NDArray, g: Geometry, x: NDArray): void {
  const fn = W.shape[0]!
  withInput(`${describe(g)}, W (${W.shape.join(',')})`, () => {
    expectShapeOr(ctx, 'forward output', got, [g.n, fn, g.oh, g.ow], [
      { shape: [g.n, g.oh, g.ow, fn], likely: { en: 'the channel axis is last: transpose(0, 3, 1, 2) the (N, OH, OW, FN) result to (N, FN, OH, OW)', ja: 'チャンネルの軸が最後にあります。(N, OH, OW, FN) を transpose(0, 3, 1, 2) で (N, FN, OH, OW) にします' } },
      { shape: [g.n * g.oh * g.ow, fn], likely: { en: 'reshape the (N·OH·OW, FN) product back to 4-D (N, OH, OW, FN), then transpose(0, 3, 1, 2)', ja: '(N·OH·OW, FN) の積を 4 次元 (N, OH, OW, FN) に戻してから transpose(0, 3, 1, 2) します' } },
    ])
    ctx.expectArrayClose('forward output', got, reference(W, b, g, x).out, { diagnose: forwardSlips(W, b, g, x) })
  })
}

const conv = geometries({ stride: [1, 2], pad: [0, 1], h: [1, 5], w: [1, 5] })

export default defineExercise<ConvolutionModule>({
  id: '7.4.3-convolution',
  chapter: 7,
  section: '§7.4.3',
  file: '07-cnn/02-convolution/convolution.ts',
  title: { ja: 'Convolution レイヤ', en: 'The Convolution layer' },
  hints: {
    ja: [
      'im2col で入力を行列に展開すれば、畳み込みは Affine レイヤと同じ行列の積になります。逆伝播も Affine と同じ形で、最後に col2im で画像の形に戻します。',
      'forward: col = im2col(x, FH, FW, stride, pad)、colW = W.reshape(FN, -1).T、out = col·colW + b を (N, OH, OW, FN) に reshape して transpose(0, 3, 1, 2)。backward では dout を transpose(0, 2, 3, 1).reshape(-1, FN) にしてから Affine と同じ計算をします。',
      'db = dout2.sum(0)、dW = col.T.dot(dout2).transpose(1, 0).reshape(FN, C, FH, FW)、dcol = dout2.dot(colW.T)、dx = col2im(dcol, x.shape, FH, FW, stride, pad)。',
    ],
    en: [
      'Unfold the input with im2col and the convolution becomes a matrix product, as in the Affine layer. Backward has the same form as Affine\'s, and col2im folds the result back into images.',
      'forward: col = im2col(x, FH, FW, stride, pad), colW = W.reshape(FN, -1).T, out = col·colW + b, reshaped to (N, OH, OW, FN) and transpose(0, 3, 1, 2). In backward, make dout transpose(0, 2, 3, 1).reshape(-1, FN), then compute as Affine does.',
      'db = dout2.sum(0), dW = col.T.dot(dout2).transpose(1, 0).reshape(FN, C, FH, FW), dcol = dout2.dot(colW.T), dx = col2im(dcol, x.shape, FH, FW, stride, pad).',
    ],
  },
  forbidden: [
    { specifier: '@dlfs/layers', names: ['Convolution'] },
    { specifier: '@dlfs/train', names: ['SimpleConvNet', 'DeepConvNet'] },
  ],
  reference: async () => ({ Convolution: (await import('@dlfs/layers')).Convolution }),
  solution: { file: 'packages/layers/src/convolution.ts', symbol: 'Convolution' },
  checks: [
    {
      id: 'book-example',
      title: { ja: '本書の形状 (2, 1, 28, 28) → (2, 30, 24, 24) と既定値', en: "the book's shapes (2, 1, 28, 28) → (2, 30, 24, 24), and the defaults" },
      weight: 1,
      run(mod, ctx) {
        // SimpleConvNet's first layer (§7.5): 30 filters 5×5 on MNIST images, stride 1 and pad 0 by default.
        const g: Geometry = { n: 2, c: 1, h: 28, w: 28, fh: 5, fw: 5, stride: 1, pad: 0, oh: 24, ow: 24, seed: ctx.seed }
        const W = randn(ctx.seed + 1, [30, 1, 5, 5], 0.1)
        const b = randn(ctx.seed + 2, [30])
        const x = imageOf(g)
        expectForward(ctx, new mod.Convolution(W.copy(), b.copy()).forward(x), W, b, g, x)
      },
    },
    {
      id: 'forward',
      title: { ja: 'forward（いろいろな形状・ストライド・パディング）', en: 'forward, for many shapes, strides and pads' },
      weight: 3,
      run(mod, ctx) {
        ctx.property(conv, (g) => {
          const { s, out } = run(mod, g)
          expectForward(ctx, out, s.W, s.b, g, s.x)
        })
      },
    },
    ...(['dx', 'dW', 'db'] as const).map((what) => ({
      id: `backward-${what}`,
      title: { ja: `backward の ${what}`, en: `backward: ${what}` },
      weight: what === 'db' ? 1 : 2,
      run(mod: ConvolutionModule, ctx: CheckContext) {
        ctx.property(conv, (g) => {
          const { s, layer } = run(mod, g)
          const dx = layer.backward(s.dout)
          const got = { dx, dW: layer.dW, db: layer.db }[what]
          const expected = reference(s.W, s.b, g, s.x, s.dout)[what]!
          const diagnose = what === 'dW' ? [dWSlip(g, s.x, s.dout, s.fn), signFlipped] : [signFlipped]
          withInput(`${describe(g)}, W (${s.W.shape.join(',')})`, () => ctx.expectArrayClose(what, got, expected, { diagnose }))
        })
      },
    })),
    {
      id: 'gradient-check',
      title: { ja: '数値微分との一致', en: 'agrees with the numerical gradient' },
      weight: 1,
      run(mod, ctx) {
        const g: Geometry = { n: 2, c: 2, h: 4, w: 5, fh: 3, fw: 2, stride: 2, pad: 1, oh: 2, ow: 3, seed: ctx.seed }
        const { s, layer } = run(mod, g)
        const dx = layer.backward(s.dout)
        // L = Σ forward(x)·dout, so backward(dout) is dL/dx (and dW, db are dL/dW, dL/db).
        const loss = () => new mod.Convolution(s.W, s.b, g.stride, g.pad).forward(s.x).mul(s.dout).sum().item()
        ctx.expectGradient('dx', dx, loss, s.x)
        ctx.expectGradient('dW', layer.dW, loss, s.W)
        ctx.expectGradient('db', layer.db, loss, s.b)
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its arguments unchanged' },
      weight: 1,
      run(mod, ctx) {
        const g: Geometry = { n: 2, c: 2, h: 5, w: 5, fh: 3, fw: 3, stride: 1, pad: 1, oh: 5, ow: 5, seed: ctx.seed }
        const s = setup(g)
        const [x0, dout0, W0, b0] = [s.x.copy(), s.dout.copy(), s.W.copy(), s.b.copy()]
        const layer = new mod.Convolution(s.W, s.b, g.stride, g.pad)
        layer.forward(s.x)
        layer.backward(s.dout)
        ctx.expectUnchanged('x', s.x, x0)
        ctx.expectUnchanged('dout', s.dout, dout0)
        ctx.expectUnchanged('W', s.W, W0)
        ctx.expectUnchanged('b', s.b, b0)
      },
    },
  ],
  mutants: [
    {
      name: 'forward reshapes to (N, FN, OH, OW) without the transpose',
      module: () => {
        class Wrong extends Reference {
          override forward(x: NDArray): NDArray {
            const out = super.forward(x) // (N, FN, OH, OW); C-order it as (N, OH, OW, FN), then reshape naively
            return out.transpose(0, 2, 3, 1).copy().reshape(out.shape as number[])
          }
        }
        return { Convolution: Wrong }
      },
      expect: { check: 'forward', contains: 'transpose(0, 3, 1, 2)' },
    },
    {
      name: 'dW without transpose(1, 0)',
      module: () => {
        class Wrong extends Reference {
          override backward(dout: NDArray): NDArray {
            const dx = super.backward(dout)
            const fn = this.W.shape[0]!
            this.dW = this.col!.T.dot(dout.transpose(0, 2, 3, 1).reshape(-1, fn)).reshape(this.W.shape as number[])
            return dx
          }
        }
        return { Convolution: Wrong }
      },
      expect: { check: 'backward-dW', contains: 'transpose(1, 0)' },
    },
    {
      name: 'flipped filter (true convolution)',
      module: () => {
        class Wrong extends Reference {
          constructor(W: NDArray, b: NDArray, stride = 1, pad = 0) {
            super(flipped(W), b, stride, pad)
          }
        }
        return { Convolution: Wrong }
      },
      expect: { check: 'forward', contains: 'flipped' },
    },
  ],
})
