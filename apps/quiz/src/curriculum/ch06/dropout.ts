import { NDArray, Rng, formatShape } from '@dlfs/matrix'
import { defineExercise, type CheckContext } from '../../grader/types.js'
import { awayFromZero, dims, randn } from '../../grader/inputs.js'
import { dropoutWith, type DropoutClass } from './_dropout-variants.js'
import { formatNumber } from '../../grader/format-value.js'
import { tx, unravel, withInput } from './_support.js'

interface DropoutModule {
  Dropout: DropoutClass
}
const RATIOS = [0.5, 0.2, 0.7, 0]
// Shapes of rank 1 to 4, as Dropout follows Affine (N, D) or Convolution (N, C, H, W) layers.
const shapeOf = (rank: number, a: number, b: number, c: number) => [[a * b], [a, b], [a, b, c], [a, b, c, 2]][rank - 1]!

/** The kept share of a training forward's output, where x has no zeros: out ≠ 0 means kept. */
const keptShare = (out: NDArray) => out.notEqual(0).mean().item()

/** Every element of out must be x's (kept) or 0 (dropped); names the inverted-dropout mistake. */
function expectMasked(ctx: CheckContext, out: unknown, x: NDArray, ratio: number): NDArray {
  ctx.expectShape('forward output', out, x.shape)
  const [o, v] = [(out as NDArray).flatten().data, x.flatten().data]
  const k = o.findIndex((y, i) => y !== 0 && Math.abs(y - v[i]!) > 1e-12 * Math.abs(v[i]!))
  if (k >= 0) {
    const inverted = Math.abs(o[k]! - v[k]! / (1 - ratio)) <= 1e-9 * Math.abs(o[k]!)
    const index = unravel(k, x.shape)
    const [got, xk] = [formatNumber(o[k]!), formatNumber(v[k]!)]
    ctx.fail({
      what: 'forward output',
      index,
      expected: `${xk} or 0`,
      got,
      message: tx(
        `training forward output[${index.join(', ')}] is ${got}, but x there is ${xk}: each element must be x's (kept) or 0 (dropped), out = x·mask with a 0/1 mask`,
        `学習時の出力 [${index.join(', ')}] が ${got} ですが、x のその要素は ${xk} です。各要素は x のその値（残す）か 0（消す）のどちらかで、out = x·mask（mask は 0/1）です`,
      ),
      likely: inverted
        ? tx(
            'the kept units were scaled by 1/(1 − dropoutRatio): that is "inverted dropout". The book does not scale in training; it multiplies by (1 − dropoutRatio) at test time instead',
            '残したユニットを 1/(1 − dropoutRatio) 倍しています。これは「inverted dropout」です。本書は学習時には倍率を掛けず、代わりにテスト時に (1 − dropoutRatio) を掛けます',
          )
        : undefined,
    })
  }
  return out as NDArray
}

