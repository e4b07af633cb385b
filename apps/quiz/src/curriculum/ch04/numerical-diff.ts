import { Rng } from '@dlfs/matrix'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { dims } from '../../grader/inputs.js'
import { formatNumber } from '../../grader/format-value.js'
import { expectScalar, near } from './_scalar.js'
import { numericalDiff as reference } from './reference/numerical-diff.js'

type Fn = (x: number) => number
interface NumericalDiffModule {
  numericalDiff(f: Fn, x: number): number
}

const H = 1e-4

/** The book's function_1 (§4.3.2): 0.01x² + 0.1x. */
const function1: Fn = (x) => 0.01 * x ** 2 + 0.1 * x

/** Smooth functions with curvature, so forward and central differences (and other h) give different slopes. */
function randomFunction(kind: number, seed: number): { f: Fn; name: string } {
  const fn = (f: Fn, name: string) => ({ f, name: name.replace(/\+ -/g, '− ') })
  const rng = new Rng(seed)
  const [a, b, c] = [0, 0, 0].map(() => Number((rng.uniform(0.5, 2).item() * (rng.random().item() < 0.5 ? -1 : 1)).toFixed(2))) as [number, number, number]
  switch (kind) {
    case 0:
      return fn((x) => a * x ** 3 + b * x ** 2 + c * x, `${a}x³ + ${b}x² + ${c}x`)
    case 1:
      return fn((x) => a * Math.exp(b * x), `${a}·exp(${b}x)`)
    case 2:
      return fn((x) => a * Math.sin(b * x) + c * x ** 2, `${a}·sin(${b}x) + ${c}x²`)
    default:
      return fn((x) => a * x ** 4 + c, `${a}x⁴ + ${c}`)
  }
}

/** f, recording every x it is called with: the calls tell which difference the learner took. */
function recording(f: Fn): { f: Fn; calls: number[] } {
  const calls: number[] = []
  return { calls, f: (x) => (calls.push(x), f(x)) }
}

/** Reads the points f was evaluated at and names the mistake they reveal. */
function fromCalls(calls: number[], x: number, got: number, expected: number): Text | null {
  const offsets = [...new Set(calls.map((c) => c - x))]
  if (calls.length > 0 && offsets.every((d) => d === 0)) {
    return {
      en: `f was only ever evaluated at x itself: h is so small that x + h rounds to x in float64 (the book's h = 1e-50 rounding problem, §4.3.1); use h = 1e-4`,
      ja: `f が x そのものでしか評価されていません。h が小さすぎて、float64 の丸め誤差で x + h が x に等しくなっています（本書 §4.3.1 の h = 1e-50 の問題）。h = 1e-4 を使います`,
    }
  }
  const hasZero = offsets.some((d) => d === 0)
  const pos = offsets.find((d) => d > 0)
  const neg = offsets.find((d) => d < 0)
  if (hasZero && (pos !== undefined || neg !== undefined)) {
    return {
      en: `f was evaluated at x and x ${pos !== undefined ? '+' : '−'} h: that is the ${pos !== undefined ? 'forward' : 'backward'} difference; the book uses the central difference (f(x + h) − f(x − h)) / 2h, whose error is much smaller`,
      ja: `f を x と x ${pos !== undefined ? '+' : '−'} h で評価しています。これは${pos !== undefined ? '前方' : '後方'}差分です。本書では誤差の小さい中心差分 (f(x + h) − f(x − h)) / 2h を使います`,
    }
  }
  const h = pos ?? (neg === undefined ? undefined : -neg)
  if (h !== undefined && !near(h, H, 1e-6)) {
    return { en: `h looks like ${formatNumber(h)}; the book uses h = 1e-4`, ja: `h が ${formatNumber(h)} のようです。本書では h = 1e-4 を使います` }
  }
  if (near(got, expected * H * H, 1e-6, 0)) {
    return {
      en: 'operator precedence: `/ 2 * h` divides by 2 and then MULTIPLIES by h; write `/ (2 * h)`',
      ja: '演算子の優先順位の問題です。`/ 2 * h` は 2 で割ってから h を「掛けて」います。`/ (2 * h)` と書きます',
    }
  }
  if (near(got, 2 * expected)) return { en: 'the slope is 2× too large: divide by 2h, the distance between x − h and x + h', ja: '傾きがちょうど 2 倍です。x − h と x + h の距離 2h で割ります' }
  if (near(got, expected / 2)) return { en: 'the slope is half the answer: divide by 2h, not by 4h', ja: '傾きが答えの半分です。割るのは 2h です' }
  if (near(got, -expected)) return { en: 'the sign is flipped: f(x + h) − f(x − h), in that order', ja: '符号が逆です。f(x + h) − f(x − h) の順に引きます' }
  return null
}

