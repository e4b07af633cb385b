import { defineExercise } from '../../grader/types.js'
import { expectNumbers, expectTruthTable } from './_truth-table.js'

interface AndModule {
  AND(x1: number, x2: number): number
}

export default defineExercise<AndModule>({
  id: '2.3.1-and',
  chapter: 2,
  section: '§2.3.1',
  file: '02-perceptron/01-and/and.ts',
  title: { ja: 'AND ゲート（重みとしきい値）', en: 'The AND gate (weights and a threshold)' },
  hints: {
    ja: [
      'AND ゲートは、2 つの入力がどちらも 1 のときだけ 1 を出力します。パーセプトロンは、入力に重みを掛けて足した値がしきい値 θ を超えたときに 1 を出力します。',
      '重みとしきい値の組み合わせはいくつもあります。本書では (w1, w2, θ) = (0.5, 0.5, 0.7) です。片方の入力だけでは θ を超えず、両方そろうと超えるように選びます。',
      'const tmp = x1 * w1 + x2 * w2 とし、tmp <= theta なら 0、そうでなければ 1 を返します（w1 = w2 = 0.5、theta = 0.7）。',
    ],
    en: [
      'An AND gate outputs 1 only when both inputs are 1. A perceptron outputs 1 when the weighted sum of its inputs exceeds a threshold θ.',
      'Many weights and thresholds work; the book uses (w1, w2, θ) = (0.5, 0.5, 0.7). Choose them so that one input alone stays at or below θ and both together exceed it.',
      'Let const tmp = x1 * w1 + x2 * w2; return 0 when tmp <= theta, else 1 (w1 = w2 = 0.5, theta = 0.7).',
    ],
  },
  forbidden: [], // no package implements this: the reference lives in the grader, out of the learner's reach
  reference: () => import('./reference/and.js'),
  solution: { file: 'apps/quiz/src/curriculum/ch02/reference/and.ts', symbol: 'AND' },
  checks: [
    {
      id: 'truth-table',
      title: { ja: 'AND の真理値表', en: "AND's truth table" },
      weight: 3,
      run({ AND }, ctx) {
        expectTruthTable(ctx, 'AND', AND, 'AND', {
          OR: {
            en: 'θ is too low, so one input alone exceeds it; with w1 = w2 = 0.5, any 0.5 ≤ θ < 1 works',
            ja: 'θ が低すぎて、片方の入力だけで超えてしまいます。w1 = w2 = 0.5 なら 0.5 ≤ θ < 1 の範囲で選びます',
          },
          NAND: {
            en: 'the outputs are inverted: return 1 when the weighted sum exceeds θ, and 0 otherwise',
            ja: '出力が逆です。重み付きの和が θ を超えたら 1、それ以外は 0 を返します',
          },
        })
      },
    },
    {
      id: 'returns-numbers',
      title: { ja: '数値の 0 か 1 を返す', en: 'returns the number 0 or 1' },
      weight: 1,
      run({ AND }, ctx) {
        expectNumbers(ctx, 'AND', AND)
      },
    },
  ],
  mutants: [
    {
      name: 'θ too low (an OR gate)',
      module: () => ({ AND: (x1: number, x2: number) => (x1 * 0.5 + x2 * 0.5 <= 0.2 ? 0 : 1) }),
      expect: { check: 'truth-table', contains: 'truth table of OR' },
    },
    {
      name: 'returns a boolean',
      module: () => ({ AND: (x1: number, x2: number) => x1 * 0.5 + x2 * 0.5 > 0.7 }) as unknown as AndModule,
      expect: { check: 'returns-numbers', contains: 'a boolean' },
    },
  ],
})
