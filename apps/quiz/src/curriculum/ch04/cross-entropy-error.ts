import { array, type NDArray } from '@dlfs/matrix'
import { crossEntropyError, softmax } from '@dlfs/losses'
import { defineExercise, type Text } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { expectScalar, near } from './_scalar.js'
import { labels as randomLabels, oneHot } from '../ch05/_support.js'

interface CrossEntropyErrorModule {
  crossEntropyError(y: NDArray, t: NDArray): number
}

// The book's example (§4.2.2): the correct class is 2.
const t2 = array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
const yRight = array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
const yWrong = array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])

const batches = dims({ n: [1, 6], c: [2, 6] })

/** A batch of softmax outputs (n, c) and its labels (n,): the shapes the book's mini-batch version takes. */
function batch(seed: number, n: number, c: number) {
  return { y: softmax(randn(seed, [n, c], 2)), labels: randomLabels(seed + 1, n, c) }
}

/** The loss without the book's delta: −mean log y[n, tₙ]. y: (N, C); labels: (N,). */
function withoutDelta(y: NDArray, labels: NDArray): number {
  let total = 0
  for (let i = 0; i < labels.size; i++) total += Math.log(y.get(i, labels.get(i)))
  return -total / labels.size
}

/** Names the usual slips, from the batch size n, the number of classes c and the loss without delta. */
function likely(expected: number, n: number, c: number, noDelta?: number) {
  return (got: number): Text | null => {
    if (noDelta !== undefined && near(got, noDelta, 1e-9)) {
      return {
        en: "this is the loss without delta: add the book's delta = 1e-7 inside the log, log(y + 1e-7) (book §4.2.2)",
        ja: 'delta を足していない値です。本書と同じく log の中に delta = 1e-7 を足して log(y + 1e-7) とします（本書 §4.2.2）',
      }
    }
    if (n > 1 && near(got, n * expected)) {
      return {
        en: `the loss is ${n}× too large: did you forget to divide by the batch size N = ${n}?`,
        ja: `損失がちょうど ${n} 倍です。バッチサイズ N = ${n} で割り忘れていませんか？`,
      }
    }
    if (near(got, expected / c)) {
      return n === 1
        ? {
            en: `the loss is 1/${c} of the answer: a 1-D y is ONE sample, so N = 1; reshape y (and t) to a batch of one, (1, ${c}), as the book does`,
            ja: `損失が答えの 1/${c} です。1 次元の y は 1 サンプルなので N = 1 です。本書と同様に y（と t）を形状 (1, ${c}) のバッチにしてください`,
          }
        : {
            en: `the loss is 1/${c} of the answer: divide by the batch size N = ${n}, not by N·C (a mean over every element)`,
            ja: `損失が答えの 1/${c} です。割るのはバッチサイズ N = ${n} で、全要素数 N·C ではありません（全要素の平均になっています）`,
          }
    }
    if (near(got, -expected)) return { en: 'the sign is flipped: the loss is −Σ t·log y', ja: '符号が逆です。損失は −Σ t·log y です' }
    return null
  }
}

/** What a zero probability at the label gives: −log(0 + 1e-7) is finite; without delta it is Infinity. */
function likelyAtZero(got: number): Text | null {
  if (got === Infinity || Number.isNaN(got)) {
    return {
      en: `got ${got}: log(0) is −Infinity${Number.isNaN(got) ? ' (and 0·log 0 is NaN)' : ''}; add a tiny delta inside the log, log(y + 1e-7) (book §4.2.2)`,
      ja: `${got} になりました。log(0) は −Infinity です${Number.isNaN(got) ? '（0·log 0 は NaN）' : ''}。log の中に微小な値 delta を足して log(y + 1e-7) とします（本書 §4.2.2）`,
    }
  }
  return { en: 'use the book\'s delta = 1e-7 inside the log: log(y + 1e-7)', ja: 'log の中に足す delta は本書と同じ 1e-7 にしてください：log(y + 1e-7)' }
}

