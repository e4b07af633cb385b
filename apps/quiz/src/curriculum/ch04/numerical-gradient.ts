import { NDArray, array, formatShape, numericalGradient as reference } from '@dlfs/matrix'
import { defineExercise, type CheckContext, type Diagnoser } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { formatNumber } from '../../grader/format-value.js'
import { withInput } from './_input.js'

type Fn = (x: NDArray) => number
interface NumericalGradientModule {
  numericalGradient(f: Fn, x: NDArray): NDArray
}

const H = 1e-4

/** The book's function_2 (§4.3.3): x0² + x1². */
const function2: Fn = (x) => x.get(0) ** 2 + x.get(1) ** 2

/** Shapes of rank 1–4 with small axes: the gradient has x's shape whatever its rank. */
const shapes = dims({ rank: [1, 4], a: [1, 4], b: [1, 3], c: [1, 3], d: [1, 2] })

/** f(v) = Σ a·v² + Σ b·v + Σ tanh(v): a smooth function of every element, with a known shape. */
function smooth(seed: number, shape: readonly number[]): Fn {
  const a = randn(seed + 1, shape)
  const b = randn(seed + 2, shape)
  return (v) => a.mul(v).mul(v).sum().item() + b.mul(v).sum().item() + v.tanh().sum().item()
}

/** Forward differences (f(x + h) − f(x)) / h, element by element: what a forward-difference slip returns. */
function forwardDifference(f: Fn, x: NDArray): NDArray {
  const v = x.copy()
  const out = new Float64Array(v.size)
  const fx = f(v)
  for (let i = 0; i < v.size; i++) {
    const tmp = v.data[i]!
    v.data[i] = tmp + H
    out[i] = (f(v) - fx) / H
    v.data[i] = tmp
  }
  return new NDArray(out, x.shape)
}

const isForward = (f: Fn, x: NDArray): Diagnoser => (got) => {
  const fwd = forwardDifference(f, x).data
  const g = got.flatten().data
  const match = fwd.every((v, i) => Math.abs(v - g[i]!) <= 1e-7 * (1 + Math.abs(v)))
  return match
    ? { en: 'these are forward differences (f(x + h) − f(x)) / h; use the central difference (f(x + h) − f(x − h)) / 2h of §4.3.1', ja: '前方差分 (f(x + h) − f(x)) / h になっています。§4.3.1 の中心差分 (f(x + h) − f(x − h)) / 2h を使います' }
    : null
}

/** An all-zero result where the gradient is not zero: f never saw the nudge. */
const notInPlace: Diagnoser = (got, expected) =>
  got.flatten().data.every((v) => v === 0) && expected.flatten().data.some((v) => v !== 0)
    ? {
        en: "every element is 0: f did not see your change to x. The book's f often ignores its argument (f = lambda w: net.loss(x, t)) and reads x itself, so change x in place (x.data[i] = …), evaluate f, then put the value back",
        ja: 'すべて 0 です。f が x の変更を受け取っていません。本書の f は引数を使わずに x そのものを読むことがあります（f = lambda w: net.loss(x, t)）。x をその場で書き換えて（x.data[i] = …）f を評価し、その後で元の値に戻します',
      }
    : null

/** The learner's gradient of f at x must match the reference central differences. */
function expectGradientOf(ctx: CheckContext, mod: NumericalGradientModule, f: Fn, x: NDArray, label: string): void {
  const expected = reference(f, x.copy())
  const got = mod.numericalGradient(f, x)
  withInput(label, () => ctx.expectArrayClose('grad', got, expected, { rtol: 1e-6, atol: 1e-7, diagnose: [notInPlace, isForward(f, x)] }))
}

