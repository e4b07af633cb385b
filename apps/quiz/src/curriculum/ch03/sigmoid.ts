import { array, exp, type NDArray } from '@dlfs/matrix'
import { sigmoid } from '@dlfs/layers'
import { defineExercise, type Diagnoser } from '../../grader/types.js'
import { looksLike } from '../ch01/_check-helpers.js'
import { activationChecks, expectActivation, type Activation } from './_activation-checks.js'

interface SigmoidModule {
  sigmoid(x: NDArray): NDArray
}

/** NaN or ±Infinity where sigmoid is finite: exp(x) overflowed (e.g. exp(x) / (1 + exp(x)) at x = 1000). */
const overflowed: Diagnoser = (got, expected) => {
  const g = got.flatten().data
  const e = expected.flatten().data
  for (let i = 0; i < e.length; i++) {
    if (!Number.isFinite(g[i]!) && Number.isFinite(e[i]!)) {
      return {
        en: 'NaN or Infinity appeared: exp of a large number overflows to Infinity (exp(710) already does), and Infinity / Infinity is NaN. Write it as 1 / (1 + exp(-x)), which stays finite for every x',
        ja: 'NaN や Infinity が出ています。大きな数の exp は Infinity にオーバーフローし（exp(710) で既にそうなります）、Infinity / Infinity は NaN です。どんな x でも有限になる 1 / (1 + exp(-x)) の形で書いてください',
      }
    }
  }
  return null
}

const act: Activation<SigmoidModule> = {
  name: 'sigmoid',
  pick: (m) => m.sigmoid,
  reference: sigmoid,
  diagnose: (x) => [
    overflowed,
    looksLike(() => sigmoid(x.neg()), { en: 'the curve is mirrored: the formula is 1 / (1 + exp(-x)), with exp(-x)', ja: 'グラフが左右反転しています。式は 1 / (1 + exp(-x)) で、exp(-x) です' }),
    looksLike(() => array(1).div(exp(x.neg()).sub(1)), { en: 'the denominator is 1 + exp(-x), with a plus sign', ja: '分母は 1 + exp(-x) で、足し算です' }),
  ],
}

export default defineExercise<SigmoidModule>({
  id: '3.2.4-sigmoid',
  chapter: 3,
  section: '§3.2.4',
  file: '03-neural-network/02-sigmoid/sigmoid.ts',
  title: { ja: 'シグモイド関数', en: 'The sigmoid function' },
  hints: {
    ja: [
      'シグモイド関数は h(x) = 1 / (1 + exp(-x)) です（式 3.6）。配列の各要素に同じ計算をします。',
      'exp、neg、add、div を組み合わせます。div(1, y) のように数値を配列で割ることもできます。x が -1000 のとき exp(1000) は Infinity になりますが、1 / Infinity は 0 なので問題ありません。',
      'return div(1, x.neg().exp().add(1))（div は @dlfs/matrix から import します）。',
    ],
    en: [
      'The sigmoid is h(x) = 1 / (1 + exp(-x)) (equation 3.6). Every element of the array gets the same formula.',
      'Combine exp, neg, add and div; div(1, y) divides a number by an array. At x = -1000, exp(1000) is Infinity, but 1 / Infinity is 0, which is fine.',
      'return div(1, x.neg().exp().add(1)) (import div from @dlfs/matrix).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/layers', names: ['sigmoid', 'Sigmoid'] }],
  reference: async () => ({ sigmoid: (await import('@dlfs/layers')).sigmoid }),
  solution: { file: 'packages/layers/src/activations.ts', symbol: 'sigmoid' },
  checks: [
    ...activationChecks(act, 5),
    {
      id: 'large-inputs',
      title: { ja: '±1000 でも有限（NaN にならない）', en: 'finite at ±1000 (never NaN)' },
      weight: 2,
      run(mod, ctx) {
        const x = array([-1000, -745, -100, -1, 0, 1, 100, 709, 710, 1000])
        expectActivation(ctx, act, mod, x)
        expectActivation(ctx, act, mod, array([[-1000, 1000], [0, -0]]))
      },
    },
  ],
  mutants: [
    {
      name: 'exp(x) / (1 + exp(x))',
      module: () => ({ sigmoid: (x: NDArray) => x.exp().div(x.exp().add(1)) }),
      expect: { check: 'large-inputs', contains: 'Infinity / Infinity is NaN' },
    },
    {
      name: 'exp(x) instead of exp(-x)',
      module: () => ({ sigmoid: (x: NDArray) => array(1).div(x.exp().add(1)) }),
      expect: { check: 'random-shapes', contains: 'mirrored' },
    },
  ],
})
