import { NDArray, Rng } from '@dlfs/matrix'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { dims } from '../../grader/inputs.js'
import { signFlipped } from '../../grader/diagnose.js'
import * as reference from './reference/weight-decay.js'
import { like, tx, withInput } from './_support.js'

type Params = Record<string, NDArray>
interface WeightDecayModule {
  weightDecayLoss(params: Params, lambda: number): number
  addWeightDecay(grads: Params, params: Params, lambda: number): Params
}

/** The reference module: exactly the learner's two exports. */
const referenceModule: WeightDecayModule = { weightDecayLoss: reference.weightDecayLoss, addWeightDecay: reference.addWeightDecay }
const LAMBDAS = [0.1, 0.01, 1, 0.5]
/** A small MultiLayerNetExtend's params (W1, b1, gamma1, beta1, W2, b2), or their gradients. */
function netParams(seed: number, a: number, b: number, c: number): Params {
  const rng = new Rng(seed)
  return { W1: rng.randn([a, b]), b1: rng.randn([b]), gamma1: rng.randn([b]), beta1: rng.randn([b]), W2: rng.randn([b, c]), b2: rng.randn([c]) }
}
const describeParams = (p: Params, lambda: number) => `params ${Object.entries(p).map(([k, x]) => `${k} (${x.shape.join(',')}${x.ndim === 1 ? ',' : ''})`).join(', ')}; λ = ${lambda}`
const sumOver = (p: Params, keys: (k: string) => boolean, f: (x: NDArray) => number) => Object.entries(p).reduce((s, [k, x]) => s + (keys(k) ? f(x) : 0), 0)
const squares = (x: NDArray) => x.mul(x).sum().item()

/** The likely mistake behind a wrong loss: the value each well-known slip would give on these params. */
function lossMistake(p: Params, lambda: number) {
  const W = reference.isWeight
  const all = () => true
  const candidates: [number, Text][] = [
    [lambda * sumOver(p, W, squares), tx('the ½ is missing: the term is ½λΣ‖W‖² (the ½ makes its gradient exactly λW)', '½ が抜けています。正しくは ½λΣ‖W‖² です（½ があるので勾配がちょうど λW になります）')],
    [0.5 * lambda * sumOver(p, all, squares), tx('biases and gamma/beta were included: weight decay applies to the weights W1, W2, … only', 'バイアスや gamma/beta まで含めています。Weight decay の対象は重み W1, W2, … だけです')],
    [0.5 * lambda * sumOver(p, (k) => W(k) || k.startsWith('b'), squares), tx('the biases were included: weight decay applies to the weights W1, W2, … only', 'バイアスまで含めています。Weight decay の対象は重み W1, W2, … だけです')],
    [0.5 * sumOver(p, W, squares), tx('λ is missing: ½λΣ‖W‖²', 'λ が抜けています: ½λΣ‖W‖²')],
    [0.5 * lambda * sumOver(p, W, (x) => x.abs().sum().item()), tx('that is the L1 norm Σ|W|; weight decay here uses the squared L2 norm ‖W‖² = Σ W²', 'それは L1 ノルム Σ|W| です。ここでの Weight decay は L2 ノルムの 2 乗 ‖W‖² = Σ W² を使います')],
    [0.5 * lambda * sumOver(p, W, (x) => Math.sqrt(squares(x))), tx('‖W‖² is the sum of the squares itself, not its square root', '‖W‖² は 2 乗和そのものです。平方根は取りません')],
    [0.5 * lambda * sumOver(p, W, (x) => squares(x) / x.size), tx('sum the squares (np.sum(W**2)); do not average them', '2 乗は平均ではなく合計します（np.sum(W**2)）')],
  ]
  return (got: number) => candidates.find(([v]) => Math.abs(got - v) <= 1e-9 * Math.abs(v) + 1e-15)?.[1] ?? null
}

/** The learner's result must hold every key of grads as an NDArray; returns it typed. */
function expectRecord(ctx: CheckContext, got: unknown, grads: Params): Params {
  const missing = Object.keys(grads).filter((k) => !(got && typeof got === 'object' && (got as Params)[k] instanceof NDArray))
  if (missing.length) {
    ctx.fail({
      what: 'addWeightDecay result',
      message: tx(`addWeightDecay should return every key of grads; missing: ${missing.join(', ')} (b and gamma/beta keep their gradients)`, `addWeightDecay は grads のすべてのキーを返すはずです。足りないキー: ${missing.join(', ')}（b や gamma/beta の勾配もそのまま返します）`),
    })
  }
  return got as Params
}

