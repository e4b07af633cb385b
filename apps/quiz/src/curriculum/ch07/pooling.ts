import { NDArray, Rng, array, im2col } from '@dlfs/matrix'
import { Pooling as Reference } from '@dlfs/layers'
import { defineExercise, type CheckContext, type Diagnoser, type Text } from '../../grader/types.js'
import { randn } from '../../grader/inputs.js'
import { withInput } from '../ch04/_input.js'
import { asView, describe, expectShapeOr, geometries, imageOf, readsRawData, sameArray, type Geometry } from './_conv-inputs.js'
import { poolLoops, type Rule } from './_pooling-loops.js'

interface PoolingLike {
  forward(x: NDArray): NDArray
  backward(dout: NDArray): NDArray
}
interface PoolingModule {
  Pooling: new (poolH: number, poolW: number, stride?: number, pad?: number) => PoolingLike
}

/** Pooling geometries without padding (the checks keep pad = 0; see the README). */
const pools = geometries({ pad: [0, 0], h: [1, 6], w: [1, 6] })

/** The reference layer's output and dx. */
function reference(x: NDArray, g: Geometry, dout?: NDArray) {
  const layer = new Reference(g.fh, g.fw, g.stride, 0)
  const out = layer.forward(x)
  return { out, dx: dout ? layer.backward(dout) : null }
}

const slip = (alt: () => NDArray, text: Text): Diagnoser => (got, expected) => (!sameArray(alt(), expected) && sameArray(got, alt()) ? text : null)

function forwardSlips(x: NDArray, g: Geometry): Diagnoser[] {
  return [
    slip(
      // The maxima in im2col's (n, oh, ow, c) order, reshaped straight to (N, C, OH, OW).
      () => im2col(x, g.fh, g.fw, g.stride, 0).reshape(-1, g.fh * g.fw).max(1).reshape(g.n, g.c, g.oh, g.ow),
      {
        en: 'the values are in the wrong places: the maxima come out in (n, oh, ow, c) order; reshape them to (N, OH, OW, C) and then transpose(0, 3, 1, 2)',
        ja: '値の位置がずれています。最大値は (n, oh, ow, c) の順に並んでいます。(N, OH, OW, C) に reshape してから transpose(0, 3, 1, 2) します',
      },
    ),
    slip(() => poolLoops(x, g.fh, g.fw, g.stride, null, 'mean').out, { en: 'this is average pooling: Pooling takes the MAXIMUM of each window', ja: '平均値プーリングになっています。Pooling レイヤは各領域の「最大値」を取ります' }),
  ]
}

function backwardSlips(x: NDArray, g: Geometry, dout: NDArray): Diagnoser[] {
  const alt = (rule: Rule) => () => poolLoops(x, g.fh, g.fw, g.stride, dout, rule).dx
  return [
    slip(alt('last'), {
      en: 'on ties the gradient went to the LAST maximum; send it to the first one, as argmax does (the book: arg_max = np.argmax(col, axis=1))',
      ja: '同じ最大値が複数あるとき、勾配が「最後の」最大値に流れています。argmax と同じく最初の最大値に流します（本書：arg_max = np.argmax(col, axis=1)）',
    }),
    slip(alt('all'), {
      en: 'on ties every maximum got the gradient; only the first maximum of the window (argmax) should get it',
      ja: '同じ最大値がすべて勾配を受け取っています。勾配を受け取るのは、各領域の最初の最大値（argmax）だけです',
    }),
    slip(alt('mean'), {
      en: 'the gradient is spread over the whole window (average pooling); in max pooling it goes only to the position of the maximum',
      ja: '勾配が領域全体に分配されています（平均値プーリング）。Max プーリングでは最大値の位置にだけ流します',
    }),
  ]
}

function expectForward(ctx: CheckContext, got: unknown, x: NDArray, g: Geometry): void {
  const raw = readsRawData(x, (r) => reference(r, g).out)
  withInput(describe(g, 'pool'), () => {
    expectShapeOr(ctx, 'forward output', got, [g.n, g.c, g.oh, g.ow], [
      { shape: [g.n, g.oh, g.ow, g.c], likely: { en: 'the channel axis is last: transpose(0, 3, 1, 2) the (N, OH, OW, C) result', ja: 'チャンネルの軸が最後にあります。(N, OH, OW, C) を transpose(0, 3, 1, 2) します' } },
    ])
    ctx.expectArrayClose('forward output', got, reference(x, g).out, { diagnose: [raw, ...forwardSlips(x, g)] })
  })
}