/** numericalDiff(f, x) must match the central difference with h = 1e-4; a miss is explained from f's calls. */
function expectSlope(ctx: CheckContext, mod: NumericalDiffModule, fn: Fn, x: number, name: string): void {
  const { f, calls } = recording(fn)
  const got = mod.numericalDiff(f, x)
  const expected = reference(fn, x)
  expectScalar(ctx, `numericalDiff(f, ${formatNumber(x)}) for f(x) = ${name}`, got, expected, {
    rtol: 1e-7,
    atol: 1e-9,
    likely: (g) => fromCalls(calls, x, g, expected),
  })
}

export default defineExercise<NumericalDiffModule>({
  id: '4.3.1-numerical-diff',
  chapter: 4,
  section: '§4.3.1',
  file: '04-learning/03-numerical-diff/numerical-diff.ts',
  title: { ja: '数値微分（中心差分）', en: 'Numerical differentiation (central difference)' },
  hints: {
    ja: [
      '微分は「x を少しだけ動かしたときの f の変化の割合」です。少しだけの量 h を決めて、その割合を計算します。',
      'h を小さくしすぎると丸め誤差で 0 になります（本書では 1e-4）。また、x の前後 x + h と x − h の差を取る中心差分のほうが誤差が小さくなります。',
      'const h = 1e-4; return (f(x + h) - f(x - h)) / (2 * h)',
    ],
    en: [
      "A derivative is how fast f changes when x moves a little. Pick that little amount h and compute the rate.",
      'Too small an h rounds to nothing (the book uses 1e-4). The central difference, between x + h and x − h, is also far more accurate.',
      'const h = 1e-4; return (f(x + h) - f(x - h)) / (2 * h)',
    ],
  },
  forbidden: [],
  reference: async () => ({ numericalDiff: reference }),
  solution: { file: 'apps/quiz/src/curriculum/ch04/reference/numerical-diff.ts', symbol: 'numericalDiff' },
  checks: [
    {
      id: 'book-example',
      title: { ja: '本書の例（x = 5 で 0.1999…、x = 10 で 0.2999…）', en: "the book's example (0.1999… at x = 5, 0.2999… at x = 10)" },
      weight: 1,
      run(mod, ctx) {
        expectSlope(ctx, mod, function1, 5, '0.01x² + 0.1x')
        expectSlope(ctx, mod, function1, 10, '0.01x² + 0.1x')
      },
    },
    {
      id: 'central-difference',
      title: { ja: 'いろいろな関数で中心差分と一致', en: 'matches the central difference on many functions' },
      weight: 3,
      run(mod, ctx) {
        ctx.property(dims({ kind: [0, 3], x100: [-300, 300] }), ({ kind, x100, seed }) => {
          const { f, name } = randomFunction(kind, seed)
          expectSlope(ctx, mod, f, x100 / 100 + 0.005, name)
        })
      },
    },
    {
      id: 'evaluates-x-plus-minus-h',
      title: { ja: 'f を x + h と x − h（h = 1e-4）で評価する', en: 'evaluates f at x + h and x − h (h = 1e-4)' },
      weight: 1,
      run(mod, ctx) {
        const x = 1.5
        const { f, calls } = recording(Math.exp)
        mod.numericalDiff(f, x)
        const at = (p: number) => calls.some((c) => Math.abs(c - p) <= 1e-12)
        if (!at(x + H) || !at(x - H)) {
          const list = calls.map(formatNumber).join(', ') || 'nowhere'
          ctx.fail({
            what: 'the points f was evaluated at',
            got: list,
            expected: `${formatNumber(x + H)}, ${formatNumber(x - H)}`,
            message: {
              en: `numericalDiff(f, ${x}) evaluated f at ${list}; the central difference with h = 1e-4 evaluates it at x + h = ${formatNumber(x + H)} and x − h = ${formatNumber(x - H)}`,
              ja: `numericalDiff(f, ${x}) は f を ${list} で評価しました。h = 1e-4 の中心差分では x + h = ${formatNumber(x + H)} と x − h = ${formatNumber(x - H)} で評価します`,
            },
            likely: fromCalls(calls, x, NaN, NaN) ?? undefined,
          })
        }
      },
    },
  ],
  mutants: [
    {
      name: 'forward difference',
      module: () => ({ numericalDiff: (f: Fn, x: number) => (f(x + H) - f(x)) / H }),
      expect: { check: 'central-difference', contains: 'forward difference' },
    },
    {
      name: 'h = 1e-50',
      module: () => ({ numericalDiff: (f: Fn, x: number) => (f(x + 1e-50) - f(x - 1e-50)) / (2 * 1e-50) }),
      expect: { check: 'book-example', contains: 'rounds to x' },
    },
  ],
})
