import { defineExercise } from '../../grader/types.js'
import { mistakes, optimizerChecks, type OptimizerModule } from './_optimizer-checks.js'
import { optimizerOf, type OptimizerClass } from './_optimizer-of.js'
import { tx } from './_optimizer-scenario.js'

const defaults = { lr: 0.01 }
const reference = async (): Promise<OptimizerClass> => (await import('@dlfs/train')).SGD

// Typical wrong implementations: each is recognised in the learner's results and is also a mutant.
const wrongSign = optimizerOf(defaults, ({ W, g, o }) => void W.addInPlace(g.mul(o.lr!)))
const fixedLr = optimizerOf(defaults, ({ W, g }) => void W.subInPlace(g.mul(0.01)))
const reassigned = optimizerOf(defaults, ({ W, g, o }) => void W.subInPlace(g.mul(o.lr!)), { reassign: true })
const scalesGrads = optimizerOf(defaults, ({ W, g, o }) => void W.subInPlace(g.mulInPlace(o.lr!)))

export default defineExercise<OptimizerModule>({
  id: '6.1.2-sgd',
  chapter: 6,
  section: '§6.1.2',
  file: '06-techniques/01-sgd/sgd.ts',
  title: { ja: 'SGD（確率的勾配降下法）', en: 'SGD (stochastic gradient descent)' },
  hints: {
    ja: [
      '式 6.1 の W ← W − η·∂L/∂W を、params のキーごとに行います。params と grads は同じキー・同じ形状の配列を持つ辞書です。',
      'params[key] を新しい配列に置き換えると、レイヤが持っている配列は変わらず、ネットワークは学習しません。NDArray の subInPlace で配列そのものを書き換えます。grads は書き換えません。',
      'constructor では this.lr = options.lr ?? 0.01。update では for (const key of Object.keys(params)) params[key]!.subInPlace(grads[key]!.mul(this.lr))。',
    ],
    en: [
      'Apply W ← W − η·∂L/∂W (eq. 6.1) to every key of params. params and grads are dicts with the same keys and, per key, the same shape.',
      'Replacing params[key] with a new array leaves the array the layer holds unchanged, so the network would not learn. Change the array itself with NDArray.subInPlace; leave grads alone.',
      'In the constructor, this.lr = options.lr ?? 0.01. In update: for (const key of Object.keys(params)) params[key]!.subInPlace(grads[key]!.mul(this.lr)).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/train', names: ['SGD', 'createOptimizer'] }],
  reference: async () => ({ SGD: await reference() }),
  solution: { file: 'packages/train/src/optimizers/sgd.ts', symbol: 'SGD' },
  checks: optimizerChecks({
    name: 'SGD',
    reference,
    defaults,
    optionSets: [{ lr: 0.1 }, { lr: 0.01 }, { lr: 0.5 }, { lr: 0.001 }],
    state: null,
    variants: [
      { cls: wrongSign, likely: mistakes.wrongSign('W ← W − lr·∂L/∂W') },
      {
        cls: fixedLr,
        likely: tx(
          'the step does not follow the lr option: keep options.lr in this.lr (0.01 only when it is not given) and use it in update',
          'ステップの大きさが lr オプションに従っていません。options.lr を this.lr に保存し（指定がないときだけ 0.01）、update ではそれを使ってください',
        ),
      },
    ],
  }),
  mutants: [
    { name: 'adds the gradient (wrong sign)', module: () => ({ SGD: wrongSign }), expect: { check: 'updates', contains: 'wrong sign' } },
    { name: 'ignores the lr option', module: () => ({ SGD: fixedLr }), expect: { check: 'updates', contains: 'lr option' } },
    { name: 'replaces params[key] instead of updating it', module: () => ({ SGD: reassigned }), expect: { check: 'in-place', contains: 'replaced params' } },
    { name: 'scales the gradient in place', module: () => ({ SGD: scalesGrads }), expect: { check: 'grads-unchanged', contains: 'changed grads' } },
  ],
})