function expectBackward(ctx: CheckContext, mod: PoolingModule, x: NDArray, g: Geometry, dout: NDArray): void {
  const layer = new mod.Pooling(g.fh, g.fw, g.stride, 0)
  layer.forward(x)
  const dx = layer.backward(dout)
  const raw = readsRawData(x, (r) => reference(r, g, dout).dx!)
  withInput(describe(g, 'pool'), () => {
    expectShapeOr(ctx, 'dx', dx, [g.n, g.c, g.h, g.w], [
      { shape: [g.n * g.oh * g.ow, g.c * g.fh * g.fw], likely: { en: 'fold dcol back into images with col2im(dcol, x.shape, poolH, poolW, stride, pad)', ja: 'dcol を col2im(dcol, x.shape, poolH, poolW, stride, pad) で画像の形に戻します' } },
    ])
    ctx.expectArrayClose('dx', dx, reference(x, g, dout).dx!, { diagnose: [raw, ...backwardSlips(x, g, dout)] })
  })
}

/** Values in {0, 1, 2}: windows with tied maxima are common. */
const tied = (g: Geometry) => new Rng(g.seed).integers(0, 3, [g.n, g.c, g.h, g.w])

export default defineExercise<PoolingModule>({
  id: '7.4.4-pooling',
  chapter: 7,
  section: '§7.4.4',
  file: '07-cnn/03-pooling/pooling.ts',
  title: { ja: 'Pooling レイヤ（Max プーリング）', en: 'The Pooling layer (max pooling)' },
  hints: {
    ja: [
      'プーリングは各領域の最大値を取るだけです。逆伝播では、最大値だった位置にだけ勾配を流します（ReLU の mask と同じ考え方です）。',
      'im2col で展開し、col.reshape(-1, poolH·poolW) の各行の max と argmax を取ります。結果は (N, OH, OW, C) の順なので transpose(0, 3, 1, 2) します。stride の既定値は 2 です。',
      'backward: dout.transpose(0, 2, 3, 1) を平らにして、dmax（形状 (dout.size, poolH·poolW)）の各行の argMax の位置に置き、(N·OH·OW, C·poolH·poolW) に reshape して col2im(dcol, x.shape, poolH, poolW, stride, pad)。',
    ],
    en: [
      'Pooling just takes the maximum of each window. Backward sends the gradient only to the position that was the maximum (the same idea as Relu\'s mask).',
      'Unfold with im2col, then take the max and argmax of each row of col.reshape(-1, poolH·poolW). The result is in (N, OH, OW, C) order: transpose(0, 3, 1, 2). stride defaults to 2.',
      'backward: flatten dout.transpose(0, 2, 3, 1), put each value in row i of dmax (dout.size, poolH·poolW) at argMax[i], reshape to (N·OH·OW, C·poolH·poolW) and col2im(dcol, x.shape, poolH, poolW, stride, pad).',
    ],
  },
  forbidden: [
    { specifier: '@dlfs/layers', names: ['Pooling'] },
    { specifier: '@dlfs/train', names: ['SimpleConvNet', 'DeepConvNet'] },
  ],
  reference: async () => ({ Pooling: (await import('@dlfs/layers')).Pooling }),
  solution: { file: 'packages/layers/src/pooling.ts', symbol: 'Pooling' },
  checks: [
    {
      id: 'book-example',
      title: { ja: '図 7-14 のような 4×4 の例と、既定の stride = 2', en: 'a 4×4 example as in figure 7-14, and the default stride = 2' },
      weight: 1,
      run(mod, ctx) {
        const x = array([[[[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]]]])
        const g: Geometry = { n: 1, c: 1, h: 4, w: 4, fh: 2, fw: 2, stride: 2, pad: 0, oh: 2, ow: 2, seed: 0 }
        const got = new mod.Pooling(2, 2).forward(x)
        withInput('new Pooling(2, 2) on a 4×4 image (stride left out)', () =>
          expectShapeOr(ctx, 'forward output', got, [1, 1, 2, 2], [
            { shape: [1, 1, 3, 3], likely: { en: "stride should default to 2 (the book's current code; the printed book shows stride=1)", ja: 'stride の既定値は 2 です（本書の現在のコード。印刷版では stride=1 になっています）' } },
          ]),
        )
        expectForward(ctx, got, x, g)
      },
    },
    {
      id: 'forward',
      title: { ja: 'forward（いろいろな形状・窓・ストライド）', en: 'forward, for many shapes, windows and strides' },
      weight: 3,
      run(mod, ctx) {
        ctx.property(pools, (g) => {
          const x = imageOf(g)
          expectForward(ctx, new mod.Pooling(g.fh, g.fw, g.stride, 0).forward(x), x, g)
        })
      },
    },
    {
      id: 'backward',
      title: { ja: 'backward（最大値の位置にだけ勾配を流す）', en: 'backward: the gradient goes to the maximum only' },
      weight: 3,
      run(mod, ctx) {
        ctx.property(pools, (g) => expectBackward(ctx, mod, imageOf(g), g, randn(g.seed + 1, [g.n, g.c, g.oh, g.ow])))
      },
    },
    {
      id: 'ties',
      title: { ja: '最大値が並ぶときは最初の最大値へ', en: 'on ties, the first maximum gets the gradient' },
      weight: 1,
      run(mod, ctx) {
        ctx.property(geometries({ pad: [0, 0], h: [2, 6], w: [2, 6], fh: [2, 3], fw: [2, 3], stride: [1, 2] }), (g) =>
          expectBackward(ctx, mod, tied(g), g, randn(g.seed + 1, [g.n, g.c, g.oh, g.ow])),
        )
      },
    },
    {
      id: 'gradient-check',
      title: { ja: '数値微分との一致', en: 'agrees with the numerical gradient' },
      weight: 1,
      run(mod, ctx) {
        // Distinct values 0.1 apart: no nudge of 1e-4 changes which element is the maximum.
        const x = new Rng(ctx.seed).permutation(2 * 2 * 5 * 4).mul(0.1).reshape(2, 2, 5, 4)
        const dout = randn(ctx.seed + 1, [2, 2, 2, 2])
        const layer = new mod.Pooling(2, 2, 2, 0)
        layer.forward(x)
        const dx = layer.backward(dout)
        const loss = () => new mod.Pooling(2, 2, 2, 0).forward(x).mul(dout).sum().item()
        ctx.expectGradient('dx', dx, loss, x)
      },
    },
    {
      id: 'view-input',
      title: { ja: 'ビュー（転置）の x も正しく扱う', en: 'handles a view (a transpose) x correctly' },
      weight: 1,
      run(mod, ctx) {
        ctx.property(geometries({ pad: [0, 0], h: [2, 5], w: [2, 5] }), (g) => {
          const x = asView(imageOf(g))
          expectForward(ctx, new mod.Pooling(g.fh, g.fw, g.stride, 0).forward(x), x, g)
          expectBackward(ctx, mod, x, g, randn(g.seed + 1, [g.n, g.c, g.oh, g.ow]))
        }, { numRuns: 10 })
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its arguments unchanged' },
      weight: 1,
      run(mod, ctx) {
        const x = randn(ctx.seed, [2, 3, 4, 4])
        const dout = randn(ctx.seed + 1, [2, 3, 2, 2])
        const [x0, dout0] = [x.copy(), dout.copy()]
        const layer = new mod.Pooling(2, 2, 2, 0)
        layer.forward(x)
        layer.backward(dout)
        ctx.expectUnchanged('x', x, x0)
        ctx.expectUnchanged('dout', dout, dout0)
      },
    },
  ],
  mutants: [
    {
      name: 'ties go to the last maximum',
      module: () => {
        class Wrong {
          private x: NDArray | null = null
          constructor(public poolH: number, public poolW: number, public stride = 2) {}
          forward(x: NDArray) {
            this.x = x
            return poolLoops(x, this.poolH, this.poolW, this.stride, null, 'last').out
          }
          backward(dout: NDArray) {
            return poolLoops(this.x!, this.poolH, this.poolW, this.stride, dout, 'last').dx
          }
        }
        return { Pooling: Wrong }
      },
      expect: { check: 'ties', contains: 'first one' },
    },
    {
      name: 'forward reshapes to (N, C, OH, OW) without the transpose',
      module: () => {
        class Wrong extends Reference {
          override forward(x: NDArray): NDArray {
            const out = super.forward(x)
            return out.transpose(0, 2, 3, 1).copy().reshape(out.shape as number[])
          }
        }
        return { Pooling: Wrong }
      },
      expect: { check: 'forward', contains: 'transpose(0, 3, 1, 2)' },
    },
    {
      name: 'default stride 1',
      module: () => {
        class Wrong extends Reference {
          constructor(poolH: number, poolW: number, stride = 1, pad = 0) {
            super(poolH, poolW, stride, pad)
          }
        }
        return { Pooling: Wrong }
      },
      expect: { check: 'book-example', contains: 'default to 2' },
    },
    {
      name: 'reads x.data as if x were C-ordered',
      module: () => {
        class Wrong extends Reference {
          override forward(x: NDArray): NDArray {
            return super.forward(new NDArray(x.data, x.shape))
          }
        }
        return { Pooling: Wrong }
      },
      expect: { check: 'view-input', contains: 'x.copy()' },
    },
  ],
})
