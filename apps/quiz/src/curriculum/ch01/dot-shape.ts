import fc from 'fast-check'
import { dot, formatShape, zeros } from '@dlfs/matrix'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { formatValue } from '../../grader/format-value.js'
import { annotate } from './_check-helpers.js'
import type { NetworkShapes } from './reference/dot-shape.js'

interface DotShapeModule {
  dotShape(a: readonly number[], b: readonly number[]): number[]
  networkShapes(batchSize: number, sizes: readonly number[]): NetworkShapes
}

const rule2d: Text = {
  en: "for 2-D operands the shared axis K disappears: (M, K)·(K, N) → (M, N), a's rows and b's columns",
  ja: '2 次元どうしでは共通の軸 K が消えます: (M, K)·(K, N) → (M, N)。a の行数と b の列数が残ります',
}
const rule1d: Text = {
  en: 'a 1-D operand is neither a row nor a column, and its axis disappears with K: (K,)·(K,) → () (a number), (M,K)·(K,) → (M,), (K,)·(K,N) → (N,)',
  ja: '1 次元の配列は行でも列でもなく、その軸は K とともに消えます: (K,)·(K,) → ()（数値）、(M,K)·(K,) → (M,)、(K,)·(K,N) → (N,)',
}
const weightRule: Text = {
  en: 'each layer computes x·W + b with x: (N, n_in), so W must be (n_in, n_out) and b (n_out,) (book Figure 3-27: W1 is (784, 50))',
  ja: '各層は x: (N, n_in) に対して x·W + b を計算するので、W は (n_in, n_out)、b は (n_out,) です（本書 図3-27: W1 は (784, 50)）',
}

/** The truth: what dot itself returns for these shapes. */
const dotOf = (a: number[], b: number[]): number[] => [...dot(zeros(a), zeros(b)).shape]

/** dotShape(a, b) must equal dot's own result shape; `rule` is the likely mistake on a mismatch. */
function expectDotShape(mod: DotShapeModule, ctx: CheckContext, a: number[], b: number[], rule: Text): void {
  const what = `dotShape(${formatShape(a)}, ${formatShape(b)})`
  annotate(() => ({ input: what, likely: rule }), () => {
    const got = mod.dotShape(a, b)
    // Compare as plain arrays, so a readonly array or a copy of the input is fine.
    ctx.expectEqual(what, Array.isArray(got) ? [...got] : got, dotOf(a, b))
  })
}

const size = fc.integer({ min: 1, max: 6 })

