import { NDArray, array, formatShape } from '@dlfs/matrix'
import { SoftmaxWithLoss as RefSoftmaxWithLoss, crossEntropyError, softmax } from '@dlfs/losses'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { dividedTwice, forgotBatchDivision, overflow, signFlipped } from '../../grader/diagnose.js'
import { closeTo, labelText, labels, like, oneHot, tx } from './_support.js'

interface SoftmaxWithLossLike {
  forward(x: NDArray, t: NDArray): number
  backward(dout?: number): NDArray
}
interface SoftmaxWithLossModule {
  SoftmaxWithLoss: new () => SoftmaxWithLossLike
}

const batches = dims({ n: [1, 5], c: [2, 6] })
type LabelKind = 'one-hot' | 'index'

/** Logits (n, c) and labels of the given kind: one-hot (n, c) or indices (n,). */
function setup(seed: number, n: number, c: number, kind: LabelKind, scale = 2) {
  const idx = labels(seed + 1, n, c)
  return { x: randn(seed, [n, c], scale), t: kind === 'one-hot' ? oneHot(idx, c) : idx, idx }
}

/** The reference's loss and dx = backward(1). */
function expected(x: NDArray, t: NDArray) {
  const layer = new RefSoftmaxWithLoss()
  const loss = layer.forward(x, t)
  return { loss, dx: layer.backward(1) }
}

/** The loss's usual mistakes, recognised from the number that came back. */
function lossMistakes(n: number, loss: number): (got: number) => Text | null {
  return (got) => {
    if (!Number.isFinite(got)) return overflowText
    if (n > 1 && closeTo(got, loss * n)) return tx(`the loss is ${n}× too large: divide the sum by the batch size N = ${n}`, `損失がちょうど ${n} 倍です。和をバッチサイズ N = ${n} で割ってください`)
    if (closeTo(got, -loss)) return tx('the sign is flipped: the cross-entropy error is −Σ t·log y', '符号が逆です。交差エントロピー誤差は −Σ t·log y です')
    return null
  }
}
const overflowText = tx(
  'the loss is NaN or Infinity: exp overflows for large logits; subtract each row’s max before exp (book §3.5.2)',
  '損失が NaN や Infinity です。大きな入力で exp がオーバーフローしています。exp の前に各行の最大値を引いてください（本書 §3.5.2）',
)

/** forward, then backward(1), on the learner's layer. */
function run(Layer: SoftmaxWithLossModule['SoftmaxWithLoss'], x: NDArray, t: NDArray) {
  const layer = new Layer()
  const loss = layer.forward(x, t)
  return { loss, dx: layer.backward(1) }
}

/** Compare loss and/or dx with the reference for these inputs. */
function compare(ctx: CheckContext, Layer: SoftmaxWithLossModule['SoftmaxWithLoss'], x: NDArray, t: NDArray, part: 'loss' | 'dx') {
  const n = x.ndim === 2 ? x.shape[0]! : 1
  const c = x.shape[x.ndim - 1]!
  const want = expected(x, t)
  const got = run(Layer, x, t)
  const call = `forward(x: ${formatShape(x.shape)}, t: ${labelText(t, x)})`
  if (part === 'loss') return ctx.expectNumberClose(call, got.loss, want.loss, { likely: lossMistakes(n, want.loss) })
  const diagnose = [overflow, forgotBatchDivision(n), dividedTwice(n), signFlipped]
  // For one sample the book's backward divides by t.shape[0], which is then C, the number of classes.
  if (n === 1) diagnose.push(like(want.dx.div(c), bookSingleSample(c)))
  ctx.expectArrayClose(`${call}; backward(1)`, got.dx, want.dx, { diagnose })
}
const bookSingleSample = (c: number) =>
  tx(
    `dx is ${c}× too small: for a single sample (C,), t.shape[0] is the number of classes C = ${c}, not the batch size; the batch size of one sample is 1 (the book’s code has this trap)`,
    `dx がちょうど 1/${c} です。1 サンプル (C,) のとき t.shape[0] はクラス数 C = ${c} で、バッチサイズではありません。1 サンプルのバッチサイズは 1 です（本書のコードにあるわなです）`,
  )

