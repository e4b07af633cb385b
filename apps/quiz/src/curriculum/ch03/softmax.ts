import { array, ones, zeros, type NDArray } from '@dlfs/matrix'
import { softmax } from '@dlfs/losses'
import { defineExercise, type CheckContext, type Diagnoser, type Text } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { overflow } from '../../grader/diagnose.js'
import { callLearner, expectClose, ignoringLibraryErrors, isBroadcastError, looksLike, show } from '../ch01/_check-helpers.js'

interface SoftmaxModule {
  softmax(x: NDArray): NDArray
}

const keepdims: Text = {
  en: 'a per-row statistic (the max or the sum over axis -1) has shape (N,), which lines up with the last axis, not with the rows: keep the axis, x.max(-1, true) and e.sum(-1, true), shape (N, 1)',
  ja: '行ごとの値（axis=-1 の最大値や和）の形状は (N,) で、行ではなく最後の軸にそろってしまいます。x.max(-1, true)、e.sum(-1, true) のように軸を残し、形状 (N, 1) にしてください',
}
const wholeSum: Text = {
  en: 'each row must sum to 1, but you divided by the sum over the whole batch: sum over the last axis only, e.sum(-1, true)',
  ja: '各行の和が 1 になるはずですが、バッチ全体の和で割っています。最後の軸だけで和を取ってください（e.sum(-1, true)）',
}
const wholeMax: Text = {
  en: "you subtracted the max of the whole batch: a row far below it underflows to 0 / 0 = NaN. Subtract each row's own max, x.max(-1, true)",
  ja: 'バッチ全体の最大値を引いています。それより大きく下回る行は exp が 0 になり、0 / 0 = NaN になります。各行の最大値 x.max(-1, true) を引いてください',
}

/** Typical mistakes, recomputed on x: the book's 1-D code applied to a batch, no keepdims, the other axis. */
function mistakes(x: NDArray): Diagnoser[] {
  const globalMax = () => x.sub(x.max()).exp()
  // Without keepdims, (N, C) − (N,) still broadcasts when C = N (to wrong values) or C = 1 (to (N, N)).
  const noKeepdims = () => x.sub(x.max(-1)).exp()
  const sumNoKeepdims = () => x.sub(x.max(-1, true)).exp()
  return [
    looksLike(() => noKeepdims().div(noKeepdims().sum(-1)), keepdims),
    looksLike(() => sumNoKeepdims().div(sumNoKeepdims().sum(-1)), keepdims),
    looksLike(() => (x.ndim === 2 ? globalMax().div(globalMax().sum(-1, true)) : null), wholeMax),
    overflow,
    looksLike(() => (x.ndim === 2 ? globalMax().div(globalMax().sum()) : null), wholeSum),
    looksLike(() => (x.ndim === 2 ? x.sub(x.max(0, true)).exp().div(x.sub(x.max(0, true)).exp().sum(0, true)) : null), {
      en: 'each column sums to 1 instead of each row: normalise along the last axis (axis -1), one row per sample',
      ja: '各行ではなく各列の和が 1 になっています。最後の軸（axis=-1）に沿って正規化します。1 行が 1 つのサンプルです',
    }),
    looksLike(() => x.exp(), { en: 'the exponentials are not divided by their sum', ja: 'exp の値を、その和で割っていません' }),
  ]
}

/** softmax(x) must equal the reference's. */
function expectSoftmax(ctx: CheckContext, mod: SoftmaxModule, x: NDArray): void {
  const got = callLearner(ctx, 'softmax(x)', () => mod.softmax(x), (e) => (isBroadcastError(e) ? keepdims : null))
  expectClose(ctx, 'softmax(x)', got, softmax(x), mistakes(x), { input: `x = ${show(x)}` })
}

