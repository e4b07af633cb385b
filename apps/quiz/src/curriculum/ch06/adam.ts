import { defineExercise } from '../../grader/types.js'
import { mistakes, optimizerChecks, type OptimizerModule } from './_optimizer-checks.js'
import { optimizerOf, type OptimizerClass, type Quirks, type StepArgs } from './_optimizer-of.js'
import { tx } from './_optimizer-scenario.js'

const defaults = { lr: 0.001, beta1: 0.9, beta2: 0.999 }
const reference = async (): Promise<OptimizerClass> => (await import('@dlfs/train')).Adam
const denominator = '√v + 1e-7 (np.sqrt(self.v[key]) + 1e-7)'

interface AdamWay {
  /** lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ) (the book) unless false. */
  biasCorrection?: boolean
  /** Use t − 1 in lr_t (iter increased after lr_t). */
  lateIter?: boolean
  /** eps added to the corrected √v̂ (PyTorch), with this eps. */
  correctedEps?: number
  eps?: number
  swapBetas?: boolean
  sign?: number
}
/** The book's Adam step (common/optimizer.py), or one of its typical mistakes. */
function adam(way: AdamWay = {}) {
  return ({ W, g, o, state, t }: StepArgs) => {
    const [b1, b2] = way.swapBetas ? [o.beta2!, o.beta1!] : [o.beta1!, o.beta2!]
    const m = state('m').addInPlace(g.sub(state('m')).mul(1 - b1))
    const v = state('v').addInPlace(g.mul(g).sub(state('v')).mul(1 - b2))
    const sign = way.sign ?? 1
    if (way.correctedEps !== undefined) {
      const [mHat, vHat] = [m.div(1 - o.beta1! ** t), v.div(1 - o.beta2! ** t)]
      W.subInPlace(mHat.mul(sign * o.lr!).div(vHat.sqrt().add(way.correctedEps)))
      return
    }
    const tt = way.lateIter ? t - 1 : t
    const lrT = way.biasCorrection === false ? o.lr! : (o.lr! * Math.sqrt(1 - o.beta2! ** tt)) / (1 - o.beta1! ** tt)
    W.subInPlace(m.mul(sign * lrT).div(v.sqrt().add(way.eps ?? 1e-7)))
  }
}
const adamOf = (way: AdamWay, quirks?: Quirks) => optimizerOf(defaults, adam(way), quirks)

// Typical wrong implementations: each is recognised in the learner's results and is also a mutant.
const noBiasCorrection = adamOf({ biasCorrection: false })
const pytorch8 = adamOf({ correctedEps: 1e-8 })
const pytorch7 = adamOf({ correctedEps: 1e-7 })
const lateIter = adamOf({ lateIter: true })
const iterPerKey = adamOf({}, { iterPerKey: true })
const swapBetas = adamOf({ swapBetas: true })
const noEps = adamOf({ eps: 0 })
const forgets = adamOf({}, { resetState: true })
const wrongSign = adamOf({ sign: -1 })

const pytorchText = tx(
  "you corrected m and v (m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ)) and added eps to √v̂, as PyTorch does. The book folds the correction into the step size, lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ), and adds 1e-7 to the UNcorrected √v: W ← W − lr_t·m/(√v + 1e-7)",
  'm と v を補正し（m̂ = m/(1 − β1ᵗ)、v̂ = v/(1 − β2ᵗ)）、√v̂ に eps を足しています（PyTorch の方式）。本書は補正を学習係数 lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ) にまとめ、補正していない √v に 1e-7 を足します: W ← W − lr_t·m/(√v + 1e-7)',
)

