import { NDArray, formatShape, shapesEqual, zeros } from '@dlfs/matrix'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { wrongAxis } from '../../grader/diagnose.js'
import { annotate, callLearner, expectClose, ignoringLibraryErrors, sameValues, show } from './_check-helpers.js'

interface SumAxisModule {
  rowTotals(x: NDArray): NDArray
  columnTotals(x: NDArray): NDArray
}

const shapes = dims({ n: [1, 5], d: [1, 6] })

/**
 * The likely mistake behind a wrong total over `axis` of x (2-D): the other axis, kept dims, or every
 * element. Shapes are compared first, since most of these mistakes change the shape.
 */
function likelyTotal(got: unknown, x: NDArray, axis: 0 | 1): Text | null {
  if (!(got instanceof NDArray)) return null
  const other = (1 - axis) as 0 | 1
  const expected = x.sum(axis)
  if (!sameValues(expected, x.sum(other)) && sameValues(got, x.sum(other))) return wrongAxis(other, axis)
  if (shapesEqual(got.shape, x.sum(axis, true).shape) && !shapesEqual(got.shape, expected.shape)) {
    const kept = formatShape(got.shape)
    return {
      en: `the result has shape ${kept}, the kept-dims form: return ${formatShape(expected.shape)} (no keepdims here)`,
      ja: `結果の形状が keepdims した形 ${kept} です。${formatShape(expected.shape)} を返してください（ここでは keepdims は不要です）`,
    }
  }
  const total = x.sum().item()
  const isTotal = got.size === 1 && Math.abs(got.flatten().data[0]! - total) <= 1e-9 * (1 + Math.abs(total))
  if (isTotal && (x.size > 1 || !shapesEqual(got.shape, expected.shape))) {
    return { en: `you summed every element; sum over axis ${axis} only`, ja: `すべての要素を足しています。axis=${axis} だけで和を取ってください` }
  }
  return null
}

/** The learner's total over `axis` must match x.sum(axis). */
function expectTotal(ctx: CheckContext, mod: SumAxisModule, name: 'rowTotals' | 'columnTotals', x: NDArray): void {
  const axis = name === 'rowTotals' ? 1 : 0
  const what = `${name}(x)`
  const got = callLearner(ctx, what, () => mod[name](x))
  annotate(() => ({ likely: likelyTotal(got, x, axis) }), () => expectClose(ctx, what, got, x.sum(axis), [], { input: `x = ${show(x)}` }))
}

export default defineExercise<SumAxisModule>({
  id: '1.5.4-sum-axis',
  chapter: 1,
  section: '§1.5.4',
  file: '01-matrix/02-sum-axis/sum-axis.ts',
  title: { ja: '軸を指定した和', en: 'Sums over an axis' },
  hints: {
    ja: [
      '2 次元配列の axis=0 は行の番号（縦方向）、axis=1 は列の番号（横方向）です。和を取った軸は結果から消えます。',
      '形状 (N, D) の x について、x.sum(0) は形状 (D,)、x.sum(1) は形状 (N,) です。どちらが「各行の合計」でしょうか。',
      'rowTotals は x.sum(1)、columnTotals は x.sum(0) です（§5.6.2 の db = np.sum(dout, axis=0) は列ごとの合計です）。',
    ],
    en: [
      'In a 2-D array, axis 0 counts the rows (going down) and axis 1 the columns (going across). The axis you sum over disappears from the result.',
      'For x of shape (N, D), x.sum(0) has shape (D,) and x.sum(1) has shape (N,). Which one is "the total of each row"?',
      'rowTotals is x.sum(1) and columnTotals is x.sum(0) (db = np.sum(dout, axis=0) in §5.6.2 is a total per column).',
    ],
  },
  forbidden: [], // no package implements this: the reference lives in the grader, out of the learner's reach
  reference: () => import('./reference/sum-axis.js'),
  solution: { file: 'apps/quiz/src/curriculum/ch01/reference/sum-axis.ts' },
  checks: [
    {
      id: 'row-totals',
      title: { ja: 'rowTotals が各行の合計 (N,) を返す', en: 'rowTotals returns the total of each row, (N,)' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(shapes, ({ n, d, seed }) => expectTotal(ctx, mod, 'rowTotals', randn(seed, [n, d])))
      },
    },
    {
      id: 'column-totals',
      title: { ja: 'columnTotals が各列の合計 (D,) を返す', en: 'columnTotals returns the total of each column, (D,)' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(shapes, ({ n, d, seed }) => expectTotal(ctx, mod, 'columnTotals', randn(seed, [n, d])))
      },
    },
    {
      id: 'edge-shapes',
      title: { ja: '1 行・1 列・空の配列', en: 'one row, one column, and empty arrays' },
      weight: 1,
      run(mod, ctx) {
        // A sum over nothing is 0: a (0, 3) batch has column totals [0, 0, 0] and no row totals.
        const xs = [randn(ctx.seed, [1, 1]), randn(ctx.seed, [1, 4]), randn(ctx.seed, [4, 1]), zeros([0, 3]), zeros([3, 0])]
        for (const x of xs) {
          expectTotal(ctx, mod, 'rowTotals', x)
          expectTotal(ctx, mod, 'columnTotals', x)
        }
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its argument unchanged' },
      weight: 1,
      run(mod, ctx) {
        const x = randn(ctx.seed, [3, 4])
        const x0 = x.copy()
        ignoringLibraryErrors(() => mod.rowTotals(x))
        ctx.expectUnchanged('x', x, x0)
        ignoringLibraryErrors(() => mod.columnTotals(x))
        ctx.expectUnchanged('x', x, x0)
      },
    },
  ],
  mutants: [
    {
      name: 'columnTotals over axis 1',
      module: async () => ({ ...(await import('./reference/sum-axis.js')), columnTotals: (x: NDArray) => x.sum(1) }),
      expect: { check: 'column-totals', contains: 'summed over axis 1' },
    },
    {
      name: 'rowTotals with keepdims',
      module: async () => ({ ...(await import('./reference/sum-axis.js')), rowTotals: (x: NDArray) => x.sum(1, true) }),
      expect: { check: 'row-totals', contains: 'no keepdims' },
    },
    {
      name: 'rowTotals that sums everything',
      module: async () => ({ ...(await import('./reference/sum-axis.js')), rowTotals: (x: NDArray) => x.sum() }),
      expect: { check: 'row-totals', contains: 'summed every element' },
    },
  ],
})