export default defineExercise<NumericalGradientModule>({
  id: '4.4-numerical-gradient',
  chapter: 4,
  section: '§4.4',
  file: '04-learning/04-numerical-gradient/numerical-gradient.ts',
  title: { ja: '勾配（数値微分）', en: 'The gradient by numerical differentiation' },
  hints: {
    ja: [
      '勾配は、すべての変数についての偏微分をまとめたものです。1 つの要素だけを動かし、ほかは固定して 4.3.1 の中心差分を取ります。',
      'x と同じ形状の配列 grad を用意し、要素ごとに「元の値を保存 → x + h で f → x − h で f → 元の値に戻す」を繰り返します。x は C 順で連続しているので、x.data[i] で全要素をたどれます。',
      'const tmp = x.data[i]; x.data[i] = tmp + h; const fxh1 = f(x); x.data[i] = tmp - h; const fxh2 = f(x); grad[i] = (fxh1 - fxh2) / (2 * h); x.data[i] = tmp',
    ],
    en: [
      'The gradient gathers the partial derivatives for every variable. Move one element only, keep the others fixed, and take the central difference of §4.3.1.',
      'Make grad, an array of x\'s shape; for each element: save the value, f at x + h, f at x − h, put the value back. x is C-contiguous, so x.data[i] walks every element.',
      'const tmp = x.data[i]; x.data[i] = tmp + h; const fxh1 = f(x); x.data[i] = tmp - h; const fxh2 = f(x); grad[i] = (fxh1 - fxh2) / (2 * h); x.data[i] = tmp',
    ],
  },
  forbidden: [{ specifier: '@dlfs/matrix', names: ['numericalGradient'] }],
  reference: async () => ({ numericalGradient: (f: Fn, x: NDArray) => reference(f, x) }),
  solution: { file: 'packages/matrix/src/numerical-gradient.ts', symbol: 'numericalGradient' },
  checks: [
    {
      id: 'book-example',
      title: { ja: '本書の例（x0² + x1² の (3, 4) で [6, 8]）', en: "the book's example ([6, 8] for x0² + x1² at (3, 4))" },
      weight: 1,
      run(mod, ctx) {
        for (const p of [[3, 4], [0, 2], [3, 0]]) expectGradientOf(ctx, mod, function2, array(p), `f(x) = x0² + x1², x = (${p.join(', ')})`)
      },
    },
    {
      id: 'any-rank',
      title: { ja: '任意の次元の x', en: 'x of any rank' },
      weight: 3,
      run(mod, ctx) {
        ctx.property(shapes, ({ rank, a, b, c, d, seed }) => {
          const shape = [a, b, c, d].slice(0, rank)
          expectGradientOf(ctx, mod, smooth(seed, shape), randn(seed, shape), `f(x) = Σ a·x² + Σ b·x + Σ tanh(x), x of shape ${formatShape(shape)}`)
        })
      },
    },
    {
      id: 'perturbs-x-in-place',
      title: { ja: 'x そのものを動かす（f が引数を使わなくてもよい）', en: 'nudges x itself (f may ignore its argument)' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(shapes, ({ rank, a, b, c, d, seed }) => {
          const shape = [a, b, c, d].slice(0, rank)
          const x = randn(seed, shape)
          const g = smooth(seed, shape)
          // As the book's `f = lambda W: net.loss(x, t)`: the argument is ignored, x is read directly.
          const f: Fn = () => g(x)
          const expected = reference(f, x)
          const got = mod.numericalGradient(f, x)
          const input = `f = () => loss of x (ignores its argument), x of shape ${formatShape(shape)}`
          withInput(input, () => ctx.expectArrayClose('grad', got, expected, { rtol: 1e-6, atol: 1e-7, diagnose: [notInPlace] }))
        })
      },
    },
    {
      id: 'restores-x',
      title: { ja: '終わったら x を元の値に戻す', en: 'puts every element of x back' },
      weight: 1,
      run(mod, ctx) {
        const x = randn(ctx.seed, [3, 4])
        const before = x.copy()
        mod.numericalGradient(smooth(ctx.seed, [3, 4]), x)
        const xs = x.data
        const k = xs.findIndex((v, i) => !Object.is(v, before.data[i]))
        if (k < 0) return
        const off = xs[k]! - before.data[k]!
        ctx.fail({
          what: 'x',
          index: [Math.floor(k / 4), k % 4],
          expected: formatNumber(before.data[k]!),
          got: formatNumber(xs[k]!),
          message: {
            en: `numericalGradient left x changed: x[${Math.floor(k / 4)}, ${k % 4}] is ${formatNumber(xs[k]!)}, it was ${formatNumber(before.data[k]!)} (off by ${off.toExponential(2)}). Save the value first (tmp = x[i]) and restore it exactly (x[i] = tmp); adding h back leaves rounding errors`,
            ja: `numericalGradient の後で x が変わっています。x[${Math.floor(k / 4)}, ${k % 4}] が ${formatNumber(xs[k]!)} ですが、元は ${formatNumber(before.data[k]!)} でした（差 ${off.toExponential(2)}）。先に値を保存し（tmp = x[i]）、最後にその値をそのまま戻します（x[i] = tmp）。h を足し戻すと丸め誤差が残ります`,
          },
        })
      },
    },
  ],
  mutants: [
    {
      name: 'nudges a copy of x',
      module: () => ({ numericalGradient: (f: Fn, x: NDArray) => reference(f, x.copy()) }),
      expect: { check: 'perturbs-x-in-place', contains: 'in place' },
    },
    {
      name: 'adds h back instead of restoring the saved value',
      module: () => ({
        numericalGradient(f: Fn, x: NDArray) {
          const grad = new Float64Array(x.size)
          for (let i = 0; i < x.size; i++) {
            x.data[i]! += H
            const fxh1 = f(x)
            x.data[i]! -= 2 * H
            const fxh2 = f(x)
            grad[i] = (fxh1 - fxh2) / (2 * H)
            x.data[i]! += H
          }
          return new NDArray(grad, x.shape)
        },
      }),
      expect: { check: 'restores-x', contains: 'restore it exactly' },
    },
  ],
})
