import { array, zeros, type NDArray } from '@dlfs/matrix'
import { stepFunction } from '@dlfs/layers'
import { defineExercise, type Text } from '../../grader/types.js'
import { looksLike } from '../ch01/_check-helpers.js'
import { activationChecks, expectActivation, type Activation } from './_activation-checks.js'

interface StepModule {
  stepFunction(x: NDArray): NDArray
}

const atZero: Text = {
  en: 'at x = 0 the step function is 0: it is 1 only where x > 0 (not x >= 0)',
  ja: 'x = 0 でのステップ関数の値は 0 です。1 になるのは x > 0 のところだけです（x >= 0 ではありません）',
}

const act: Activation<StepModule> = {
  name: 'stepFunction',
  pick: (m) => m.stepFunction,
  reference: stepFunction,
  diagnose: (x) => [
    looksLike(() => x.greaterEqual(0), atZero),
    looksLike(() => x.less(0), { en: 'the outputs are inverted: 1 where x > 0, 0 elsewhere', ja: '出力が逆です。x > 0 のところが 1、それ以外が 0 です' }),
  ],
}

export default defineExercise<StepModule>({
  id: '3.2.2-step-function',
  chapter: 3,
  section: '§3.2.2',
  file: '03-neural-network/01-step-function/step-function.ts',
  title: { ja: 'ステップ関数', en: 'The step function' },
  hints: {
    ja: [
      'ステップ関数は、入力が 0 を超えたら 1、それ以外（0 ちょうどを含む）は 0 を出力します。配列の各要素に同じ計算をします。',
      '本書では y = x > 0 で真偽値の配列を作り、astype(np.int) で 0 と 1 にしています。@dlfs/matrix の比較 greater は、はじめから 0 と 1 の配列を返します。',
      'return x.greater(0)（ループで書くなら、x と同じ形状の新しい配列に、要素ごとに x > 0 ? 1 : 0 を入れます）。',
    ],
    en: [
      'The step function outputs 1 where the input exceeds 0, and 0 elsewhere (0 itself included). Every element of the array gets the same rule.',
      'The book builds a boolean array with y = x > 0 and turns it into 0s and 1s with astype(np.int). In @dlfs/matrix the comparison greater already returns 0s and 1s.',
      'return x.greater(0) (with loops: a new array of the shape of x holding x > 0 ? 1 : 0 for each element).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/layers', names: ['stepFunction'] }],
  reference: async () => ({ stepFunction: (await import('@dlfs/layers')).stepFunction }),
  solution: { file: 'packages/layers/src/activations.ts', symbol: 'stepFunction' },
  checks: [
    ...activationChecks(act, 2),
    {
      id: 'at-zero',
      title: { ja: 'x がちょうど 0 のときは 0', en: 'x exactly 0 gives 0' },
      weight: 1,
      run(mod, ctx) {
        // -0 and the smallest magnitudes on either side of 0, and a whole array of zeros.
        for (const x of [array([-1, -0, 0, 1e-300, -1e-300, 2]), zeros([2, 2])]) expectActivation(ctx, act, mod, x)
      },
    },
  ],
  mutants: [
    {
      name: 'x >= 0',
      module: () => ({ stepFunction: (x: NDArray) => x.greaterEqual(0) }),
      expect: { check: 'at-zero', contains: 'x = 0' },
    },
    {
      name: 'flattened output',
      module: () => ({ stepFunction: (x: NDArray) => x.greater(0).flatten() }),
      expect: { check: 'random-shapes', contains: 'keep the shape of x' },
    },
  ],
})
