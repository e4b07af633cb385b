import type { NDArray } from '@dlfs/matrix'
import { defineExercise, type Text } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { annotate, callLearner, expectClose, ignoringLibraryErrors, isBroadcastError, looksLike, show } from './_check-helpers.js'

interface BroadcastModule {
  addBias(x: NDArray, b: NDArray): NDArray
  centerColumns(x: NDArray): NDArray
  centerRows(x: NDArray): NDArray
}

const shapes = dims({ n: [1, 5], d: [1, 6] })

const keepdims: Text = {
  en: 'x.mean(1) has shape (N,), and broadcasting lines it up with the LAST axis (D), not with the rows: keep the reduced axis with x.mean(1, true) (numpy keepdims=True), shape (N, 1)',
  ja: 'x.mean(1) の形状は (N,) で、ブロードキャストでは行ではなく最後の軸（D）にそろえられます。x.mean(1, true)（numpy の keepdims=True）で軸を残し、形状 (N, 1) にしてください',
}
const rowMeans: Text = {
  en: "you subtracted each row's mean (axis 1); centring the columns uses the mean over axis 0",
  ja: '各行の平均（axis=1）を引いています。列の中心化には axis=0 の平均を使います',
}
const columnMeans: Text = {
  en: "you subtracted each column's mean (axis 0); centring the rows uses the mean over axis 1",
  ja: '各列の平均（axis=0）を引いています。行の中心化には axis=1 の平均を使います',
}
const wholeMean: Text = {
  en: 'you subtracted the mean of the whole array: pass the axis to mean()',
  ja: '配列全体の平均を引いています。mean() に軸を指定してください',
}

/** x: (n, d) and b: (d,) from one seed, so a failure repeats. */
function setup(seed: number, n: number, d: number) {
  return { x: randn(seed, [n, d]), b: randn(seed + 1, [d]) }
}

