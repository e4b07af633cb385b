import { NDArray, Rng, array, zeros } from '@dlfs/matrix'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { dims } from '../../grader/inputs.js'
import { wrongAxis } from '../../grader/diagnose.js'
import { annotate, callLearner, ignoringLibraryErrors, isBroadcastError, show } from './_check-helpers.js'
import { accuracy } from './reference/accuracy.js'

interface AccuracyModule {
  accuracy(y: NDArray, t: NDArray): number
}

const batches = dims({ n: [1, 8], c: [2, 6] })

const oneHot: Text = {
  en: 't is one-hot, shape (N, C): turn it into class indices with t.argmax(1) before comparing, as the book does when t.ndim != 1',
  ja: 't は one-hot 表現（形状 (N, C)）です。比べる前に t.argmax(1) でクラス番号に直してください（本書も t.ndim != 1 のときそうしています）',
}
const perSample: Text = {
  en: 'y.argmax(1) gives one predicted class per sample, shape (N,), which lines up with the labels t (N,)',
  ja: 'y.argmax(1) はサンプルごとに 1 つの予測クラス（形状 (N,)）を返し、正解ラベル t (N,) と要素ごとに比べられます',
}

/** Scores y (n, c) and labels t (n,), about half of them right, from one seed. */
function batch(seed: number, n: number, c: number): { y: NDArray; t: NDArray } {
  const rng = new Rng(seed)
  const y = rng.randn(n, c)
  const guess = y.argmax(1).data
  const t = rng.integers(0, c, n)
  const coin = rng.random(n).data
  for (let i = 0; i < n; i++) if (coin[i]! < 0.5) t.data[i] = guess[i]!
  return { y, t }
}

/** The (n, c) one-hot form of class indices t. */
function toOneHot(t: NDArray, c: number): NDArray {
  const out = zeros([t.size, c])
  t.data.forEach((k, i) => out.set([i, k], 1))
  return out
}

/** A value computed the wrong way, or null when that way cannot even run on these shapes. */
function attempt(f: () => number): number | null {
  try {
    return f()
  } catch {
    return null
  }
}

/** The likely mistake behind a wrong accuracy `got`, recomputing the typical ones on (y, t). */
function likelyAccuracy(got: number, y: NDArray, t: NDArray): Text | null {
  const n = y.shape[0]!
  const labels = t.ndim === 1 ? t : t.argmax(1)
  const correct = y.argmax(1).equal(labels).sum().item()
  const near = (v: number | null) => v !== null && Math.abs(got - v) < 1e-9
  if (t.ndim === 2 && near(attempt(() => y.argmax(1).equal(t).sum().item() / n))) return oneHot
  if (n > 1 && correct > 0 && near(correct)) {
    return { en: `you returned the number of correct answers (${correct}); divide by N = ${n}`, ja: `正解の個数（${correct}）を返しています。N = ${n} で割ってください` }
  }
  if (correct > 0 && near(correct / y.size)) {
    return { en: `you divided by y.size = N·C = ${y.size}; divide by N = y.shape[0] = ${n}`, ja: `y.size = N·C = ${y.size} で割っています。N = y.shape[0] = ${n} で割ってください` }
  }
  if (near(attempt(() => labels.equal(y.argmax()).sum().item() / n))) {
    return {
      en: 'argmax() without an axis returns one index into the flattened array; use y.argmax(1) for one class per sample',
      ja: '軸を指定しない argmax() は平らにした配列全体の 1 つの添字を返します。サンプルごとのクラスには y.argmax(1) を使います',
    }
  }
  if (near(attempt(() => y.argmax(0).equal(labels).sum().item() / n))) return wrongAxis(0, 1)
  return null
}

/** accuracy(y, t) must be a plain number equal to the reference's. */
function expectAccuracy(ctx: CheckContext, mod: AccuracyModule, y: NDArray, t: NDArray): void {
  const what = 'accuracy(y, t)'
  const got: unknown = callLearner(ctx, what, () => mod.accuracy(y, t), (e) => (isBroadcastError(e) ? (t.ndim === 2 ? oneHot : perSample) : null))
  if (got instanceof NDArray) {
    ctx.fail({
      what,
      message: {
        en: `${what} returned an NDArray of shape (${got.shape.join(',')}); return a plain number (call .item() on a one-element array)`,
        ja: `${what} が形状 (${got.shape.join(',')}) の NDArray を返しました。数値を返してください（要素 1 つの配列なら .item() を呼びます）`,
      },
    })
  }
  annotate(() => ({ input: `y = ${show(y)}, t = ${show(t)}` }), () => {
    ctx.expectNumberClose(what, got, accuracy(y, t), { rtol: 1e-9, likely: (g) => likelyAccuracy(g, y, t) })
  })
}

