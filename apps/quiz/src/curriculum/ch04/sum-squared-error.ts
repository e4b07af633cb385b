import { array, formatShape, type NDArray } from '@dlfs/matrix'
import { sumSquaredError } from '@dlfs/losses'
import { defineExercise, type Text } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { expectScalar, near } from './_scalar.js'

interface SumSquaredErrorModule {
  sumSquaredError(y: NDArray, t: NDArray): number
}

// The book's example (§4.2.1): the network's output y, and t with the correct class 2 one-hot.
const t2 = array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
const yRight = array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
const yWrong = array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])

/** Any rank 1–3; the book applies the same formula to one sample and to a batch. */
const shapes = dims({ rank: [1, 3], a: [1, 5], b: [1, 4], c: [1, 3] })

/** Names the usual slips, from what came back compared with ½Σ(y − t)². */
function likely(y: NDArray, t: NDArray, expected: number) {
  const d = y.sub(t)
  return (got: number): Text | null => {
    if (near(got, 2 * expected)) {
      return { en: 'the value is 2× too large: the formula has a ½ in front, E = ½ Σ (y − t)²', ja: '値がちょうど 2 倍です。式の先頭に ½ があります：E = ½ Σ (y − t)²' }
    }
    if (near(got, (2 * expected) / y.size) || near(got, expected / y.size)) {
      return {
        en: `you took the mean over the ${y.size} elements; the book's sum of squared errors sums them (no division)`,
        ja: `${y.size} 個の要素で平均を取っています。本書の 2乗和誤差は足し合わせるだけで、割り算はしません`,
      }
    }
    if (near(got, 0.5 * d.sum().item()) || near(got, 0.5 * d.abs().sum().item())) {
      return { en: 'the differences (y − t) are not squared', ja: '差 (y − t) を 2乗していません' }
    }
    if (near(got, -expected)) return { en: 'the sign is flipped: the error is never negative', ja: '符号が逆です。2乗和誤差は負になりません' }
    return null
  }
}

export default defineExercise<SumSquaredErrorModule>({
  id: '4.2.1-sum-squared-error',
  chapter: 4,
  section: '§4.2.1',
  file: '04-learning/01-sum-squared-error/sum-squared-error.ts',
  title: { ja: '2乗和誤差', en: 'Sum of squared errors' },
  hints: {
    ja: [
      '損失関数は、ニューラルネットワークの出力 y と正解 t の「ずれ」を 1 つの数値で表します。式 (4.1) をそのまま書きます。',
      '差 y − t を要素ごとに 2乗して、すべて足し合わせ、最後に 0.5 を掛けます。y と t は同じ形状です。',
      'const d = y.sub(t); return 0.5 * d.mul(d).sum().item()。sum() は 0 次元の配列を返すので、.item() で数値にします。',
    ],
    en: [
      'A loss function measures, as one number, how far the output y is from the answer t. Write equation (4.1) as it stands.',
      'Square the difference y − t element by element, add everything up, and multiply by 0.5. y and t have the same shape.',
      'const d = y.sub(t); return 0.5 * d.mul(d).sum().item(). sum() returns a 0-d array; .item() turns it into a number.',
    ],
  },
  forbidden: [{ specifier: '@dlfs/losses', names: ['sumSquaredError'] }],
  reference: async () => ({ sumSquaredError: (await import('@dlfs/losses')).sumSquaredError }),
  solution: { file: 'packages/losses/src/sum-squared-error.ts', symbol: 'sumSquaredError' },
  checks: [
    {
      id: 'book-example',
      title: { ja: '本書の例（0.0975 と 0.5975）', en: "the book's example (0.0975 and 0.5975)" },
      weight: 1,
      run({ sumSquaredError: sse }, ctx) {
        expectScalar(ctx, 'sumSquaredError(y, t) with y[2] = 0.6', sse(yRight, t2), 0.0975, { likely: likely(yRight, t2, 0.0975) })
        expectScalar(ctx, 'sumSquaredError(y, t) with y[7] = 0.6', sse(yWrong, t2), 0.5975, { likely: likely(yWrong, t2, 0.5975) })
      },
    },
    {
      id: 'any-shape',
      title: { ja: '任意の形状（1 サンプルとバッチ）', en: 'any shape (one sample and a batch)' },
      weight: 2,
      run({ sumSquaredError: sse }, ctx) {
        ctx.property(shapes, ({ rank, a, b, c, seed }) => {
          const shape = [a, b, c].slice(0, rank)
          const y = randn(seed, shape)
          const t = randn(seed + 1, shape)
          const expected = sumSquaredError(y, t)
          expectScalar(ctx, `sumSquaredError(y, t) for shape ${formatShape(shape)}`, sse(y, t), expected, { likely: likely(y, t, expected) })
        })
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its arguments unchanged' },
      weight: 1,
      run({ sumSquaredError: sse }, ctx) {
        const y = randn(ctx.seed, [3, 4])
        const t = randn(ctx.seed + 1, [3, 4])
        const [y0, t0] = [y.copy(), t.copy()]
        sse(y, t)
        ctx.expectUnchanged('y', y, y0)
        ctx.expectUnchanged('t', t, t0)
      },
    },
  ],
  mutants: [
    {
      name: 'forgot the ½',
      module: () => ({ sumSquaredError: (y: NDArray, t: NDArray) => 2 * sumSquaredError(y, t) }),
      expect: { check: 'book-example', contains: '½' },
    },
    {
      name: 'mean instead of sum',
      module: () => ({ sumSquaredError: (y: NDArray, t: NDArray) => sumSquaredError(y, t) / y.size }),
      expect: { check: 'any-shape', contains: 'mean' },
    },
  ],
})
