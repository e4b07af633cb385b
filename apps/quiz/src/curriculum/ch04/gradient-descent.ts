import { NDArray, array, formatShape, numericalGradient } from '@dlfs/matrix'
import { defineExercise, type CheckContext, type Diagnoser } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { withInput } from './_input.js'
import { gradientDescent as reference } from './reference/gradient-descent.js'

type Fn = (x: NDArray) => number
interface GradientDescentModule {
  gradientDescent(f: Fn, initX: NDArray, lr?: number, stepNum?: number): NDArray
}

/** The book's function_2 (§4.4.1): x0² + x1², smallest at (0, 0). */
const function2: Fn = (x) => x.get(0) ** 2 + x.get(1) ** 2

/** A bowl Σ a·(x − c)² with a > 0, smallest at c; shapes of rank 1–2. */
function bowl(seed: number, shape: readonly number[]): Fn {
  const a = randn(seed + 1, shape).abs().add(0.5)
  const c = randn(seed + 2, shape)
  return (v) => {
    const d = v.sub(c)
    return a.mul(d).mul(d).sum().item()
  }
}

/** x after `steps` updates x ← x + sign·lr·∇f(x): sign −1 is descent, +1 the sign slip. */
function walk(f: Fn, initX: NDArray, lr: number, steps: number, sign: 1 | -1): NDArray {
  const x = initX.copy()
  for (let i = 0; i < steps; i++) x.addInPlace(numericalGradient(f, x).mul(sign * lr))
  return x
}

/** True when every element of a is within 1e-7·(1 + |a|) of b's: the two walks reached the same x. */
function same(a: NDArray, b: NDArray): boolean {
  const bd = b.flatten().data
  return a.flatten().data.every((v, i) => Math.abs(v - bd[i]!) <= 1e-7 * (1 + Math.abs(v)))
}

/** Names the slip by comparing with what other update rules reach. */
function slips(f: Fn, initX: NDArray, lr: number, steps: number): Diagnoser[] {
  return [
    (got) =>
      steps > 0 && same(got, walk(f, initX, lr, steps, 1))
        ? { en: 'x moved uphill: the sign of the update is flipped; gradient descent steps against the gradient, x -= lr * grad', ja: 'x が坂を上っています。更新の符号が逆です。勾配降下法では勾配と逆向きに進みます：x -= lr * grad' }
        : null,
    (got) =>
      steps > 1 && same(got, initX)
        ? { en: 'x never moved: update x in every step (x = x − lr·grad, or x.subInPlace(grad.mul(lr))) and return it', ja: 'x がまったく動いていません。毎ステップ x を更新し（x = x − lr·grad、または x.subInPlace(grad.mul(lr))）、それを返します' }
        : null,
    (got) => {
      for (const k of [steps - 1, steps + 1]) {
        if (k >= 0 && same(got, walk(f, initX, lr, k, -1))) {
          return {
            en: `this is x after ${k} steps, not ${steps}: run exactly stepNum updates (for i in range(step_num))`,
            ja: `これは ${steps} ステップではなく ${k} ステップ後の x です。更新はちょうど stepNum 回行います（for i in range(step_num)）`,
          }
        }
      }
      return null
    },
    (got) =>
      steps > 0 && same(got, walk(f, initX, 1, steps, -1)) && lr !== 1
        ? { en: 'the learning rate lr is not used: x -= lr * grad', ja: '学習率 lr が使われていません：x -= lr * grad' }
        : null,
  ]
}

/** The learner's x after `steps` steps must be the reference's. */
function expectSteps(ctx: CheckContext, mod: GradientDescentModule, f: Fn, fName: string, initX: NDArray, lr: number, steps: number): void {
  const got = mod.gradientDescent(f, initX.copy(), lr, steps)
  const expected = reference(f, initX, lr, steps)
  const input = `f(x) = ${fName}, initX = ${formatInit(initX)}, lr = ${lr}, stepNum = ${steps}`
  withInput(input, () => ctx.expectArrayClose('x', got, expected, { rtol: 1e-6, atol: 1e-10, diagnose: slips(f, initX, lr, steps) }))
}

const formatInit = (x: NDArray) => (x.size <= 4 ? `[${Array.from(x.flatten().data, (v) => Number(v.toPrecision(4))).join(', ')}]` : `an array of shape ${formatShape(x.shape)}`)

/** With lr and stepNum left out, names a wrong default by trying the usual ones. */
const defaultsSlip: Diagnoser = (got) => {
  const initX = array([-3, 4])
  for (const [lr, steps] of [[0.1, 100], [0.01, 1000], [0.001, 100], [0.1, 1000]] as const) {
    if (same(got, reference(function2, initX, lr, steps))) {
      return { en: `this matches lr = ${lr}, stepNum = ${steps}; the book's defaults are lr = 0.01, stepNum = 100`, ja: `lr = ${lr}、stepNum = ${steps} の結果と一致します。本書の既定値は lr = 0.01、stepNum = 100 です` }
    }
  }
  return null
}