export default defineExercise<CrossEntropyErrorModule>({
  id: '4.2.4-cross-entropy-error',
  chapter: 4,
  section: '§4.2.4',
  file: '04-learning/02-cross-entropy-error/cross-entropy-error.ts',
  title: { ja: '交差エントロピー誤差（ミニバッチ対応版）', en: 'Cross-entropy error, batch version' },
  hints: {
    ja: [
      '正解クラスの確率 y だけが損失に効きます。その −log を、バッチの全サンプルで平均します。',
      'y が 1 次元なら形状 (1, C) のバッチにします。t が y と同じ要素数なら one-hot なので、各行の argmax でクラス番号に直します。log(0) を避けるため delta = 1e-7 を足します。',
      'N = y.shape[0] として、各 i について Math.log(y.get(i, label_i) + 1e-7) を足し合わせ、最後に −1/N を掛けます。',
    ],
    en: [
      "Only the probability y of the correct class counts. Average its −log over the samples of the batch.",
      'A 1-D y becomes a batch (1, C). If t has as many elements as y it is one-hot: turn each row into its class with argmax. Add delta = 1e-7 to avoid log(0).',
      'With N = y.shape[0], add up Math.log(y.get(i, label_i) + 1e-7) over i, then multiply by −1/N.',
    ],
  },
  forbidden: [{ specifier: '@dlfs/losses', names: ['crossEntropyError', 'SoftmaxWithLoss'] }],
  reference: async () => ({ crossEntropyError: (await import('@dlfs/losses')).crossEntropyError }),
  solution: { file: 'packages/losses/src/cross-entropy-error.ts', symbol: 'crossEntropyError' },
  checks: [
    {
      id: 'book-example',
      title: { ja: '本書の例（0.5108 と 2.3026）', en: "the book's example (0.5108 and 2.3026)" },
      weight: 1,
      run({ crossEntropyError: cee }, ctx) {
        const [right, wrong] = [crossEntropyError(yRight, t2), crossEntropyError(yWrong, t2)]
        expectScalar(ctx, 'crossEntropyError(y, t) with y[2] = 0.6', cee(yRight, t2), right, { likely: likely(right, 1, 10) })
        expectScalar(ctx, 'crossEntropyError(y, t) with y[2] = 0.1', cee(yWrong, t2), wrong, { likely: likely(wrong, 1, 10) })
      },
    },
    {
      id: 'batch-one-hot',
      title: { ja: 'バッチ、one-hot 表現のラベル', en: 'a batch with one-hot labels' },
      weight: 2,
      run({ crossEntropyError: cee }, ctx) {
        ctx.property(batches, ({ n, c, seed }) => {
          const { y, labels } = batch(seed, n, c)
          const t = oneHot(labels, c)
          const expected = crossEntropyError(y, t)
          expectScalar(ctx, `crossEntropyError(y, t) with y (${n},${c}), one-hot t (${n},${c})`, cee(y, t), expected, { likely: likely(expected, n, c, withoutDelta(y, labels)) })
        })
      },
    },
    {
      id: 'batch-index-labels',
      title: { ja: 'バッチ、クラス番号のラベル', en: 'a batch with class-index labels' },
      weight: 2,
      run({ crossEntropyError: cee }, ctx) {
        ctx.property(batches, ({ n, c, seed }) => {
          const { y, labels } = batch(seed, n, c)
          const expected = crossEntropyError(y, labels)
          expectScalar(ctx, `crossEntropyError(y, t) with y (${n},${c}), labels t (${n},)`, cee(y, labels), expected, { likely: likely(expected, n, c, withoutDelta(y, labels)) })
        })
      },
    },
    {
      id: 'single-sample',
      title: { ja: '1 サンプル（1 次元の y）', en: 'one sample (a 1-D y)' },
      weight: 1,
      run({ crossEntropyError: cee }, ctx) {
        ctx.property(dims({ c: [2, 6] }), ({ c, seed }) => {
          const { y, labels } = batch(seed, 1, c)
          const y1 = y.reshape(c) // (C,)
          const expected = crossEntropyError(y1, labels)
          const noDelta = withoutDelta(y, labels)
          const what = `crossEntropyError(y, t) with y (${c},)`
          expectScalar(ctx, `${what}, one-hot t (${c},)`, cee(y1, oneHot(labels, c).reshape(c)), expected, { likely: likely(expected, 1, c, noDelta) })
          expectScalar(ctx, `${what}, label t = array([${labels.get(0)}])`, cee(y1, labels), expected, { likely: likely(expected, 1, c, noDelta) })
        })
      },
    },
    {
      id: 'zero-probability',
      title: { ja: '確率 0 でも有限の値（delta = 1e-7）', en: 'a zero probability gives a finite loss (delta = 1e-7)' },
      weight: 1,
      run({ crossEntropyError: cee }, ctx) {
        const y = array([0, 0.9, 0.1])
        const t = array([1, 0, 0])
        expectScalar(ctx, 'crossEntropyError(y, t) with y = [0, 0.9, 0.1], t = [1, 0, 0]', cee(y, t), crossEntropyError(y, t), { likely: likelyAtZero })
        const yb = array([[0, 0.9, 0.1], [0.2, 0.8, 0]])
        const tb = array([0, 1])
        expectScalar(ctx, 'crossEntropyError(y, t) with y = [[0, 0.9, 0.1], [0.2, 0.8, 0]], t = [0, 1]', cee(yb, tb), crossEntropyError(yb, tb), { likely: likelyAtZero })
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its arguments unchanged' },
      weight: 1,
      run({ crossEntropyError: cee }, ctx) {
        const { y, labels } = batch(ctx.seed, 4, 3)
        const t = oneHot(labels, 3)
        const [y0, t0, l0] = [y.copy(), t.copy(), labels.copy()]
        cee(y, t)
        cee(y, labels)
        ctx.expectUnchanged('y', y, y0)
        ctx.expectUnchanged('t (one-hot)', t, t0)
        ctx.expectUnchanged('t (class indices)', labels, l0)
      },
    },
  ],
  mutants: [
    {
      name: 'forgot to divide by N',
      module: () => ({ crossEntropyError: (y: NDArray, t: NDArray) => crossEntropyError(y, t) * (y.ndim === 2 ? y.shape[0]! : 1) }),
      expect: { check: 'batch-one-hot', contains: 'divide by the batch size' },
    },
    {
      name: 'no delta in the log',
      module: () => ({
        crossEntropyError(y: NDArray, t: NDArray) {
          const y2 = y.ndim === 1 ? y.reshape(1, y.size) : y
          const n = y2.shape[0]!
          const labels = t.size === y.size ? t.reshape(n, -1).argmax(1) : t.reshape(n)
          let total = 0
          for (let i = 0; i < n; i++) total += Math.log(y2.get(i, labels.get(i)))
          return -total / n
        },
      }),
      expect: { check: 'zero-probability', contains: 'delta' },
    },
  ],
})
