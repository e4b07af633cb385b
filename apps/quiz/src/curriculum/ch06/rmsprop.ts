import { defineExercise } from '../../grader/types.js'
import { mistakes, optimizerChecks, type OptimizerModule } from './_optimizer-checks.js'
import { optimizerOf, type OptimizerClass, type StepArgs } from './_optimizer-of.js'
import { tx } from './_optimizer-scenario.js'

const defaults = { lr: 0.01, decayRate: 0.99 }
const reference = async (): Promise<OptimizerClass> => (await import('@dlfs/train')).RMSprop
const denominator = '√h + 1e-7 (np.sqrt(self.h[key]) + 1e-7)'

type Mix = (h: StepArgs['W'], g: StepArgs['W'], rho: number) => void
/** h ← ρh + (1 − ρ)·g⊙g, as common/optimizer.py. */
const bookMix: Mix = (h, g, rho) => void h.mulInPlace(rho).addInPlace(g.mul(g).mul(1 - rho))
/** The step with a given way to update h and a given denominator. */
function rmsprop(mix: Mix, denominatorOf = (h: StepArgs['W']) => h.sqrt().add(1e-7), sign = 1) {
  return ({ W, g, o, state }: StepArgs) => {
    const h = state('h')
    mix(h, g, o.decayRate!)
    W.subInPlace(g.mul(sign * o.lr!).div(denominatorOf(h)))
  }
}

// Typical wrong implementations: each is recognised in the learner's results and is also a mutant.
const swapped = optimizerOf(defaults, rmsprop((h, g, rho) => void h.mulInPlace(1 - rho).addInPlace(g.mul(g).mul(rho))))
const adagradSum = optimizerOf(defaults, rmsprop((h, g) => void h.addInPlace(g.mul(g))))
const noEps = optimizerOf(defaults, rmsprop(bookMix, (h) => h.sqrt()))
const epsInside = optimizerOf(defaults, rmsprop(bookMix, (h) => h.add(1e-7).sqrt()))
const forgets = optimizerOf(defaults, rmsprop(bookMix), { resetState: true })
const shared = optimizerOf(defaults, rmsprop(bookMix), { sharedState: true })
const wrongSign = optimizerOf(defaults, rmsprop(bookMix, undefined, -1))

export default defineExercise<OptimizerModule>({
  id: '6.1.5-rmsprop',
  chapter: 6,
  section: '§6.1.5',
  file: '06-techniques/04-rmsprop/rmsprop.ts',
  title: { ja: 'RMSProp', en: 'RMSprop' },
  hints: {
    ja: [
      'AdaGrad の h は増える一方なので、学習が進むと更新量がほぼ 0 になります。RMSProp は古い勾配を少しずつ忘れる「指数移動平均」で h を作ります（§6.1.5 の注記）。',
      'h はキーごとに持ち、最初の update で params[key] と同じ形状のゼロで作ります。decayRate（ρ）が古い h を残す割合で、新しい g⊙g には (1 − ρ) を掛けます。分母は AdaGrad と同じく √h + 1e-7 です。',
      'const h = (this.h[key] ??= zerosLike(W)); h.mulInPlace(this.decayRate).addInPlace(g.mul(g).mul(1 - this.decayRate)); W.subInPlace(g.mul(this.lr).div(h.sqrt().add(1e-7)))。',
    ],
    en: [
      "AdaGrad's h only grows, so its steps shrink toward 0 as training goes on. RMSprop builds h as an exponential moving average that slowly forgets old gradients (the note in §6.1.5).",
      "Keep one h per key, zeros shaped like params[key] on that key's first update. decayRate (ρ) is the share of the old h that stays; the new g⊙g is weighted by (1 − ρ). The denominator is AdaGrad's, √h + 1e-7.",
      'const h = (this.h[key] ??= zerosLike(W)); h.mulInPlace(this.decayRate).addInPlace(g.mul(g).mul(1 - this.decayRate)); W.subInPlace(g.mul(this.lr).div(h.sqrt().add(1e-7))).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/train', names: ['RMSprop', 'AdaGrad', 'createOptimizer'] }],
  reference: async () => ({ RMSprop: await reference() }),
  solution: { file: 'packages/train/src/optimizers/rmsprop.ts', symbol: 'RMSprop' },
  checks: optimizerChecks({
    name: 'RMSprop',
    reference,
    defaults,
    optionSets: [
      { lr: 0.1, decayRate: 0.9 },
      { lr: 0.01, decayRate: 0.99 },
      { lr: 0.05, decayRate: 0.5 },
      { lr: 0.001, decayRate: 0 },
    ],
    state: 'h[key]',
    denominator,
    variants: [
      {
        cls: swapped,
        likely: tx(
          'ρ and 1 − ρ are swapped: h ← ρ·h + (1 − ρ)·g⊙g keeps most of the old h (ρ = decayRate = 0.99 by default)',
          'ρ と 1 − ρ が入れ替わっています。h ← ρ·h + (1 − ρ)·g⊙g で、古い h の大部分を残します（既定の ρ = decayRate = 0.99）',
        ),
      },
      {
        cls: adagradSum,
        likely: tx(
          "this h is AdaGrad's plain sum (h ← h + g⊙g): RMSprop forgets old gradients, h ← ρ·h + (1 − ρ)·g⊙g",
          'この h は AdaGrad の単純な和（h ← h + g⊙g）です。RMSProp は古い勾配を忘れていきます: h ← ρ·h + (1 − ρ)·g⊙g',
        ),
      },
      { cls: noEps, likely: mistakes.noEps(denominator) },
      { cls: epsInside, likely: mistakes.epsInside(denominator) },
      { cls: forgets, likely: mistakes.forgetsState('h[key]') },
      { cls: wrongSign, likely: mistakes.wrongSign('W ← W − η·g / (√h + 1e-7)') },
    ],
  }),
  mutants: [
    { name: 'ρ and 1 − ρ swapped', module: () => ({ RMSprop: swapped }), expect: { check: 'updates', contains: 'swapped' } },
    { name: "AdaGrad's sum instead of the moving average", module: () => ({ RMSprop: adagradSum }), expect: { check: 'updates', contains: "AdaGrad's plain sum" } },
    { name: 'no 1e-7 in the denominator', module: () => ({ RMSprop: noEps }), expect: { check: 'zero-gradient', contains: '1e-7' } },
    { name: 'one h shared by all keys', module: () => ({ RMSprop: shared }), expect: { check: 'state-per-key', contains: 'separately for each key' } },
  ],
})