export default defineExercise<SoftmaxModule>({
  id: '3.5.2-softmax',
  chapter: 3,
  section: '§3.5.2',
  file: '03-neural-network/05-softmax/softmax.ts',
  title: { ja: 'ソフトマックス関数（オーバーフロー対策）', en: 'The softmax function (overflow-safe)' },
  hints: {
    ja: [
      'ソフトマックス関数は exp(a_k) / Σ exp(a_i) です（式 3.10）。ただし exp(1000) は Infinity になり、Infinity / Infinity は NaN です。',
      '入力から定数を引いても結果は変わりません（式 3.11）。行ごとの最大値を引いてから exp を取れば、オーバーフローしません。バッチ (N, C) では最大値も和も行ごとに（最後の軸で）取ります。',
      'const e = x.sub(x.max(-1, true)).exp(); return e.div(e.sum(-1, true))（keepdims の true で、行ごとの値が (N, 1) になり各行に正しくブロードキャストされます）。',
    ],
    en: [
      'Softmax is exp(a_k) / Σ exp(a_i) (equation 3.10). But exp(1000) is Infinity, and Infinity / Infinity is NaN.',
      'Subtracting a constant from the inputs leaves the result unchanged (equation 3.11): subtract the max before exp and nothing overflows. For a batch (N, C), take the max and the sum per row (over the last axis).',
      'const e = x.sub(x.max(-1, true)).exp(); return e.div(e.sum(-1, true)) (keepdims = true makes the per-row values (N, 1), so they broadcast along each row).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/losses', names: ['softmax', 'SoftmaxWithLoss'] }],
  reference: async () => ({ softmax: (await import('@dlfs/losses')).softmax }),
  solution: { file: 'packages/losses/src/softmax.ts', symbol: 'softmax' },
  checks: [
    {
      id: 'vector',
      title: { ja: '1 次元の入力 (C,)', en: 'a 1-D input (C,)' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(dims({ c: [1, 8] }), ({ c, seed }) => expectSoftmax(ctx, mod, randn(seed, [c], 3)))
      },
    },
    {
      id: 'batch',
      title: { ja: 'バッチの入力 (N, C) を行ごとに', en: 'a batch (N, C), row by row' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(dims({ n: [1, 5], c: [1, 6] }), ({ n, c, seed }) => expectSoftmax(ctx, mod, randn(seed, [n, c], 3)))
      },
    },
    {
      id: 'large-logits',
      title: { ja: '1000 や −1000 でもオーバーフローしない', en: 'no overflow for logits of 1000 and −1000' },
      weight: 2,
      run(mod, ctx) {
        const xs = [
          array([1010, 1000, 990]), // the book's example: [9.99954600e-01, 4.53978686e-05, 2.06106005e-09]
          array([-1000, -1000, -1001]), // exp underflows to 0 without the max: 0 / 0
          array([[1000, 1001, 1002], [-1002, -1001, -1000]]), // rows far apart: each needs its own max
        ]
        for (const x of xs) expectSoftmax(ctx, mod, x)
      },
    },
    {
      id: 'rows-sum-to-one',
      title: { ja: '各行の和が 1', en: 'each row sums to 1' },
      weight: 1,
      run(mod, ctx) {
        ctx.property(dims({ n: [1, 5], c: [1, 6] }), ({ n, c, seed }) => {
          const x = randn(seed, [n, c], 30)
          const got = callLearner(ctx, 'softmax(x)', () => mod.softmax(x), (e) => (isBroadcastError(e) ? keepdims : null))
          ctx.expectShape('softmax(x)', got, [n, c])
          expectClose(ctx, 'softmax(x).sum(-1)', got.sum(-1), ones([n]), [], { input: `x = ${show(x)}` })
        })
      },
    },
    {
      id: 'edge-shapes',
      title: { ja: '1 クラス・1 サンプル・空のバッチ', en: 'one class, one sample, an empty batch' },
      weight: 1,
      run(mod, ctx) {
        // An empty batch (0, C) gives an empty result, as the book's batched softmax does in NumPy.
        for (const x of [array([3.5]), array([[0.3, 2.9, 4.0]]), array([[2], [-7]]), zeros([0, 3])]) expectSoftmax(ctx, mod, x)
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its argument unchanged' },
      weight: 1,
      run(mod, ctx) {
        for (const x of [randn(ctx.seed, [4]), randn(ctx.seed, [3, 4])]) {
          const x0 = x.copy()
          ignoringLibraryErrors(() => mod.softmax(x))
          ctx.expectUnchanged('x', x, x0)
        }
      },
    },
  ],
  mutants: [
    {
      name: 'no max subtraction',
      module: () => ({ softmax: (x: NDArray) => x.exp().div(x.exp().sum(-1, true)) }),
      expect: { check: 'large-logits', contains: 'subtract the max first' },
    },
    {
      name: "the book's 1-D code on a batch (sums the whole batch)",
      module: () => ({
        softmax: (x: NDArray) => {
          const e = x.sub(x.max()).exp()
          return e.div(e.sum())
        },
      }),
      expect: { check: 'batch', contains: 'each row must sum to 1' },
    },
    {
      name: 'the max of the whole batch',
      module: () => ({
        softmax: (x: NDArray) => {
          const e = x.sub(x.max()).exp()
          return e.div(e.sum(-1, true))
        },
      }),
      expect: { check: 'large-logits', contains: "each row's own max" },
    },
    {
      name: 'no keepdims',
      module: () => ({
        softmax: (x: NDArray) => {
          const e = x.sub(x.max(-1)).exp()
          return e.div(e.sum(-1))
        },
      }),
      expect: { check: 'batch', contains: 'keep the axis' },
    },
    {
      name: 'subtracts the max in place',
      module: () => ({
        softmax: (x: NDArray) => {
          const e = x.subInPlace(x.max(-1, true)).exp()
          return e.div(e.sum(-1, true))
        },
      }),
      expect: { check: 'inputs-unchanged', contains: 'in place' },
    },
  ],
})