export default defineExercise<WeightDecayModule>({
  id: '6.4.2-weight-decay',
  chapter: 6,
  section: '§6.4.2',
  file: '06-techniques/09-weight-decay/weight-decay.ts',
  title: { ja: 'Weight decay（荷重減衰）', en: 'Weight decay' },
  hints: {
    ja: [
      '大きな重みにペナルティを与えて過学習を抑えます。損失関数に ½λ‖W‖²（L2 ノルムの 2 乗）を重みごとに足し、逆伝播ではその微分 λW を各 dW に足します。',
      '対象は重み（キーが W で始まる W1, W2, …）だけです。b や Batch Normalization の gamma、beta には足しません。‖W‖² は W のすべての要素の 2 乗の合計です。',
      'loss は Σ over W keys of 0.5 * lambda * W.mul(W).sum().item()。grads は { ...grads } をコピーして、W のキーだけ grads[key].add(params[key].mul(lambda)) に置き換えます。',
    ],
    en: [
      'Penalise large weights to curb overfitting: add ½λ‖W‖² (the squared L2 norm) per weight to the loss, and its derivative λW to each dW in backprop.',
      "Only the weights count (keys starting with W: W1, W2, …), not b, nor BatchNormalization's gamma and beta. ‖W‖² is the sum of the squares of all of W's elements.",
      'The loss is the sum over the W keys of 0.5 * lambda * W.mul(W).sum().item(). Copy the grads ({ ...grads }) and replace only the W keys with grads[key].add(params[key].mul(lambda)).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/train', names: ['weightDecay', 'addWeightDecay', 'MultiLayerNet', 'MultiLayerNetExtend'] }],
  reference: async () => referenceModule,
  solution: { file: 'apps/quiz/src/curriculum/ch06/reference/weight-decay.ts', symbol: 'weightDecayLoss' },
  checks: [
    {
      id: 'loss',
      title: tx('weightDecayLoss = ½λ Σ‖W‖² over the weights only', 'weightDecayLoss = ½λ Σ‖W‖²（重みだけ）'),
      weight: 3,
      run({ weightDecayLoss }, ctx) {
        ctx.property(dims({ a: [1, 4], b: [1, 4], c: [1, 3], l: [0, 3] }), ({ a, b, c, l, seed }) => {
          const params = netParams(seed, a, b, c)
          const lambda = LAMBDAS[l]!
          withInput(describeParams(params, lambda), () =>
            ctx.expectNumberClose(`weightDecayLoss(params, ${lambda})`, weightDecayLoss(params, lambda), reference.weightDecayLoss(params, lambda), { rtol: 1e-9, likely: lossMistake(params, lambda) }),
          )
        })
      },
    },
    {
      id: 'gradient',
      title: tx('addWeightDecay: dW + λW for each weight, other gradients as they are', 'addWeightDecay: 重みには dW + λW、ほかの勾配はそのまま'),
      weight: 3,
      run({ addWeightDecay }, ctx) {
        ctx.property(dims({ a: [1, 4], b: [1, 4], c: [1, 3], l: [0, 3] }), ({ a, b, c, l, seed }) => {
          const [params, grads] = [netParams(seed, a, b, c), netParams(seed + 1, a, b, c)]
          const lambda = LAMBDAS[l]!
          // Expected first, and the original arrays kept: the learner may put new arrays into grads itself.
          const expected = reference.addWeightDecay(grads, params, lambda)
          const held = { ...grads }
          const got = expectRecord(ctx, addWeightDecay(grads, params, lambda), held)
          withInput(describeParams(params, lambda), () => {
            for (const key of Object.keys(held)) {
              const [dW, W] = [held[key]!, params[key]!]
              ctx.expectArrayClose(`addWeightDecay(…)['${key}']`, got[key], expected[key]!, {
                diagnose: reference.isWeight(key)
                  ? [
                      like(() => dW.add(W.mul(2 * lambda)), tx('the derivative of ½λ‖W‖² is λW (the ½ cancels the 2 of W²), not 2λW', '½λ‖W‖² の微分は λW です（W² の 2 と ½ が打ち消し合います）。2λW ではありません')),
                      like(() => dW.add(W.mul(0.5 * lambda)), tx('the derivative of ½λ‖W‖² is λW, not ½λW', '½λ‖W‖² の微分は λW です。½λW ではありません')),
                      like(() => W.mul(lambda), tx('add λW to the gradient from backprop (dW + λW); do not replace dW with it', '誤差逆伝播法で求めた勾配に λW を足します（dW + λW）。dW を置き換えてはいけません')),
                      signFlipped,
                    ]
                  : [like(() => dW.add(W.mul(lambda)), tx(`only the weights get λW: '${key}' keeps its gradient as it is`, `λW を足すのは重みだけです。'${key}' の勾配はそのままにします`))],
              })
            }
          })
        })
      },
    },
    {
      id: 'gradient-check',
      title: tx('addWeightDecay agrees with the numerical gradient of your weightDecayLoss', 'addWeightDecay があなたの weightDecayLoss の数値微分と一致する'),
      weight: 1,
      run({ weightDecayLoss, addWeightDecay }, ctx) {
        const params = netParams(ctx.seed, 3, 2, 2)
        const zero = Object.fromEntries(Object.entries(params).map(([k, x]) => [k, x.mul(0)]))
        const got = expectRecord(ctx, addWeightDecay(zero, params, 0.3), zero)
        for (const key of Object.keys(params)) {
          ctx.expectGradient(`addWeightDecay(zero grads, params, 0.3)['${key}']`, got[key], () => weightDecayLoss(params, 0.3), params[key]!)
        }
      },
    },
    {
      id: 'edge-cases',
      title: tx('λ = 0, and params without weights', 'λ = 0 の場合と、重みのない params'),
      weight: 1,
      run({ weightDecayLoss, addWeightDecay }, ctx) {
        const [params, grads] = [netParams(ctx.seed, 2, 3, 2), netParams(ctx.seed + 1, 2, 3, 2)]
        ctx.expectNumberClose('weightDecayLoss(params, 0)', weightDecayLoss(params, 0), 0, { atol: 0 })
        const held = { ...grads }
        const got = expectRecord(ctx, addWeightDecay(grads, params, 0), held)
        for (const key of Object.keys(held)) ctx.expectArrayClose(`addWeightDecay(grads, params, 0)['${key}']`, got[key], held[key]!)
        const biasesOnly = { b1: params.b1!, gamma1: params.gamma1! }
        ctx.expectNumberClose('weightDecayLoss({ b1, gamma1 }, 0.1)', weightDecayLoss(biasesOnly, 0.1), 0, {
          atol: 0,
          likely: () => tx('there are no weights W here, so the term is 0: b and gamma are not decayed', 'ここには重み W がないので、この項は 0 です。b や gamma は減衰させません'),
        })
      },
    },
    {
      id: 'inputs-unchanged',
      title: tx('leaves params and grads unchanged', 'params と grads を書き換えない'),
      weight: 1,
      run({ weightDecayLoss, addWeightDecay }, ctx) {
        const [params, grads] = [netParams(ctx.seed, 3, 2, 2), netParams(ctx.seed + 1, 3, 2, 2)]
        const [p0, g0] = [netParams(ctx.seed, 3, 2, 2), netParams(ctx.seed + 1, 3, 2, 2)]
        // The arrays themselves: putting a new array under grads[key] (as the book's gradient does) is fine.
        const held = [{ ...params }, { ...grads }]
        weightDecayLoss(params, 0.1)
        addWeightDecay(grads, params, 0.1)
        for (const [name, now, before] of [['params', held[0]!, p0], ['grads', held[1]!, g0]] as const) {
          for (const key of Object.keys(before)) {
            if (now[key]!.equal(before[key]!).min().item() === 1) continue
            ctx.fail({
              what: `${name}['${key}']`,
              message: tx(
                `${name}['${key}'] was changed in place: return dW + λW as a new array (grads[key].add(…)); the arrays belong to the network (and its layers' dW must stay as backward left them)`,
                `${name}['${key}'] がその場で書き換えられています。dW + λW は新しい配列として返してください（grads[key].add(…)）。配列はネットワークのもので、レイヤの dW は backward が残したままにしておく必要があります`,
              ),
            })
          }
        }
      },
    },
  ],
  mutants: [
    { name: 'no ½', module: () => ({ ...referenceModule, weightDecayLoss: (p: Params, l: number) => 2 * reference.weightDecayLoss(p, l) }), expect: { check: 'loss', contains: 'the ½ is missing' } },
    {
      name: 'biases and gamma/beta decayed too',
      module: () => ({ ...referenceModule, weightDecayLoss: (p: Params, l: number) => Object.values(p).reduce((s, x) => s + 0.5 * l * squares(x), 0) }),
      expect: { check: 'loss', contains: 'weights W1, W2' },
    },
    {
      name: '2λW in the gradient',
      module: () => ({ ...referenceModule, addWeightDecay: (g: Params, p: Params, l: number) => reference.addWeightDecay(g, p, 2 * l) }),
      expect: { check: 'gradient', contains: 'not 2λW' },
    },
    {
      name: 'λW replaces dW',
      module: () => ({ ...referenceModule, addWeightDecay: (g: Params, p: Params, l: number) => ({ ...g, ...Object.fromEntries(Object.keys(g).filter(reference.isWeight).map((k) => [k, p[k]!.mul(l)])) }) }),
      expect: { check: 'gradient', contains: 'do not replace dW' },
    },
    {
      name: 'dW changed in place',
      module: () => ({
        ...referenceModule,
        addWeightDecay: (g: Params, p: Params, l: number) => {
          for (const k of Object.keys(g)) if (reference.isWeight(k)) g[k]!.addInPlace(p[k]!.mul(l))
          return g
        },
      }),
      expect: { check: 'inputs-unchanged', contains: 'changed in place' },
    },
  ],
})
