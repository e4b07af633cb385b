import { array, zeros, type NDArray } from '@dlfs/matrix'
import { relu } from '@dlfs/layers'
import { defineExercise } from '../../grader/types.js'
import { looksLike } from '../ch01/_check-helpers.js'
import { activationChecks, expectActivation, type Activation } from './_activation-checks.js'

interface ReluModule {
  relu(x: NDArray): NDArray
}

const act: Activation<ReluModule> = {
  name: 'relu',
  pick: (m) => m.relu,
  reference: relu,
  diagnose: (x) => [
    (got) => {
      const xs = x.flatten().data
      return got.flatten().data.some((v, i) => Number.isNaN(v) && xs[i] === 0)
        ? { en: 'NaN at x = 0: something divides 0 by 0 there; relu(0) is 0', ja: 'x = 0 で NaN になっています。どこかで 0 を 0 で割っています。relu(0) は 0 です' }
        : null
    },
    looksLike(() => x.abs(), { en: 'negative inputs came out positive: relu gives 0 for every x <= 0', ja: '負の入力が正になっています。x <= 0 ではすべて 0 です' }),
    looksLike(() => x.copy(), { en: 'negative inputs came out unchanged: relu gives 0 for every x <= 0', ja: '負の入力がそのまま出ています。x <= 0 ではすべて 0 です' }),
    looksLike(() => x.greater(0), { en: 'this is the step function: relu keeps x itself where x > 0', ja: 'これはステップ関数です。ReLU は x > 0 のところで x そのものを出力します' }),
    looksLike(() => x.minimum(0), { en: 'this keeps the negative part: relu is max(0, x)', ja: '負の部分が残っています。ReLU は max(0, x) です' }),
  ],
}

export default defineExercise<ReluModule>({
  id: '3.2.7-relu',
  chapter: 3,
  section: '§3.2.7',
  file: '03-neural-network/03-relu/relu.ts',
  title: { ja: 'ReLU 関数', en: 'The ReLU function' },
  hints: {
    ja: [
      'ReLU 関数は、入力が 0 を超えていればその入力をそのまま出力し、0 以下なら 0 を出力します（式 3.7）。',
      '要素ごとに 0 と x の大きいほうを取る、と言いかえられます。本書では np.maximum(0, x) です。',
      'return x.maximum(0)（ループで書くなら、新しい配列に要素ごとに Math.max(0, v) を入れます。x 自体は書き換えません）。',
    ],
    en: [
      'ReLU outputs its input unchanged where the input exceeds 0, and 0 where it is 0 or less (equation 3.7).',
      'Put differently: take the larger of 0 and x, element by element. The book writes np.maximum(0, x).',
      'return x.maximum(0) (with loops: put Math.max(0, v) for each element into a new array, leaving x itself unchanged).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/layers', names: ['relu', 'Relu'] }],
  reference: async () => ({ relu: (await import('@dlfs/layers')).relu }),
  solution: { file: 'packages/layers/src/activations.ts', symbol: 'relu' },
  checks: [
    ...activationChecks(act, 2),
    {
      id: 'at-zero',
      title: { ja: 'x がちょうど 0 のときは 0', en: 'x exactly 0 gives 0' },
      weight: 1,
      run(mod, ctx) {
        // 0 must give 0, not NaN: tricks such as x·(x/|x| + 1)/2 divide 0 by 0.
        for (const x of [array([-1, -0, 0, 1e-300, -1e-300, 2]), zeros([2, 2])]) expectActivation(ctx, act, mod, x)
      },
    },
  ],
  mutants: [
    {
      name: 'writes into x',
      module: () => ({
        relu: (x: NDArray) => {
          for (let i = 0; i < x.data.length; i++) x.data[i] = Math.max(0, x.data[i]!)
          return x
        },
      }),
      expect: { check: 'inputs-unchanged', contains: 'in place' },
    },
    {
      name: 'abs instead of max',
      module: () => ({ relu: (x: NDArray) => x.abs() }),
      expect: { check: 'random-shapes', contains: 'negative inputs came out positive' },
    },
    {
      name: 'x·(x/|x| + 1)/2, NaN at 0',
      module: () => ({ relu: (x: NDArray) => x.mul(x.div(x.abs()).add(1)).div(2) }),
      expect: { check: 'at-zero', contains: 'NaN at x = 0' },
    },
  ],
})