export default defineExercise<OptimizerModule>({
  id: '6.1.6-adam',
  chapter: 6,
  section: '§6.1.6',
  file: '06-techniques/05-adam/adam.ts',
  title: { ja: 'Adam', en: 'Adam' },
  hints: {
    ja: [
      'Adam は Momentum（勾配の移動平均 m）と RMSProp（勾配の 2 乗の移動平均 v）を組み合わせ、さらに「バイアス補正」を行います。本書のコード（common/optimizer.py）の形で実装します。',
      'm と v はキーごとに、iter は update の呼び出しごとに 1 つ数えます（キーごとではありません）。iter を 1 増やしてから lr_t = lr·√(1 − β2^iter)/(1 − β1^iter) を求めます。これがバイアス補正です。',
      'm.addInPlace(g.sub(m).mul(1 - beta1)); v.addInPlace(g.mul(g).sub(v).mul(1 - beta2)); W.subInPlace(m.mul(lrT).div(v.sqrt().add(1e-7)))。',
    ],
    en: [
      'Adam combines Momentum (a moving average m of the gradients) with RMSprop (a moving average v of their squares) and adds a bias correction. Write it as the book\'s code does (common/optimizer.py).',
      'Keep m and v per key, and count iter once per call of update (not per key). Increase iter, then compute lr_t = lr·√(1 − β2^iter)/(1 − β1^iter): that is the bias correction.',
      'm.addInPlace(g.sub(m).mul(1 - beta1)); v.addInPlace(g.mul(g).sub(v).mul(1 - beta2)); W.subInPlace(m.mul(lrT).div(v.sqrt().add(1e-7))).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/train', names: ['Adam', 'createOptimizer'] }],
  reference: async () => ({ Adam: await reference() }),
  solution: { file: 'packages/train/src/optimizers/adam.ts', symbol: 'Adam' },
  checks: optimizerChecks({
    name: 'Adam',
    reference,
    defaults,
    optionSets: [
      { lr: 0.01, beta1: 0.5, beta2: 0.9 },
      { lr: 0.001, beta1: 0.9, beta2: 0.999 },
      { lr: 0.1, beta1: 0.9, beta2: 0.99 },
      { lr: 0.001, beta1: 0, beta2: 0.999 },
    ],
    state: 'm[key] and v[key]',
    perKeyNote: tx('Count iter once per update call, not once per key: it is the t of lr_t.', 'iter はキーごとではなく、update の呼び出し 1 回につき 1 だけ増やします。lr_t の t です。'),
    denominator,
    variants: [
      {
        cls: noBiasCorrection,
        likely: tx(
          'the bias correction is missing: the step size is lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ), with t = iter the number of updates so far',
          'バイアス補正がありません。学習係数は lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ) です（t = iter はこれまでの update の回数）',
        ),
      },
      { cls: pytorch8, likely: pytorchText },
      { cls: pytorch7, likely: pytorchText },
      {
        cls: lateIter,
        likely: tx(
          'lr_t used t = 0 at the first update: increase iter BEFORE computing lr_t (t = 1 at the first update)',
          '最初の update で t = 0 の lr_t を使っています。lr_t を求める前に iter を 1 増やしてください（最初の update で t = 1）',
        ),
      },
      {
        cls: iterPerKey,
        likely: tx(
          'iter counts calls of update, not keys: increase it once per update, before the loop over the keys',
          'iter はキーの数ではなく update の呼び出し回数を数えます。キーのループの前で、update 1 回につき 1 だけ増やしてください',
        ),
      },
      {
        cls: swapBetas,
        likely: tx('β1 goes with m (the average of g) and β2 with v (the average of g⊙g)', 'β1 は m（g の平均）に、β2 は v（g⊙g の平均）に使います'),
      },
      { cls: noEps, likely: mistakes.noEps(denominator) },
      { cls: forgets, likely: mistakes.forgetsState('m[key] and v[key]') },
      { cls: wrongSign, likely: mistakes.wrongSign('W ← W − lr_t·m/(√v + 1e-7)') },
    ],
  }),
  mutants: [
    { name: 'no bias correction (lr_t = lr)', module: () => ({ Adam: noBiasCorrection }), expect: { check: 'updates', contains: 'bias correction' } },
    { name: 'PyTorch-style eps on the corrected √v̂', module: () => ({ Adam: pytorch8 }), expect: { check: 'updates', contains: 'PyTorch' } },
    { name: 'iter counted once per key', module: () => ({ Adam: iterPerKey }), expect: { check: 'state-per-key', contains: 'once per update call' } },
    { name: 'no 1e-7 in the denominator', module: () => ({ Adam: noEps }), expect: { check: 'zero-gradient', contains: '1e-7' } },
    { name: 'default lr 0.01', module: () => ({ Adam: optimizerOf({ ...defaults, lr: 0.01 }, adam()) }), expect: { check: 'defaults', contains: "book's defaults" } },
    { name: 'iter increased after lr_t', module: () => ({ Adam: lateIter }), expect: { check: 'updates', contains: 'BEFORE computing lr_t' } },
  ],
})
