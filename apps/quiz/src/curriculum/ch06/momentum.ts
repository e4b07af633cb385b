import { defineExercise } from '../../grader/types.js'
import { mistakes, optimizerChecks, type OptimizerModule } from './_optimizer-checks.js'
import { optimizerOf, type OptimizerClass, type StepArgs } from './_optimizer-of.js'
import { tx } from './_optimizer-scenario.js'

const defaults = { lr: 0.01, momentum: 0.9 }
const reference = async (): Promise<OptimizerClass> => (await import('@dlfs/train')).Momentum

/** v ← αv − η·g (eq. 6.3), as the book. */
const velocity = ({ g, o, state }: StepArgs) => state('v').mulInPlace(o.momentum!).subInPlace(g.mul(o.lr!))
const step = (a: StepArgs) => void a.W.addInPlace(velocity(a))

// Typical wrong implementations: each is recognised in the learner's results and is also a mutant.
const wrongSign = optimizerOf(defaults, (a) => void a.W.subInPlace(velocity(a)))
const previousV = optimizerOf(defaults, (a) => {
  a.W.addInPlace(a.state('v'))
  velocity(a)
})
const forgets = optimizerOf(defaults, step, { resetState: true })
const shared = optimizerOf(defaults, step, { sharedState: true })

export default defineExercise<OptimizerModule>({
  id: '6.1.4-momentum',
  chapter: 6,
  section: '§6.1.4',
  file: '06-techniques/02-momentum/momentum.ts',
  title: { ja: 'Momentum', en: 'Momentum' },
  hints: {
    ja: [
      'Momentum は「速度」v を持ちます。勾配の方向に力を受けて v が変わり、W は v の分だけ動きます（式 6.3・6.4）。',
      'v はキーごとに持ち、そのキーの最初の update で params[key] と同じ形状のゼロ（zerosLike）で作ります。update の呼び出しをまたいで保持し、W と同じくその場で書き換えます。',
      'const v = (this.v[key] ??= zerosLike(W)); v.mulInPlace(this.momentum).subInPlace(g.mul(this.lr)); W.addInPlace(v)。',
    ],
    en: [
      'Momentum keeps a velocity v: the gradient pushes v, and W moves by v (eqs. 6.3 and 6.4).',
      "Keep one v per key, created as zeros shaped like params[key] (zerosLike) on that key's first update; keep it between calls of update and change it in place, as W.",
      'const v = (this.v[key] ??= zerosLike(W)); v.mulInPlace(this.momentum).subInPlace(g.mul(this.lr)); W.addInPlace(v).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/train', names: ['Momentum', 'Nesterov', 'createOptimizer'] }],
  reference: async () => ({ Momentum: await reference() }),
  solution: { file: 'packages/train/src/optimizers/momentum.ts', symbol: 'Momentum' },
  checks: optimizerChecks({
    name: 'Momentum',
    reference,
    defaults,
    optionSets: [
      { lr: 0.1, momentum: 0.5 },
      { lr: 0.01, momentum: 0.9 },
      { lr: 0.05, momentum: 0.99 },
      { lr: 0.1, momentum: 0 },
    ],
    state: 'v[key]',
    variants: [
      { cls: wrongSign, likely: mistakes.wrongSign('v ← αv − η·∂L/∂W already points downhill, so W ← W + v') },
      {
        cls: previousV,
        likely: tx(
          'W moved with the previous v: first v ← αv − η·∂L/∂W (eq. 6.3), then W ← W + v with that new v (eq. 6.4)',
          'W が 1 つ前の v で動いています。先に v ← αv − η·∂L/∂W（式 6.3）を計算し、その新しい v で W ← W + v（式 6.4）とします',
        ),
      },
      { cls: forgets, likely: mistakes.forgetsState('v[key]') },
    ],
  }),
  mutants: [
    { name: 'W ← W − v (wrong sign)', module: () => ({ Momentum: wrongSign }), expect: { check: 'updates', contains: 'wrong sign' } },
    { name: 'moves W before updating v', module: () => ({ Momentum: previousV }), expect: { check: 'updates', contains: 'previous v' } },
    { name: 'v created anew at every update', module: () => ({ Momentum: forgets }), expect: { check: 'updates', contains: 'between calls' } },
    { name: 'one v shared by all keys', module: () => ({ Momentum: shared }), expect: { check: 'state-per-key', contains: 'separately for each key' } },
  ],
})