export default defineExercise<GradientDescentModule>({
  id: '4.4.1-gradient-descent',
  chapter: 4,
  section: '§4.4.1',
  file: '04-learning/05-gradient-descent/gradient-descent.ts',
  title: { ja: '勾配降下法', en: 'Gradient descent' },
  hints: {
    ja: [
      '勾配は関数の値を最も増やす方向を指します。その逆向きに少しずつ進むことを繰り返すと、関数の値は小さくなっていきます。',
      'stepNum 回、「いまの x での勾配を数値微分で求める → 学習率 lr を掛けて x から引く」を繰り返します。4.4 の numericalGradient（@dlfs/matrix のものも可）が使えます。引数 initX は書き換えず、コピーから始めます。',
      'const x = initX.copy(); for (let i = 0; i < stepNum; i++) { const grad = numericalGradient(f, x); x.subInPlace(grad.mul(lr)) } return x',
    ],
    en: [
      'The gradient points where the function grows fastest. Take small steps the other way, again and again, and the function shrinks.',
      'stepNum times: find the gradient at the current x numerically, multiply it by the learning rate lr and subtract it from x. Use numericalGradient of §4.4 (the one in @dlfs/matrix is fine). Do not change initX: start from a copy.',
      'const x = initX.copy(); for (let i = 0; i < stepNum; i++) { const grad = numericalGradient(f, x); x.subInPlace(grad.mul(lr)) } return x',
    ],
  },
  forbidden: [{ specifier: '@dlfs/train', names: ['SGD', 'createOptimizer'] }],
  reference: async () => ({ gradientDescent: reference }),
  solution: { file: 'apps/quiz/src/curriculum/ch04/reference/gradient-descent.ts', symbol: 'gradientDescent' },
  checks: [
    {
      id: 'book-example',
      title: { ja: '本書の例：(−3, 4) から (0, 0) の近くへ', en: "the book's example: from (−3, 4) to near (0, 0)" },
      weight: 2,
      run(mod, ctx) {
        const initX = array([-3, 4])
        expectSteps(ctx, mod, function2, 'x0² + x1²', initX, 0.1, 100)
        // A learning rate too small barely moves (book §4.4.1): (−2.99999994, 3.99999992).
        expectSteps(ctx, mod, function2, 'x0² + x1²', initX, 1e-10, 100)
      },
    },
    {
      id: 'trajectory',
      title: { ja: '各ステップの x が参照実装と一致', en: 'x after each step matches the reference' },
      weight: 3,
      run(mod, ctx) {
        ctx.property(dims({ rank: [1, 2], a: [1, 3], b: [1, 3], lr100: [1, 30], steps: [1, 6] }), ({ rank, a, b, lr100, steps, seed }) => {
          const shape = [a, b].slice(0, rank)
          const f = bowl(seed, shape)
          const initX = randn(seed, shape, 2)
          for (let k = 0; k <= steps; k++) expectSteps(ctx, mod, f, `Σ a·(x − c)² on shape ${formatShape(shape)}`, initX, lr100 / 100, k)
        })
      },
    },
    {
      id: 'defaults',
      title: { ja: '既定値 lr = 0.01、stepNum = 100', en: 'defaults lr = 0.01, stepNum = 100' },
      weight: 1,
      run({ gradientDescent }, ctx) {
        const initX = array([-3, 4])
        const got = gradientDescent(function2, initX.copy())
        const input = 'f(x) = x0² + x1², initX = [-3, 4], lr and stepNum left out'
        withInput(input, () => ctx.expectArrayClose('x', got, reference(function2, initX, 0.01, 100), { rtol: 1e-6, atol: 1e-10, diagnose: [defaultsSlip] }))
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: 'initX を書き換えない', en: 'leaves initX unchanged' },
      weight: 1,
      run({ gradientDescent }, ctx) {
        const initX = randn(ctx.seed, [2, 3])
        const before = initX.copy()
        gradientDescent(bowl(ctx.seed, [2, 3]), initX, 0.1, 5)
        if (initX.flatten().data.every((v, i) => Object.is(v, before.data[i]))) return
        ctx.fail({
          what: 'initX',
          message: {
            en: "gradientDescent changed initX: the book's `x = init_x` makes x the same array as init_x, so every update lands in the caller's array too; start from a copy, x = initX.copy()",
            ja: 'gradientDescent が initX を書き換えています。本書の `x = init_x` では x と init_x が同じ配列になり、更新が呼び出し元の配列にも及びます。x = initX.copy() のようにコピーから始めます',
          },
        })
      },
    },
  ],
  mutants: [
    {
      name: 'moves along the gradient (x += lr·grad)',
      module: () => ({ gradientDescent: (f: Fn, initX: NDArray, lr = 0.01, stepNum = 100) => walk(f, initX, lr, stepNum, 1) }),
      expect: { check: 'trajectory', contains: 'sign of the update is flipped' },
    },
    {
      name: 'one step too few',
      module: () => ({ gradientDescent: (f: Fn, initX: NDArray, lr = 0.01, stepNum = 100) => reference(f, initX, lr, Math.max(0, stepNum - 1)) }),
      expect: { check: 'trajectory', contains: 'exactly stepNum updates' },
    },
    {
      name: 'updates initX in place (x = init_x)',
      module: () => ({
        gradientDescent(f: Fn, initX: NDArray, lr = 0.01, stepNum = 100) {
          for (let i = 0; i < stepNum; i++) initX.subInPlace(numericalGradient(f, initX).mul(lr))
          return initX
        },
      }),
      expect: { check: 'inputs-unchanged', contains: 'initX.copy()' },
    },
  ],
})