export default defineExercise<BroadcastModule>({
  id: '1.5.5-broadcast',
  chapter: 1,
  section: '§1.5.5',
  file: '01-matrix/03-broadcast/broadcast.ts',
  title: { ja: 'ブロードキャスト', en: 'Broadcasting' },
  hints: {
    ja: [
      '形状の違う配列どうしの演算では、形状を右端（最後の軸）からそろえて比べます。大きさ 1 の軸と、存在しない軸は引き伸ばされます。',
      'b の形状 (M,) は x の形状 (N, M) の最後の軸にそろうので、x.add(b) だけで各行に b が足されます。x.mean(0) の形状 (D,) も同様です。',
      '行ごとの平均 x.mean(1) は形状 (N,) なので、そのままでは最後の軸 D にそろってしまいます。x.sub(x.mean(1, true)) のように keepdims で (N, 1) にします。',
    ],
    en: [
      'When two arrays of different shapes meet, their shapes are compared from the right (the last axis). Axes of size 1, and missing axes, are stretched.',
      'b of shape (M,) lines up with the last axis of x (N, M), so x.add(b) alone adds b to every row. x.mean(0), shape (D,), lines up the same way.',
      'The row means x.mean(1) have shape (N,), which would line up with the last axis D. Keep the axis: x.sub(x.mean(1, true)), shape (N, 1).',
    ],
  },
  forbidden: [], // no package implements this: the reference lives in the grader, out of the learner's reach
  reference: () => import('./reference/broadcast.js'),
  solution: { file: 'apps/quiz/src/curriculum/ch01/reference/broadcast.ts' },
  checks: [
    {
      id: 'add-bias',
      title: { ja: 'addBias が各行に b を足す', en: 'addBias adds b to every row' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(shapes, ({ n, d, seed }) => {
          const { x, b } = setup(seed, n, d)
          const got = callLearner(ctx, 'addBias(x, b)', () => mod.addBias(x, b))
          const input = `x = ${show(x)}, b = ${show(b)}`
          expectClose(ctx, 'addBias(x, b)', got, x.add(b), [
            looksLike(() => x.sub(b), { en: 'you subtracted b instead of adding it', ja: 'b を足すところで引いています' }),
            looksLike(() => x.add(b.reshape(d, 1)), {
              en: 'b went down the columns: b[j] belongs to every x[i, j] (one bias per column)',
              ja: 'b が列方向に足されています。b[j] はすべての行の x[i, j] に足します（列ごとに 1 つのバイアス）',
            }),
          ], { input })
        })
      },
    },
    {
      id: 'center-columns',
      title: { ja: 'centerColumns が各列から列の平均を引く', en: "centerColumns subtracts each column's mean" },
      weight: 1,
      run(mod, ctx) {
        ctx.property(shapes, ({ n, d, seed }) => {
          const { x } = setup(seed, n, d)
          const got = callLearner(ctx, 'centerColumns(x)', () => mod.centerColumns(x))
          expectClose(ctx, 'centerColumns(x)', got, x.sub(x.mean(0)), [
            looksLike(() => x.sub(x.mean(1, true)), rowMeans),
            looksLike(() => x.sub(x.mean()), wholeMean),
          ], { input: `x = ${show(x)}` })
        })
      },
    },
    {
      id: 'center-rows',
      title: { ja: 'centerRows が各行から行の平均を引く（keepdims）', en: "centerRows subtracts each row's mean (keepdims)" },
      weight: 2,
      run(mod, ctx) {
        ctx.property(shapes, ({ n, d, seed }) => {
          const { x } = setup(seed, n, d)
          const got = callLearner(ctx, 'centerRows(x)', () => mod.centerRows(x), (e) => (isBroadcastError(e) ? keepdims : null))
          expectClose(ctx, 'centerRows(x)', got, x.sub(x.mean(1, true)), [
            // Without keepdims, (N, D) − (N,) still broadcasts when D = N (to wrong values) or D = 1 (to (N, N)).
            looksLike(() => x.sub(x.mean(1)), keepdims),
            looksLike(() => x.sub(x.mean(0)), columnMeans),
            looksLike(() => x.sub(x.mean()), wholeMean),
          ], { input: `x = ${show(x)}` })
        })
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its arguments unchanged' },
      weight: 1,
      run(mod, ctx) {
        const { x, b } = setup(ctx.seed, 3, 4)
        const [x0, b0] = [x.copy(), b.copy()]
        annotate(() => ({ input: 'addBias(x, b)' }), () => {
          ignoringLibraryErrors(() => mod.addBias(x, b))
          ctx.expectUnchanged('x', x, x0)
          ctx.expectUnchanged('b', b, b0)
        })
        annotate(() => ({ input: 'centerColumns(x)' }), () => {
          ignoringLibraryErrors(() => mod.centerColumns(x))
          ctx.expectUnchanged('x', x, x0)
        })
        annotate(() => ({ input: 'centerRows(x)' }), () => {
          ignoringLibraryErrors(() => mod.centerRows(x))
          ctx.expectUnchanged('x', x, x0)
        })
      },
    },
  ],
  mutants: [
    {
      name: 'centerRows without keepdims',
      module: async () => ({ ...(await import('./reference/broadcast.js')), centerRows: (x: NDArray) => x.sub(x.mean(1)) }),
      expect: { check: 'center-rows', contains: 'keepdims' },
    },
    {
      name: 'centerRows over the wrong axis',
      module: async () => ({ ...(await import('./reference/broadcast.js')), centerRows: (x: NDArray) => x.sub(x.mean(0)) }),
      expect: { check: 'center-rows', contains: "each column's mean (axis 0)" },
    },
    {
      name: 'addBias that subtracts',
      module: async () => ({ ...(await import('./reference/broadcast.js')), addBias: (x: NDArray, b: NDArray) => x.sub(b) }),
      expect: { check: 'add-bias', contains: 'subtracted b' },
    },
    {
      name: 'centerColumns that subtracts in place',
      module: async () => ({
        ...(await import('./reference/broadcast.js')),
        centerColumns: (x: NDArray) => x.subInPlace(x.mean(0)),
      }),
      expect: { check: 'inputs-unchanged', contains: 'in place' },
    },
  ],
})
