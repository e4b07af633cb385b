import { array, type NDArray } from '@dlfs/matrix'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { formatNumber } from '../../grader/format-value.js'
import { show } from '../ch01/_check-helpers.js'
import { expectNumbers, expectTruthTable } from './_truth-table.js'
import { perceptron } from './reference/nand-or.js'

interface NandOrModule {
  perceptron(x: NDArray, w: NDArray, b: number): number
  NAND(x1: number, x2: number): number
  OR(x1: number, x2: number): number
}

const atZero: Text = {
  en: 'where w·x + b is exactly 0 the output is 0: the book returns 0 when tmp <= 0 and 1 only when tmp > 0',
  ja: 'w·x + b がちょうど 0 のときの出力は 0 です。本書では tmp <= 0 なら 0、tmp > 0 のときだけ 1 を返します',
}

/** perceptron(x, w, b) must be the reference's output; `likely` explains a mismatch. */
function expectPerceptron(ctx: CheckContext, mod: NandOrModule, x: NDArray, w: NDArray, b: number, likely?: Text): void {
  const [x0, w0] = [x.copy(), w.copy()]
  const got = mod.perceptron(x, w, b)
  ctx.expectUnchanged('x', x, x0)
  ctx.expectUnchanged('w', w, w0)
  const expected = perceptron(x, w, b)
  if (got === expected) return
  const tmp = w.mul(x).sum().item() + b
  const noBias = w.mul(x).sum().item() <= 0 ? 0 : 1
  const missingBias: Text | undefined =
    got === noBias && b !== 0 ? { en: 'the output is what w·x alone gives: is the bias b added?', ja: 'w·x だけの場合と同じ出力です。バイアス b を足していますか？' } : undefined
  ctx.fail({
    what: 'perceptron(x, w, b)',
    expected: String(expected),
    got: String(got),
    input: `x = ${show(x)}, w = ${show(w)}, b = ${formatNumber(b)} (w·x + b = ${formatNumber(tmp)})`,
    message: { en: `perceptron(x, w, b) is ${String(got)}, expected ${expected}`, ja: `perceptron(x, w, b) が ${String(got)} です。期待値は ${expected} です` },
    likely: likely ?? missingBias,
  })
}

