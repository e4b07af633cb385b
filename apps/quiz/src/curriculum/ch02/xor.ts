import { defineExercise } from '../../grader/types.js'
import { expectNumbers, expectTruthTable } from './_truth-table.js'

type Gate = (x1: number, x2: number) => number
interface XorModule {
  AND: Gate
  NAND: Gate
  OR: Gate
  XOR: Gate
}

// The learner's file holds the three gates of §2.3.3, given, and XOR to write from them (as the book
// reuses its own gates in §2.5.2). Exercise files cannot import each other reliably (a learner may not
// have done 2.3.3 yet, and `init` copies folders one by one), so the gates come with the stub.
export default defineExercise<XorModule>({
  id: '2.5.2-xor',
  chapter: 2,
  section: '§2.5.2',
  file: '02-perceptron/03-xor/xor.ts',
  title: { ja: 'XOR ゲート（多層パーセプトロン）', en: 'The XOR gate (a multi-layer perceptron)' },
  hints: {
    ja: [
      'XOR は 1 層のパーセプトロンでは表せません（線形分離できないため）。すでにあるゲートを組み合わせて、層を重ねます。',
      '1 層目で NAND と OR の出力 s1、s2 を求め、2 層目でその 2 つを AND に入れます（本書 図2-11）。',
      'const s1 = NAND(x1, x2); const s2 = OR(x1, x2); return AND(s1, s2)',
    ],
    en: [
      'No single-layer perceptron gives XOR (it is not linearly separable). Combine the gates you already have, stacking layers.',
      'Layer 1 computes s1 = NAND and s2 = OR of the inputs; layer 2 feeds those two into AND (book Figure 2-11).',
      'const s1 = NAND(x1, x2); const s2 = OR(x1, x2); return AND(s1, s2)',
    ],
  },
  forbidden: [], // no package implements this: the reference lives in the grader, out of the learner's reach
  reference: () => import('./reference/xor.js'),
  solution: { file: 'apps/quiz/src/curriculum/ch02/reference/xor.ts', symbol: 'XOR' },
  checks: [
    {
      id: 'truth-table',
      title: { ja: 'XOR の真理値表', en: "XOR's truth table" },
      weight: 3,
      run({ XOR }, ctx) {
        expectTruthTable(ctx, 'XOR', XOR, 'XOR', {
          OR: { en: 'OR is also 1 at (1, 1); AND it with NAND, which is 0 only there', ja: 'OR は (1, 1) でも 1 です。(1, 1) のときだけ 0 になる NAND との AND を取ります' },
          NAND: { en: 'NAND is also 1 at (0, 0); AND it with OR, which is 0 only there', ja: 'NAND は (0, 0) でも 1 です。(0, 0) のときだけ 0 になる OR との AND を取ります' },
        })
      },
    },
    {
      id: 'returns-numbers',
      title: { ja: '数値の 0 か 1 を返す', en: 'returns the number 0 or 1' },
      weight: 1,
      run({ XOR }, ctx) {
        expectNumbers(ctx, 'XOR', XOR)
      },
    },
    {
      id: 'gates-unchanged',
      title: { ja: '与えられた AND・NAND・OR が正しいまま', en: 'the given AND, NAND and OR still work' },
      weight: 1,
      run(mod, ctx) {
        // XOR first: the untouched stub is "not started" here too, not a pass for gates it did not write.
        mod.XOR(0, 0)
        expectTruthTable(ctx, 'AND', mod.AND, 'AND')
        expectTruthTable(ctx, 'NAND', mod.NAND, 'NAND')
        expectTruthTable(ctx, 'OR', mod.OR, 'OR')
      },
    },
  ],
  mutants: [
    {
      name: 'XOR as OR',
      module: async () => {
        const ref = await import('./reference/xor.js')
        return { ...ref, XOR: ref.OR }
      },
      expect: { check: 'truth-table', contains: 'truth table of OR' },
    },
    {
      name: 'NAND fed into NAND twice',
      module: async () => {
        const ref = await import('./reference/xor.js')
        return { ...ref, XOR: (x1: number, x2: number) => ref.AND(ref.NAND(x1, x2), ref.NAND(x1, x2)) }
      },
      expect: { check: 'truth-table', contains: 'truth table of NAND' },
    },
    {
      name: 'AND edited into XOR',
      module: async () => {
        const ref = await import('./reference/xor.js')
        return { ...ref, AND: ref.XOR }
      },
      expect: { check: 'gates-unchanged', contains: 'your AND gives the truth table of XOR' },
    },
  ],
})