export default defineExercise<DotShapeModule>({
  id: '1.5.4-dot-shape',
  chapter: 1,
  section: '§1.5.4',
  file: '01-matrix/01-dot-shape/dot-shape.ts',
  title: { ja: '行列の積（dot）の形状', en: 'The shape rules of dot' },
  hints: {
    ja: [
      '行列の積では、a の最後の軸と b の最初の軸（共通の軸 K）の要素数が一致していなければなりません（本書 図3-12）。',
      '2 次元どうしなら (M, K)·(K, N) → (M, N) です。1 次元の配列は行でも列でもなく、K と一緒に消えます。',
      'K = a[a.length - 1] と b[0] を比べ、違えば throw new Error(...)。一致すれば [...a.slice(0, -1), ...b.slice(1)] が答えです。networkShapes では W[i] = [sizes[i], sizes[i + 1]] です。',
    ],
    en: [
      'In a matrix product the last axis of a and the first axis of b (the shared axis K) must have the same size (book Figure 3-12).',
      'For 2-D operands, (M, K)·(K, N) → (M, N). A 1-D array is neither a row nor a column: its axis disappears along with K.',
      'Compare K = a[a.length - 1] with b[0] and throw new Error(...) if they differ; otherwise the answer is [...a.slice(0, -1), ...b.slice(1)]. In networkShapes, W[i] = [sizes[i], sizes[i + 1]].',
    ],
  },
  forbidden: [], // no package implements this: the reference lives in the grader, out of the learner's reach
  reference: () => import('./reference/dot-shape.js'),
  solution: { file: 'apps/quiz/src/curriculum/ch01/reference/dot-shape.ts' },
  checks: [
    {
      id: 'dot-2d',
      title: { ja: '2 次元どうしの積の形状', en: 'the shape of a 2-D by 2-D product' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(fc.tuple(size, size, size), ([m, k, n]) => expectDotShape(mod, ctx, [m, k], [k, n], rule2d))
      },
    },
    {
      id: 'dot-1d',
      title: { ja: '1 次元の配列を含む積の形状', en: 'the shape of products with a 1-D operand' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(fc.tuple(size, size, size), ([m, k, n]) => {
          expectDotShape(mod, ctx, [k], [k], rule1d)
          expectDotShape(mod, ctx, [m, k], [k], rule1d)
          expectDotShape(mod, ctx, [k], [k, n], rule1d)
        })
      },
    },
    {
      id: 'not-aligned',
      title: { ja: '形状が合わないときは例外を投げる', en: 'throws when the shapes are not aligned' },
      weight: 2,
      run(mod, ctx) {
        const cases: [number[], number[]][] = [[[2, 3], [2, 3]], [[3], [4]], [[100, 784], [748, 50]], [[2, 3], [4]], [[3], [4, 2]]]
        for (const [a, b] of cases) {
          let got: unknown
          try {
            got = mod.dotShape(a, b)
          } catch (e) {
            // The untouched stub throws too: that is "not started", not a pass.
            if (e instanceof Error && e.message.includes('TODO(')) throw e
            continue
          }
          const [k, k2] = [a[a.length - 1]!, b[0]!]
          ctx.fail({
            what: `dotShape(${formatShape(a)}, ${formatShape(b)})`,
            got: formatValue(got),
            expected: 'an Error',
            message: {
              en: `dotShape(${formatShape(a)}, ${formatShape(b)}) returned ${formatValue(got)}, but these shapes are not aligned: ${k} (dim ${a.length - 1}) != ${k2} (dim 0); throw an Error, as dot does`,
              ja: `dotShape(${formatShape(a)}, ${formatShape(b)}) が ${formatValue(got)} を返しました。この 2 つの形状は合いません（${k} (dim ${a.length - 1}) != ${k2} (dim 0)）。dot と同じように Error を投げてください`,
            },
          })
        }
      },
    },
    {
      id: 'network-shapes',
      title: { ja: 'ネットワークの重み・バイアス・出力の形状（図3-27）', en: "a network's weight, bias and output shapes (Figure 3-27)" },
      weight: 2,
      run(mod, ctx) {
        const sizes = fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 5 })
        const cases = fc.oneof(fc.constant({ n: 100, sizes: [784, 50, 100, 10] }), fc.record({ n: fc.integer({ min: 1, max: 200 }), sizes }))
        ctx.property(cases, ({ n, sizes }) => {
          const got = mod.networkShapes(n, sizes)
          const expected = { W: [] as number[][], b: [] as number[][], out: [] as number[][] }
          for (let i = 0; i + 1 < sizes.length; i++) {
            // (n, in)·(in, out) → (n, out), and + b of shape (out,) broadcasts over the n rows.
            expected.W.push([sizes[i]!, sizes[i + 1]!])
            expected.b.push([sizes[i + 1]!])
            expected.out.push([n, sizes[i + 1]!])
          }
          const input = `networkShapes(${n}, ${JSON.stringify(sizes)})`
          annotate(() => ({ input, likely: weightRule }), () => {
            ctx.expectEqual(`${input}.W`, got?.W, expected.W)
            ctx.expectEqual(`${input}.b`, got?.b, expected.b)
          })
          annotate(() => ({ input }), () => ctx.expectEqual(`${input}.out`, got?.out, expected.out))
        })
      },
    },
  ],
  mutants: [
    {
      name: 'never throws',
      module: async () => ({
        ...(await import('./reference/dot-shape.js')),
        dotShape: (a: readonly number[], b: readonly number[]) => [...a.slice(0, -1), ...b.slice(1)],
      }),
      expect: { check: 'not-aligned', contains: 'not aligned' },
    },
    {
      name: '1-D operands treated as a row and a column',
      module: async () => {
        const ref = await import('./reference/dot-shape.js')
        // (K,) as (1, K) on the left and (K, 1) on the right, axes kept.
        const dotShape = (a: readonly number[], b: readonly number[]) => ref.dotShape(a.length === 1 ? [1, a[0]!] : a, b.length === 1 ? [b[0]!, 1] : b)
        return { ...ref, dotShape }
      },
      expect: { check: 'dot-1d', contains: '(K,)·(K,) → ()' },
    },
    {
      name: 'W as (n_out, n_in)',
      module: async () => {
        const ref = await import('./reference/dot-shape.js')
        const networkShapes = (n: number, sizes: readonly number[]) => {
          const s = ref.networkShapes(n, sizes)
          return { ...s, W: s.W.map(([i, o]) => [o!, i!]) }
        }
        return { ...ref, networkShapes }
      },
      expect: { check: 'network-shapes', contains: 'W must be (n_in, n_out)' },
    },
  ],
})
