import { defineExercise } from '../../grader/types.js'
import { mistakes, optimizerChecks, type OptimizerModule } from './_optimizer-checks.js'
import { optimizerOf, type OptimizerClass, type StepArgs } from './_optimizer-of.js'
import { tx } from './_optimizer-scenario.js'

const defaults = { lr: 0.01 }
const reference = async (): Promise<OptimizerClass> => (await import('@dlfs/train')).AdaGrad
const denominator = '√h + 1e-7 (np.sqrt(self.h[key]) + 1e-7)'

/** h ← h + g⊙g (eq. 6.5), then W ← W − η·g / denominator(h). */
function adagrad(denominatorOf: (h: StepArgs['W']) => StepArgs['W'], accumulate = true) {
  return ({ W, g, o, state }: StepArgs) => {
    const h = state('h')
    if (accumulate) h.addInPlace(g.mul(g))
    else h.assign(g.mul(g))
    W.subInPlace(g.mul(o.lr!).div(denominatorOf(h)))
  }
}
const bookDenominator = (h: StepArgs['W']) => h.sqrt().add(1e-7)

// Typical wrong implementations: each is recognised in the learner's results and is also a mutant.
const noEps = optimizerOf(defaults, adagrad((h) => h.sqrt()))
const epsInside = optimizerOf(defaults, adagrad((h) => h.add(1e-7).sqrt()))
const noSqrt = optimizerOf(defaults, adagrad((h) => h.add(1e-7)))
const notAccumulated = optimizerOf(defaults, adagrad(bookDenominator, false))
const forgets = optimizerOf(defaults, adagrad(bookDenominator), { resetState: true })
const shared = optimizerOf(defaults, adagrad(bookDenominator), { sharedState: true })
const wrongSign = optimizerOf(defaults, (a) => adagrad(bookDenominator)({ ...a, o: { lr: -a.o.lr! } }))

export default defineExercise<OptimizerModule>({
  id: '6.1.5-adagrad',
  chapter: 6,
  section: '§6.1.5',
  file: '06-techniques/03-adagrad/adagrad.ts',
  title: { ja: 'AdaGrad', en: 'AdaGrad' },
  hints: {
    ja: [
      'AdaGrad は、これまでの勾配の 2 乗和 h を要素ごとに覚えておき、よく動いた要素ほど学習係数を小さくします（式 6.5・6.6）。',
      'h はキーごとに持ち、最初の update で params[key] と同じ形状のゼロで作ります。h ← h + g⊙g（⊙ は要素ごとの積）。勾配が 0 の要素では √h も 0 なので、本書は分母に 1e-7 を足して 0 除算を防ぎます。',
      'const h = (this.h[key] ??= zerosLike(W)); h.addInPlace(g.mul(g)); W.subInPlace(g.mul(this.lr).div(h.sqrt().add(1e-7)))。',
    ],
    en: [
      'AdaGrad remembers, element by element, the sum h of the squared gradients so far, and gives elements that have moved a lot a smaller learning rate (eqs. 6.5 and 6.6).',
      "Keep one h per key, zeros shaped like params[key] on that key's first update. h ← h + g⊙g (⊙: element-wise product). Where the gradient is 0, √h is 0 too: the book adds 1e-7 to the denominator so it never divides by 0.",
      'const h = (this.h[key] ??= zerosLike(W)); h.addInPlace(g.mul(g)); W.subInPlace(g.mul(this.lr).div(h.sqrt().add(1e-7))).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/train', names: ['AdaGrad', 'RMSprop', 'createOptimizer'] }],
  reference: async () => ({ AdaGrad: await reference() }),
  solution: { file: 'packages/train/src/optimizers/adagrad.ts', symbol: 'AdaGrad' },
  checks: optimizerChecks({
    name: 'AdaGrad',
    reference,
    defaults,
    optionSets: [{ lr: 0.1 }, { lr: 0.01 }, { lr: 0.5 }, { lr: 1 }],
    state: 'h[key]',
    denominator,
    variants: [
      { cls: noEps, likely: mistakes.noEps(denominator) },
      { cls: epsInside, likely: mistakes.epsInside(denominator) },
      {
        cls: noSqrt,
        likely: tx('divide by the square root of h (plus 1e-7), not by h itself: W ← W − η·g / (√h + 1e-7)', 'h そのものではなく、h の平方根（に 1e-7 を足したもの）で割ります: W ← W − η·g / (√h + 1e-7)'),
      },
      {
        cls: notAccumulated,
        likely: tx(
          'h must accumulate: h ← h + g⊙g adds this update\'s squared gradient to all the earlier ones (eq. 6.5), not h = g⊙g',
          'h は足し込んでいきます。h ← h + g⊙g は、今回の勾配の 2 乗をそれまでのすべてに加えます（式 6.5）。h = g⊙g ではありません',
        ),
      },
      { cls: forgets, likely: mistakes.forgetsState('h[key]') },
      { cls: wrongSign, likely: mistakes.wrongSign('W ← W − η·g / (√h + 1e-7)') },
    ],
  }),
  mutants: [
    { name: 'no 1e-7 in the denominator', module: () => ({ AdaGrad: noEps }), expect: { check: 'zero-gradient', contains: '1e-7' } },
    { name: 'h = g⊙g (not accumulated)', module: () => ({ AdaGrad: notAccumulated }), expect: { check: 'updates', contains: 'accumulate' } },
    { name: '1e-7 inside the square root', module: () => ({ AdaGrad: epsInside }), expect: { check: 'updates', contains: 'outside the square root' } },
    { name: 'one h shared by all keys', module: () => ({ AdaGrad: shared }), expect: { check: 'state-per-key', contains: 'separately for each key' } },
  ],
})