export default defineExercise<DropoutModule>({
  id: '6.4.3-dropout',
  chapter: 6,
  section: '§6.4.3',
  file: '06-techniques/10-dropout/dropout.ts',
  title: { ja: 'Dropout レイヤ', en: 'The Dropout layer' },
  hints: {
    ja: [
      '学習時は、ユニットごとに「残す（1）」か「消す（0）」かをランダムに決めたマスクを x に掛けます。消した所は逆伝播でも信号を通しません（ReLU と同じ考え方です）。',
      'dropoutRatio は消す確率なので、一様乱数が dropoutRatio より大きい所を残します。マスクは学習時の forward のたびに this.rng から新しく作り、backward のために保存しておきます。テスト時は何も消さず、出力を (1 − dropoutRatio) 倍します。',
      'forward: if (trainFlg) { this.mask = this.rng.rand(x.shape).greater(this.dropoutRatio); return x.mul(this.mask) } return x.mul(1 - this.dropoutRatio)。backward: return dout.mul(this.mask!)。',
    ],
    en: [
      'In training, multiply x by a mask that decides at random, unit by unit, whether to keep it (1) or drop it (0). Dropped units pass nothing back in backward either (the same idea as Relu).',
      'dropoutRatio is the probability of dropping, so keep a unit where a uniform random number is greater than dropoutRatio. Draw a new mask from this.rng at every training forward and keep it for backward. At test time drop nothing and scale the output by (1 − dropoutRatio).',
      'forward: if (trainFlg) { this.mask = this.rng.rand(x.shape).greater(this.dropoutRatio); return x.mul(this.mask) } return x.mul(1 - this.dropoutRatio). backward: return dout.mul(this.mask!).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/layers', names: ['Dropout'] }],
  reference: async () => ({ Dropout: (await import('@dlfs/layers')).Dropout }),
  solution: { file: 'packages/layers/src/dropout.ts', symbol: 'Dropout' },
  checks: [
    {
      id: 'forward-train',
      title: tx('training forward: x·mask with a 0/1 mask, x of any shape', '学習時の順伝播: 0/1 のマスクで x·mask（x の形状は任意）'),
      weight: 2,
      run({ Dropout }, ctx) {
        ctx.property(dims({ rank: [1, 4], a: [1, 4], b: [1, 5], c: [1, 3], r: [0, 3] }), ({ rank, a, b, c, r, seed }) => {
          const x = awayFromZero(seed, shapeOf(rank, a, b, c))
          const ratio = RATIOS[r]!
          withInput(`new Dropout(${ratio}, new Rng(${seed})).forward(x of shape ${formatShape(x.shape)}, true)`, () => {
            const out = expectMasked(ctx, new Dropout(ratio, new Rng(seed)).forward(x.copy(), true), x, ratio)
            if (ratio === 0 && keptShare(out) < 1) {
              ctx.fail({ what: 'forward output', message: tx('with dropoutRatio = 0 nothing may be dropped: keep a unit where rand > dropoutRatio', 'dropoutRatio = 0 なら何も消しません。一様乱数が dropoutRatio より大きい所を残します') })
            }
          })
        })
      },
    },
    {
      id: 'drop-rate',
      title: tx('drops about dropoutRatio of the units', 'ユニットのおよそ dropoutRatio の割合を消す'),
      weight: 2,
      run({ Dropout }, ctx) {
        for (const ratio of [0.2, 0.7, 0.5]) {
          const x = awayFromZero(ctx.seed, [100, 200])
          const out = expectMasked(ctx, new Dropout(ratio, new Rng(ctx.seed)).forward(x, true), x, ratio)
          const kept = keptShare(out)
          if (Math.abs(kept - (1 - ratio)) <= 0.02) continue
          const swapped = ratio !== 0.5 && Math.abs(kept - ratio) <= 0.02
          ctx.fail({
            what: 'forward output',
            expected: `about ${(100 * (1 - ratio)).toFixed(0)}% kept`,
            got: `${(100 * kept).toFixed(1)}% kept`,
            message: tx(
              `with dropoutRatio = ${ratio} your forward kept ${(100 * kept).toFixed(1)}% of 20,000 units; about ${(100 * (1 - ratio)).toFixed(0)}% should stay`,
              `dropoutRatio = ${ratio} で、20,000 個のユニットのうち ${(100 * kept).toFixed(1)}% が残りました。残るのはおよそ ${(100 * (1 - ratio)).toFixed(0)}% のはずです`,
            ),
            likely: swapped
              ? tx('dropoutRatio is the probability of dropping a unit: keep it where rand > dropoutRatio (not rand < dropoutRatio)', 'dropoutRatio はユニットを消す確率です。一様乱数が dropoutRatio より大きい所を残します（rand < dropoutRatio ではありません）')
              : undefined,
          })
        }
      },
    },
    {
      id: 'new-mask',
      title: tx('a new mask at every training forward, shaped like x', '学習時の forward のたびに、x と同じ形状の新しいマスクを作る'),
      weight: 1,
      run({ Dropout }, ctx) {
        const layer = new Dropout(0.5, new Rng(ctx.seed))
        const x = awayFromZero(ctx.seed, [20, 30])
        const [first, second] = [layer.forward(x, true), layer.forward(x, true)]
        if (first.notEqual(0).equal(second.notEqual(0)).min().item() === 1) {
          ctx.fail({
            what: 'mask',
            message: tx(
              'two training forwards dropped exactly the same units: draw a new mask at every training forward (the book draws np.random.rand(*x.shape) inside forward)',
              '2 回の学習時の forward で、まったく同じユニットが消えました。学習時の forward のたびに新しいマスクを作ってください（本書は forward の中で np.random.rand(*x.shape) を引きます）',
            ),
          })
        }
        const y = awayFromZero(ctx.seed + 1, [3, 2, 4])
        withInput('the same layer, forward on x (20,30), then on x (3,2,4)', () => expectMasked(ctx, layer.forward(y, true), y, 0.5))
      },
    },
    {
      id: 'reproducible',
      title: tx('masks come from the rng given to the constructor', 'マスクはコンストラクタに渡された rng から作る'),
      weight: 1,
      run({ Dropout }, ctx) {
        const x = awayFromZero(ctx.seed, [10, 20])
        const [a, b, c] = [ctx.seed, ctx.seed, ctx.seed + 1].map((s) => new Dropout(0.5, new Rng(s)).forward(x, true))
        const same = (p: NDArray, q: NDArray) => p.equal(q).min().item() === 1
        if (!same(a!, b!) || same(a!, c!)) {
          ctx.fail({
            what: 'mask',
            message: tx(
              `${same(a!, b!) ? 'two different seeds gave the same mask' : 'the same seed gave different masks'}: draw the mask from this.rng (this.rng.rand(x.shape)), not from Math.random or a generator of your own, so that one seed repeats a training run`,
              `${same(a!, b!) ? '異なるシードで同じマスクになりました' : '同じシードで異なるマスクになりました'}。Math.random や自前の乱数生成器ではなく this.rng（this.rng.rand(x.shape)）からマスクを作ってください。同じシードで学習を再現するためです`,
            ),
          })
        }
      },
    },
    {
      id: 'backward-train',
      title: tx("backward: dx = dout·mask with the last forward's mask", '逆伝播: 直前の forward のマスクで dx = dout·mask'),
      weight: 2,
      run({ Dropout }, ctx) {
        ctx.property(dims({ rank: [1, 4], a: [1, 4], b: [1, 5], c: [1, 3], r: [0, 2] }), ({ rank, a, b, c, r, seed }) => {
          const shape = shapeOf(rank, a, b, c)
          const [x, dout] = [awayFromZero(seed, shape), awayFromZero(seed + 1, shape)]
          const ratio = RATIOS[r]!
          const layer = new Dropout(ratio, new Rng(seed))
          const kept = expectMasked(ctx, layer.forward(x.copy(), true), x, ratio).notEqual(0)
          const dx = layer.backward(dout.copy())
          const sameOnes = (got: NDArray) => got.notEqual(0).equal(kept).min().item() === 1
          withInput(`new Dropout(${ratio}, new Rng(${seed})); forward(x), then backward(dout), both of shape ${formatShape(shape)}`, () =>
            ctx.expectArrayClose('dx', dx, dout.mul(kept), {
              diagnose: [
                (got) => (got.equal(dout).min().item() === 1 ? tx('dx is dout unchanged: a dropped unit passes nothing back, dx = dout·mask', 'dx が dout のままです。消したユニットは逆伝播でも何も通しません: dx = dout·mask') : null),
                (got) =>
                  got.sub(dout.mul(kept).div(1 - ratio)).abs().max().item() < 1e-9
                    ? tx('dx was scaled by 1/(1 − dropoutRatio) (inverted dropout); the book\'s backward is dout·mask', 'dx を 1/(1 − dropoutRatio) 倍しています（inverted dropout）。本書の backward は dout·mask です')
                    : null,
                (got) =>
                  !sameOnes(got) && got.mul(got.sub(dout)).abs().max().item() === 0
                    ? tx("backward used a different mask from the one forward used: keep forward's mask (this.mask) and reuse it; do not draw a new one", 'backward が forward とは別のマスクを使っています。forward のマスク（this.mask）を保存して使い回してください。新しく引いてはいけません')
                    : null,
              ],
            }),
          )
        })
      },
    },
    {
      id: 'gradient-check',
      title: tx('agrees with the numerical gradient of your forward (same mask)', 'あなたの forward の数値微分と一致する（同じマスクで）'),
      weight: 1,
      run({ Dropout }, ctx) {
        const [x, dout] = [randn(ctx.seed, [4, 5]), randn(ctx.seed + 1, [4, 5])]
        // A fresh layer on the same seed draws the same mask, so forward is a fixed function of x.
        const loss = () => new Dropout(0.5, new Rng(ctx.seed)).forward(x, true).mul(dout).sum().item()
        const layer = new Dropout(0.5, new Rng(ctx.seed))
        layer.forward(x.copy(), true)
        ctx.expectGradient('dx', layer.backward(dout.copy()), loss, x)
      },
    },
    {
      id: 'forward-test',
      title: tx('test forward (trainFlg = false): x·(1 − dropoutRatio)', 'テスト時の順伝播（trainFlg = false）: x·(1 − dropoutRatio)'),
      weight: 1,
      run({ Dropout }, ctx) {
        for (const ratio of [0.5, 0.2, 0.7]) {
          const x = awayFromZero(ctx.seed, [3, 4])
          const got = new Dropout(ratio, new Rng(ctx.seed)).forward(x.copy(), false)
          withInput(`new Dropout(${ratio}).forward(x of shape (3,4), false)`, () => ctx.expectArrayClose('test-mode output', got, x.mul(1 - ratio), {
            diagnose: [
              (g) =>
                g.equal(x).min().item() === 1
                  ? tx("the book's Dropout is not inverted: it scales the output by (1 − dropoutRatio) at test time, the share of units kept in training", '本書の Dropout は inverted ではありません。テスト時に出力を (1 − dropoutRatio) 倍します（学習時に残るユニットの割合です）')
                  : null,
              (g) => (g.sub(x.mul(ratio)).abs().max().item() < 1e-12 ? tx('scale by (1 − dropoutRatio), the share kept, not by dropoutRatio', 'dropoutRatio ではなく、残る割合 (1 − dropoutRatio) を掛けます') : null),
              (g) => (g.equal(0).sum().item() > 0 ? tx('at test time (trainFlg = false) nothing is dropped', 'テスト時（trainFlg = false）は何も消しません') : null),
            ],
          }))
        }
      },
    },
    {
      id: 'inputs-unchanged',
      title: tx('leaves x and dout unchanged', 'x と dout を書き換えない'),
      weight: 1,
      run({ Dropout }, ctx) {
        const [x, dout] = [randn(ctx.seed, [4, 5]), randn(ctx.seed + 1, [4, 5])]
        const [x0, d0] = [x.copy(), dout.copy()]
        const layer = new Dropout(0.5, new Rng(ctx.seed))
        layer.forward(x, true)
        layer.backward(dout)
        layer.forward(x, false)
        ctx.expectUnchanged('x', x, x0)
        ctx.expectUnchanged('dout', dout, d0)
      },
    },
  ],
  mutants: [
    { name: 'inverted dropout', module: () => ({ Dropout: dropoutWith({ inverted: true }) }), expect: { check: 'forward-train', contains: 'inverted dropout' } },
    { name: 'keeps with probability dropoutRatio', module: () => ({ Dropout: dropoutWith({ keepWithRatio: true }) }), expect: { check: 'drop-rate', contains: 'probability of dropping' } },
    { name: 'test mode returns x', module: () => ({ Dropout: dropoutWith({ testReturnsX: true }) }), expect: { check: 'forward-test', contains: '(1 − dropoutRatio)' } },
    { name: 'backward draws a new mask', module: () => ({ Dropout: dropoutWith({ backwardNewMask: true }) }), expect: { check: 'backward-train', contains: 'different mask' } },
    { name: 'Math.random instead of this.rng', module: () => ({ Dropout: dropoutWith({ mathRandom: true }) }), expect: { check: 'reproducible', contains: 'this.rng' } },
    { name: 'one mask for every forward', module: () => ({ Dropout: dropoutWith({ fixedMask: true }) }), expect: { check: 'new-mask', contains: 'same units' } },
  ],
})