export default defineExercise<AccuracyModule>({
  id: '1.5.6-accuracy',
  chapter: 1,
  section: '§1.5.6',
  file: '01-matrix/04-accuracy/accuracy.ts',
  title: { ja: 'argmax による認識精度', en: 'Accuracy with argmax' },
  hints: {
    ja: [
      '各サンプルの予測クラスは、スコアがいちばん大きい列の番号です。それが正解ラベルと一致した割合が認識精度です。',
      'y.argmax(1) で形状 (N,) の予測クラスが得られます。equal で正解と比べ、sum で一致した個数を数えます。t が one-hot のときは t.argmax(1) で番号に直します。',
      'const labels = t.ndim !== 1 ? t.argmax(1) : t; return y.argmax(1).equal(labels).sum().item() / y.shape[0]',
    ],
    en: [
      "A sample's predicted class is the index of its highest score. The accuracy is the share of samples whose prediction equals the label.",
      'y.argmax(1) gives the predicted classes, shape (N,). Compare them with the labels using equal, and count the matches with sum. When t is one-hot, turn it into indices with t.argmax(1).',
      'const labels = t.ndim !== 1 ? t.argmax(1) : t; return y.argmax(1).equal(labels).sum().item() / y.shape[0]',
    ],
  },
  forbidden: [], // no package implements this: the reference lives in the grader, out of the learner's reach
  reference: () => import('./reference/accuracy.js'),
  solution: { file: 'apps/quiz/src/curriculum/ch01/reference/accuracy.ts', symbol: 'accuracy' },
  checks: [
    {
      id: 'index-labels',
      title: { ja: '正解ラベルがクラス番号 (N,) のとき', en: 'labels as class indices (N,)' },
      weight: 3,
      run(mod, ctx) {
        ctx.property(batches, ({ n, c, seed }) => {
          const { y, t } = batch(seed, n, c)
          expectAccuracy(ctx, mod, y, t)
        })
      },
    },
    {
      id: 'one-hot-labels',
      title: { ja: '正解ラベルが one-hot 表現 (N, C) のとき', en: 'one-hot labels (N, C)' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(batches, ({ n, c, seed }) => {
          const { y, t } = batch(seed, n, c)
          expectAccuracy(ctx, mod, y, toOneHot(t, c))
        })
      },
    },
    {
      id: 'edge-cases',
      title: { ja: '1 サンプル、全問正解、全問不正解', en: 'a single sample, all right, all wrong' },
      weight: 1,
      run(mod, ctx) {
        const y = array([[0.1, 0.8, 0.1], [0.6, 0.3, 0.1], [0.2, 0.2, 0.6]])
        const one = array([[0.1, 0.8, 0.1]])
        const cases: [NDArray, NDArray][] = [
          [one, array([1])], // a batch of one sample, right: 1
          [one, array([[0, 0, 1]])], // the same sample, one-hot and wrong: 0
          [y, array([1, 0, 2])], // all right: 1
          [y, array([0, 2, 1])], // all wrong: 0
          [array([[5], [-5]]), array([0, 0])], // one class only: every prediction is class 0
        ]
        for (const [yy, t] of cases) expectAccuracy(ctx, mod, yy, t)
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its arguments unchanged' },
      weight: 1,
      run(mod, ctx) {
        const { y, t } = batch(ctx.seed, 5, 3)
        const t1 = toOneHot(t, 3)
        const [y0, t0, t10] = [y.copy(), t.copy(), t1.copy()]
        ignoringLibraryErrors(() => mod.accuracy(y, t))
        ignoringLibraryErrors(() => mod.accuracy(y, t1))
        ctx.expectUnchanged('y', y, y0)
        ctx.expectUnchanged('t', t, t0)
        ctx.expectUnchanged('t (one-hot)', t1, t10)
      },
    },
  ],
  mutants: [
    {
      name: 'forgot to divide by N',
      module: () => ({ accuracy: (y: NDArray, t: NDArray) => accuracy(y, t) * y.shape[0]! }),
      expect: { check: 'index-labels', contains: 'divide by N' },
    },
    {
      name: 'one-hot labels compared as indices',
      module: () => ({ accuracy: (y: NDArray, t: NDArray) => y.argmax(1).equal(t).sum().item() / y.shape[0]! }),
      expect: { check: 'one-hot-labels', contains: 'one-hot' },
    },
    {
      name: 'argmax without an axis',
      module: () => ({ accuracy: (y: NDArray, t: NDArray) => t.equal(y.argmax()).sum().item() / y.shape[0]! }),
      expect: { check: 'index-labels', contains: 'y.argmax(1)' },
    },
  ],
})