export default defineExercise<NandOrModule>({
  id: '2.3.3-nand-or',
  chapter: 2,
  section: '§2.3.3',
  file: '02-perceptron/02-nand-or/nand-or.ts',
  title: { ja: 'NAND ゲートと OR ゲート（重みとバイアス）', en: 'NAND and OR gates (weights and a bias)' },
  hints: {
    ja: [
      'しきい値 θ を左辺に移して b = −θ とすると、パーセプトロンは「w·x + b が 0 を超えたら 1」と書けます。b をバイアスと呼びます。',
      'perceptron は x と w の要素ごとの積の総和に b を足し、0 以下なら 0、0 を超えたら 1 を返します。NAND と OR は、それぞれの重みとバイアスで perceptron を呼ぶだけです。',
      'perceptron: const tmp = w.mul(x).sum().item() + b; return tmp <= 0 ? 0 : 1。NAND は w = [-0.5, -0.5]、b = 0.7、OR は w = [0.5, 0.5]、b = -0.2（本書 §2.3.3）。',
    ],
    en: [
      'Move the threshold θ to the left and call b = −θ: the perceptron becomes "1 when w·x + b exceeds 0". b is the bias.',
      'perceptron adds b to the sum of the element-wise products of x and w, and returns 0 when that is at most 0, else 1. NAND and OR just call perceptron with their own weights and bias.',
      'perceptron: const tmp = w.mul(x).sum().item() + b; return tmp <= 0 ? 0 : 1. NAND uses w = [-0.5, -0.5], b = 0.7; OR uses w = [0.5, 0.5], b = -0.2 (book §2.3.3).',
    ],
  },
  forbidden: [], // no package implements this: the reference lives in the grader, out of the learner's reach
  reference: () => import('./reference/nand-or.js'),
  solution: { file: 'apps/quiz/src/curriculum/ch02/reference/nand-or.ts' },
  checks: [
    {
      id: 'perceptron',
      title: { ja: 'perceptron が w·x + b > 0 で 1 を返す', en: 'perceptron returns 1 when w·x + b > 0' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(dims({ n: [1, 5] }), ({ n, seed }) => {
          const [x, w] = [randn(seed, [n]), randn(seed + 1, [n])]
          let b = randn(seed + 2, []).item()
          // Keep w·x + b away from 0, where summing in another order could round across the boundary.
          if (Math.abs(w.mul(x).sum().item() + b) < 1e-6) b += 0.5
          expectPerceptron(ctx, mod, x, w, b)
        })
      },
    },
    {
      id: 'boundary',
      title: { ja: 'w·x + b がちょうど 0 なら 0', en: 'returns 0 when w·x + b is exactly 0' },
      weight: 1,
      run(mod, ctx) {
        // Each sum is exactly 0 in floating point: 0.5 + 0.5 − 1, 0.5 − 0.5, and 0 + 0.
        const cases: [number[], number[], number][] = [[[1, 1], [0.5, 0.5], -1], [[1, 0], [0.5, 0.5], -0.5], [[0, 0], [0.5, -0.5], 0]]
        for (const [x, w, b] of cases) expectPerceptron(ctx, mod, array(x), array(w), b, atZero)
      },
    },
    {
      id: 'nand',
      title: { ja: 'NAND の真理値表', en: "NAND's truth table" },
      weight: 2,
      run({ NAND }, ctx) {
        expectTruthTable(ctx, 'NAND', NAND, 'NAND', {
          AND: { en: "NAND is AND with every sign flipped: negate AND's weights and bias", ja: 'NAND は AND の符号をすべて反転したものです。AND の重みとバイアスの符号を変えてください' },
        })
      },
    },
    {
      id: 'or',
      title: { ja: 'OR の真理値表', en: "OR's truth table" },
      weight: 2,
      run({ OR }, ctx) {
        expectTruthTable(ctx, 'OR', OR, 'OR', {
          AND: { en: 'the bias is too negative: one input (w = 0.5) alone must overcome it, e.g. b = −0.2', ja: 'バイアスが小さすぎます。片方の入力（w = 0.5）だけで 0 を超えるように、たとえば b = −0.2 とします' },
        })
      },
    },
    {
      id: 'returns-numbers',
      title: { ja: '数値の 0 か 1 を返す', en: 'returns the number 0 or 1' },
      weight: 1,
      run(mod, ctx) {
        expectNumbers(ctx, 'perceptron', (x1, x2) => mod.perceptron(array([x1, x2]), array([0.5, 0.5]), -0.7))
        expectNumbers(ctx, 'NAND', mod.NAND)
        expectNumbers(ctx, 'OR', mod.OR)
      },
    },
  ],
  mutants: [
    {
      name: 'tmp >= 0 instead of tmp > 0',
      module: async () => {
        const ref = await import('./reference/nand-or.js')
        return { ...ref, perceptron: (x: NDArray, w: NDArray, b: number) => (w.mul(x).sum().item() + b < 0 ? 0 : 1) }
      },
      expect: { check: 'boundary', contains: 'exactly 0' },
    },
    {
      name: "NAND with AND's weights",
      module: async () => {
        const ref = await import('./reference/nand-or.js')
        return { ...ref, NAND: (x1: number, x2: number) => ref.perceptron(array([x1, x2]), array([0.5, 0.5]), -0.7) }
      },
      expect: { check: 'nand', contains: 'truth table of AND' },
    },
    {
      name: 'perceptron without the bias',
      module: async () => {
        const ref = await import('./reference/nand-or.js')
        return { ...ref, perceptron: (x: NDArray, w: NDArray) => (w.mul(x).sum().item() <= 0 ? 0 : 1) }
      },
      expect: { check: 'perceptron', contains: 'is the bias b added?' },
    },
  ],
})
