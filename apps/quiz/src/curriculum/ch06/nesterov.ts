import { defineExercise } from '../../grader/types.js'
import { mistakes, optimizerChecks, type OptimizerModule } from './_optimizer-checks.js'
import { optimizerOf, type OptimizerClass, type Quirks, type StepArgs } from './_optimizer-of.js'
import { tx } from './_optimizer-scenario.js'

const defaults = { lr: 0.01, momentum: 0.9 }
const reference = async (): Promise<OptimizerClass> => (await import('@dlfs/train')).Nesterov

interface NesterovWay {
  /** Move W with the previous v, then update v (older copies of common/optimizer.py). */
  vAfter?: boolean
  /** α instead of α² on v. */
  velocityPower?: number
  /** (1 + α) on the gradient term unless false. */
  onePlus?: boolean
  sign?: number
}
/** The current common/optimizer.py step: v ← αv − η·g; W ← W + α²·v − (1 + α)·η·g; or a typical mistake. */
function nesterov(way: NesterovWay = {}) {
  return ({ W, g, o, state }: StepArgs) => {
    const [a, lr, sign] = [o.momentum!, o.lr!, way.sign ?? 1]
    const v = state('v')
    const moveV = () => v.mulInPlace(a).subInPlace(g.mul(lr))
    if (!way.vAfter) moveV()
    W.addInPlace(v.mul(sign * a ** (way.velocityPower ?? 2)))
    W.subInPlace(g.mul(sign * (way.onePlus === false ? 1 : 1 + a) * lr))
    if (way.vAfter) moveV()
  }
}
const nesterovOf = (way: NesterovWay, quirks?: Quirks) => optimizerOf(defaults, nesterov(way), quirks)

// Typical wrong implementations: each is recognised in the learner's results and is also a mutant.
const vAfter = nesterovOf({ vAfter: true })
const plainMomentum = optimizerOf(defaults, ({ W, g, o, state }) => void W.addInPlace(state('v').mulInPlace(o.momentum!).subInPlace(g.mul(o.lr!))))
const noOnePlus = nesterovOf({ onePlus: false })
const alphaOnce = nesterovOf({ velocityPower: 1 })
const forgets = nesterovOf({}, { resetState: true })
const shared = nesterovOf({}, { sharedState: true })
const wrongSign = nesterovOf({ sign: -1 })

export default defineExercise<OptimizerModule>({
  id: '6.1.6-nesterov',
  chapter: 6,
  section: '§6.1.6',
  file: '06-techniques/06-nesterov/nesterov.ts',
  title: { ja: 'Nesterov の加速勾配法', en: "Nesterov's accelerated gradient" },
  hints: {
    ja: [
      'Nesterov は Momentum の改良版です。速度 v で「少し先へ進んだ位置」の勾配を使う考え方を、今の勾配 g だけで書ける形に変形してあります（common/optimizer.py の Nesterov）。',
      'v は Momentum と同じくキーごとに持ち、先に v ← αv − η·g と更新します。その新しい v を使って W ← W + α²·v − (1 + α)·η·g とします（α = momentum）。',
      'v.mulInPlace(a).subInPlace(g.mul(this.lr)); W.addInPlace(v.mul(a * a)); W.subInPlace(g.mul((1 + a) * this.lr))。',
    ],
    en: [
      "Nesterov's method improves Momentum: it takes the gradient a little ahead along v, rewritten so that only the current gradient g is needed (Nesterov in common/optimizer.py).",
      'Keep one v per key, as Momentum does, and update it first: v ← αv − η·g. Then, with that new v, W ← W + α²·v − (1 + α)·η·g (α = momentum).',
      'v.mulInPlace(a).subInPlace(g.mul(this.lr)); W.addInPlace(v.mul(a * a)); W.subInPlace(g.mul((1 + a) * this.lr)).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/train', names: ['Nesterov', 'createOptimizer'] }],
  reference: async () => ({ Nesterov: await reference() }),
  solution: { file: 'packages/train/src/optimizers/nesterov.ts', symbol: 'Nesterov' },
  checks: optimizerChecks({
    name: 'Nesterov',
    reference,
    defaults,
    optionSets: [
      { lr: 0.1, momentum: 0.5 },
      { lr: 0.01, momentum: 0.9 },
      { lr: 0.05, momentum: 0.99 },
      { lr: 0.1, momentum: 0.3 },
    ],
    state: 'v[key]',
    variants: [
      {
        cls: vAfter,
        likely: tx(
          'W moved with the previous v: the current common/optimizer.py updates v first (v ← αv − η·g), then W ← W + α²·v − (1 + α)·η·g with the new v (older copies of the file do it the other way round)',
          'W が 1 つ前の v で動いています。現在の common/optimizer.py は先に v ← αv − η·g を計算し、その新しい v で W ← W + α²·v − (1 + α)·η·g とします（古い版のファイルは順序が逆です）',
        ),
      },
      {
        cls: plainMomentum,
        likely: tx(
          "this is plain Momentum (W ← W + v): Nesterov's step is W ← W + α²·v − (1 + α)·η·g",
          'これは普通の Momentum（W ← W + v）です。Nesterov では W ← W + α²·v − (1 + α)·η·g です',
        ),
      },
      { cls: noOnePlus, likely: tx('the gradient term is (1 + α)·η·g, not η·g', '勾配の項は η·g ではなく (1 + α)·η·g です') },
      { cls: alphaOnce, likely: tx('the velocity term is α²·v (momentum squared), not α·v', '速度の項は α·v ではなく α²·v（momentum の 2 乗）です') },
      { cls: forgets, likely: mistakes.forgetsState('v[key]') },
      { cls: wrongSign, likely: mistakes.wrongSign('W ← W + α²·v − (1 + α)·η·g') },
    ],
  }),
  mutants: [
    { name: 'moves W with the previous v', module: () => ({ Nesterov: vAfter }), expect: { check: 'updates', contains: 'previous v' } },
    { name: 'plain Momentum', module: () => ({ Nesterov: plainMomentum }), expect: { check: 'updates', contains: 'plain Momentum' } },
    { name: 'η·g instead of (1 + α)·η·g', module: () => ({ Nesterov: noOnePlus }), expect: { check: 'updates', contains: '(1 + α)' } },
    { name: 'one v shared by all keys', module: () => ({ Nesterov: shared }), expect: { check: 'state-per-key', contains: 'separately for each key' } },
  ],
})