export default defineExercise<SoftmaxWithLossModule>({
  id: '5.6.3-softmax-with-loss',
  chapter: 5,
  section: '§5.6.3',
  file: '05-backprop/06-softmax-with-loss/softmax-with-loss.ts',
  title: { ja: 'Softmax-with-Loss レイヤ', en: 'The Softmax-with-Loss layer' },
  hints: {
    ja: [
      '順伝播は「softmax（§3.5）→ 交差エントロピー誤差（§4.2.4）」です。逆伝播は、驚くほど簡単な形 (y − t) になります。',
      'forward で softmax の出力 y と教師ラベル t を保存しておきます。backward はバッチサイズ N で割った (y − t) / N です。ラベルがインデックスのときは、y をコピーして各行の正解の位置から 1 を引きます。',
      'softmax は各行の最大値を引いてから exp を取ります。1 サンプル (C,) のときは N = 1 として扱います（t.shape[0] はクラス数 C になるので使えません）。',
    ],
    en: [
      'Forward is softmax (§3.5) then the cross-entropy error (§4.2.4). Backward turns out remarkably simple: (y − t).',
      'Keep the softmax output y and the labels t in forward. Backward is (y − t) / N, N the batch size. With index labels, copy y and subtract 1 at each row’s label.',
      'Softmax subtracts each row’s max before exp. For one sample (C,), use N = 1 (t.shape[0] would be C, the number of classes).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/losses', names: ['SoftmaxWithLoss'] }],
  reference: async () => ({ SoftmaxWithLoss: RefSoftmaxWithLoss }),
  solution: { file: 'packages/losses/src/softmax-with-loss.ts', symbol: 'SoftmaxWithLoss' },
  checks: [
    ...(['one-hot', 'index'] as const).flatMap((kind) => [
      {
        id: `forward-${kind}`,
        title: { ja: `forward が損失を返す（${kind === 'one-hot' ? 'one-hot ラベル' : 'インデックスのラベル'}）`, en: `forward returns the loss (${kind} labels)` },
        weight: 1,
        run({ SoftmaxWithLoss }: SoftmaxWithLossModule, ctx: CheckContext) {
          ctx.property(batches, ({ n, c, seed }) => {
            const { x, t } = setup(seed, n, c, kind)
            compare(ctx, SoftmaxWithLoss, x, t, 'loss')
          })
        },
      },
      {
        id: `backward-${kind}`,
        title: { ja: `backward が (y − t)/N を返す（${kind === 'one-hot' ? 'one-hot ラベル' : 'インデックスのラベル'}）`, en: `backward returns (y − t)/N (${kind} labels)` },
        weight: 2,
        run({ SoftmaxWithLoss }: SoftmaxWithLossModule, ctx: CheckContext) {
          ctx.property(batches, ({ n, c, seed }) => {
            const { x, t } = setup(seed, n, c, kind)
            compare(ctx, SoftmaxWithLoss, x, t, 'dx')
          })
        },
      },
    ]),
    {
      id: 'single-sample',
      title: { ja: 'バッチでない 1 サンプル (C,) の損失と dx', en: 'loss and dx of a single, non-batch sample (C,)' },
      weight: 1,
      run({ SoftmaxWithLoss }, ctx) {
        const x = randn(ctx.seed, [5], 2)
        for (const t of [oneHot(array([3]), 5).reshape(5), array([3])]) {
          compare(ctx, SoftmaxWithLoss, x, t, 'loss')
          compare(ctx, SoftmaxWithLoss, x, t, 'dx')
        }
      },
    },
    {
      id: 'large-logits',
      title: { ja: '入力が 1000 程度でも損失と dx が有限', en: 'finite loss and dx for logits of 1000' },
      weight: 1,
      run({ SoftmaxWithLoss }, ctx) {
        // exp(1000) is Infinity: without subtracting the max, softmax gives Infinity/Infinity = NaN.
        const x = randn(ctx.seed, [3, 4]).add(1000)
        const t = array([0, 3, 1])
        compare(ctx, SoftmaxWithLoss, x, t, 'loss')
        compare(ctx, SoftmaxWithLoss, x, t, 'dx')
      },
    },
    {
      id: 'gradient-check',
      title: { ja: '数値微分との一致', en: 'agrees with the numerical gradient' },
      weight: 1,
      run({ SoftmaxWithLoss }, ctx) {
        for (const kind of ['one-hot', 'index'] as const) {
          // Small logits keep every y above 1e-2: the 1e-7 inside the loss's log is not in (y − t)/N, and
          // the two differ by about 1e-7/y relatively (7e-4 for a label whose y is 1.4e-4).
          const { x, t } = setup(ctx.seed, 3, 4, kind, 0.5)
          const { dx } = run(SoftmaxWithLoss, x, t)
          ctx.expectGradient(`backward(1), t: ${labelText(t, x)}`, dx, () => new SoftmaxWithLoss().forward(x, t), x, 1e-4)
        }
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its arguments unchanged' },
      weight: 1,
      run({ SoftmaxWithLoss }, ctx) {
        for (const kind of ['one-hot', 'index'] as const) {
          const { x, t } = setup(ctx.seed, 3, 4, kind)
          const [x0, t0] = [x.copy(), t.copy()]
          run(SoftmaxWithLoss, x, t)
          ctx.expectUnchanged('x', x, x0)
          ctx.expectUnchanged(`t: ${labelText(t, x)}`, t, t0)
        }
      },
    },
  ],
  mutants: [
    {
      name: 'softmax without subtracting the max',
      module: () => {
        class SoftmaxWithLoss extends RefSoftmaxWithLoss {
          override forward(x: NDArray, t: NDArray): number {
            super.forward(x, t)
            const e = x.exp()
            this.y = e.div(e.sum(-1, true))
            this.loss = crossEntropyError(this.y, t)
            return this.loss
          }
        }
        return { SoftmaxWithLoss }
      },
      expect: { check: 'large-logits', contains: 'subtract each row’s max' },
    },
    {
      name: 'backward forgets to divide by the batch size',
      module: () => {
        class SoftmaxWithLoss extends RefSoftmaxWithLoss {
          override backward(dout = 1): NDArray {
            const n = this.y!.ndim === 2 ? this.y!.shape[0]! : 1
            return super.backward(dout).mul(n)
          }
        }
        return { SoftmaxWithLoss }
      },
      expect: { check: 'backward-one-hot', contains: 'divide by the batch size' },
    },
    {
      name: 'the book’s backward literally: batch_size = t.shape[0], which is C for one sample',
      module: () => {
        class SoftmaxWithLoss {
          private y: NDArray | null = null
          private t: NDArray | null = null
          forward(x: NDArray, t: NDArray): number {
            ;[this.y, this.t] = [softmax(x), t]
            return crossEntropyError(this.y, t)
          }
          backward(): NDArray {
            const [y, t] = [this.y!, this.t!]
            const batchSize = t.shape[0]!
            if (t.size === y.size) return y.sub(t).div(batchSize)
            const dx = y.reshape(-1, y.shape[y.ndim - 1]!).copy()
            t.flatten().data.forEach((label, i) => dx.set([i, label], dx.get(i, label) - 1))
            return dx.div(batchSize).reshape(y.shape)
          }
        }
        return { SoftmaxWithLoss }
      },
      expect: { check: 'single-sample', contains: 'not the batch size' },
    },
  ],
})
