import { NDArray, Rng } from '@dlfs/matrix'
import { TwoLayerNet, gradientCheck as refGradientCheck } from '@dlfs/train'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { randn } from '../../grader/inputs.js'
import { closeTo, labelText, labels, oneHot, tx } from './_support.js'

type Params = Record<string, NDArray>
/** What gradientCheck needs of a network: its params, and both ways of computing their gradients. */
interface NetworkLike {
  params: Params
  gradient(x: NDArray, t: NDArray): Params
  numericalGradient(x: NDArray, t: NDArray): Params
}
interface GradientCheckModule {
  gradientCheck(network: NetworkLike, x: NDArray, t: NDArray): Record<string, number>
}

/** The kit's gradientCheck, reduced to what the book prints: key → mean |backprop − numerical|. */
function gradientCheck(network: NetworkLike, x: NDArray, t: NDArray): Record<string, number> {
  return Object.fromEntries(refGradientCheck(network as unknown as TwoLayerNet, x, t).map((e) => [e.key, e.meanAbsDiff]))
}

/**
 * A stand-in network whose two gradients are fixed random arrays, so the expected differences are exact
 * and large. Its keys are not the usual four, so hard-coded keys show. It records how it was called.
 */
function fakeNetwork(seed: number) {
  const shapes: Record<string, number[]> = { W1: [3, 4], b1: [4], W2: [4, 2], b2: [2], gamma1: [4] }
  const rng = new Rng(seed)
  const draw = () => Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, rng.randn(s)])) as Params
  const [params, backprop, numerical] = [draw(), draw(), draw()]
  const calls: { method: string; x: unknown; t: unknown }[] = []
  const copy = (g: Params) => Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v.copy()]))
  const network: NetworkLike = {
    params,
    gradient: (x, t) => (calls.push({ method: 'gradient', x, t }), copy(backprop)),
    numericalGradient: (x, t) => (calls.push({ method: 'numericalGradient', x, t }), copy(numerical)),
  }
  return { network, backprop, numerical, calls }
}

/** The usual wrong statistics of the difference, recognised from the number that came back. */
function statisticMistakes(b: NDArray, n: NDArray): (got: number) => Text | null {
  const diff = b.sub(n)
  return (got) => {
    if (closeTo(got, diff.mean().item())) return tx('that is the mean of the signed differences: take the absolute value first (np.abs), or positive and negative errors cancel', '符号付きの差の平均になっています。先に絶対値（np.abs）を取ってください。そうしないと正と負の誤差が打ち消し合います')
    if (closeTo(got, diff.abs().max().item())) return tx('that is the largest difference: the book prints the mean (np.average)', '差の最大値になっています。本書が表示するのは平均（np.average）です')
    if (closeTo(got, diff.abs().sum().item())) return tx('that is the sum of the differences: divide by the number of elements (np.average takes the mean)', '差の合計になっています。要素数で割ってください（np.average は平均です）')
    return null
  }
}

/** The result must be an object with exactly these keys. */
function expectKeys(ctx: CheckContext, got: unknown, keys: string[]): Record<string, number> {
  const gotKeys = got && typeof got === 'object' ? Object.keys(got).sort() : got
  if (JSON.stringify(gotKeys) === JSON.stringify([...keys].sort())) return got as Record<string, number>
  return ctx.fail({
    what: 'keys of the result',
    expected: JSON.stringify([...keys].sort()),
    got: JSON.stringify(gotKeys) ?? String(gotKeys),
    message: tx(
      `the result should have one entry per parameter, ${keys.join(', ')}; got ${JSON.stringify(gotKeys) ?? String(gotKeys)}: loop over the keys of the gradients (Object.keys), do not write them out`,
      `結果はパラメータごとに 1 つ（${keys.join(', ')}）であるべきですが、${JSON.stringify(gotKeys) ?? String(gotKeys)} でした。キーを書き並べず、勾配のキー（Object.keys）でループしてください`,
    ),
  })
}

/** A small reference TwoLayerNet and a batch of 3, as the book's gradient_check.py (which uses 3 MNIST images). */
function smallNet(seed: number, oneHotLabels: boolean) {
  const network = new TwoLayerNet({ inputSize: 6, hiddenSize: 5, outputSize: 3, weightInitStd: 0.5, rng: new Rng(seed) })
  const x = randn(seed + 1, [3, 6])
  const idx = labels(seed + 2, 3, 3)
  return { network, x, t: oneHotLabels ? oneHot(idx, 3) : idx }
}

export default defineExercise<GradientCheckModule>({
  id: '5.7.3-gradient-check',
  chapter: 5,
  section: '§5.7.3',
  file: '05-backprop/08-gradient-check/gradient-check.ts',
  title: { ja: '勾配確認', en: 'Gradient check' },
  hints: {
    ja: [
      '同じネットワーク・同じデータで、数値微分の勾配と誤差逆伝播法の勾配を両方求め、パラメータごとに比べます。',
      'network.numericalGradient(x, t) と network.gradient(x, t) は、どちらも { W1: …, b1: …, … } を返します。キーごとに要素の差の絶対値を取り、その平均を求めます。',
      'for (const key of Object.keys(gradNumerical)) result[key] = gradBackprop[key].sub(gradNumerical[key]).abs().mean().item()。',
    ],
    en: [
      'On the same network and data, compute the gradient both by numerical differentiation and by backpropagation, and compare them parameter by parameter.',
      'network.numericalGradient(x, t) and network.gradient(x, t) both return { W1: …, b1: …, … }. For each key, take the absolute differences of the elements and average them.',
      'for (const key of Object.keys(gradNumerical)) result[key] = gradBackprop[key].sub(gradNumerical[key]).abs().mean().item().',
    ],
  },
  forbidden: [{ specifier: '@dlfs/train', names: ['gradientCheck', 'formatGradientCheck'] }],
  reference: async () => ({ gradientCheck }),
  solution: { file: 'packages/train/src/networks/gradient-check.ts', symbol: 'gradientCheck' },
  checks: [
    {
      id: 'mean-abs-diff',
      title: { ja: 'キーごとの差の絶対値の平均', en: 'the mean absolute difference per key' },
      weight: 3,
      run({ gradientCheck }, ctx) {
        const { network, backprop, numerical } = fakeNetwork(ctx.seed)
        const x = randn(ctx.seed, [2, 3])
        const t = new Rng(ctx.seed).integers(0, 2, [2])
        const got = expectKeys(ctx, gradientCheck(network, x, t), Object.keys(backprop))
        for (const key of Object.keys(backprop)) {
          const [b, n] = [backprop[key]!, numerical[key]!]
          ctx.expectNumberClose(`gradientCheck(network, x, t).${key}`, got[key], b.sub(n).abs().mean().item(), { likely: statisticMistakes(b, n) })
        }
      },
    },
    {
      id: 'calls-network',
      title: { ja: 'network.gradient と network.numericalGradient を x、t で呼ぶ', en: 'calls network.gradient and network.numericalGradient with x and t' },
      weight: 1,
      run({ gradientCheck }, ctx) {
        const { network, calls } = fakeNetwork(ctx.seed)
        const x = randn(ctx.seed, [2, 3])
        const t = new Rng(ctx.seed).integers(0, 2, [2])
        gradientCheck(network, x, t)
        for (const method of ['gradient', 'numericalGradient']) {
          const call = calls.find((c) => c.method === method)
          const passed = call && call.x instanceof NDArray && call.t instanceof NDArray && call.x.toArray().toString() === x.toArray().toString() && call.t.toArray().toString() === t.toArray().toString()
          if (passed) continue
          ctx.fail({
            what: `network.${method}`,
            message: tx(
              call ? `network.${method} was called, but not with the x and t given to gradientCheck` : `network.${method}(x, t) was never called: the check compares the two gradients of the network, so call both`,
              call ? `network.${method} は呼ばれましたが、gradientCheck に渡された x と t で呼ばれていません` : `network.${method}(x, t) が呼ばれていません。ネットワークの 2 つの勾配を比べるので、両方を呼んでください`,
            ),
          })
        }
      },
    },
    {
      id: 'two-layer-net',
      title: { ja: '本物の TwoLayerNet で参照実装と一致（one-hot とインデックス）', en: 'matches the reference on a real TwoLayerNet (one-hot and index labels)' },
      weight: 2,
      run({ gradientCheck: learner }, ctx) {
        for (const oneHotLabels of [true, false]) {
          const { network, x, t } = smallNet(ctx.seed, oneHotLabels)
          const params0 = Object.fromEntries(Object.entries(network.params).map(([k, v]) => [k, v.copy()]))
          const got = expectKeys(ctx, learner(network, x, t), Object.keys(network.params))
          const want = gradientCheck(network, x, t)

          // Differences of 1e-10 or so: compare relatively, with no absolute slack.
          for (const key of Object.keys(want)) ctx.expectNumberClose(`gradientCheck(network, x, t: ${labelText(t)}).${key}`, got[key], want[key]!, { rtol: 1e-6, atol: 0 })
          for (const key of Object.keys(params0)) ctx.expectUnchanged(`network.params.${key}`, network.params[key]!, params0[key]!)
        }
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its arguments unchanged' },
      weight: 1,
      run({ gradientCheck }, ctx) {
        const { network, x, t } = smallNet(ctx.seed, true)
        const [x0, t0] = [x.copy(), t.copy()]
        gradientCheck(network, x, t)
        ctx.expectUnchanged('x', x, x0)
        ctx.expectUnchanged('t', t, t0)
      },
    },
  ],
  mutants: [
    {
      name: 'averages the signed differences (no abs)',
      module: () => ({
        gradientCheck(network: NetworkLike, x: NDArray, t: NDArray) {
          const [num, bp] = [network.numericalGradient(x, t), network.gradient(x, t)]
          return Object.fromEntries(Object.keys(num).map((k) => [k, bp[k]!.sub(num[k]!).mean().item()]))
        },
      }),
      expect: { check: 'mean-abs-diff', contains: 'take the absolute value first' },
    },
    {
      name: 'reports the largest difference',
      module: () => ({
        gradientCheck(network: NetworkLike, x: NDArray, t: NDArray) {
          const [num, bp] = [network.numericalGradient(x, t), network.gradient(x, t)]
          return Object.fromEntries(Object.keys(num).map((k) => [k, bp[k]!.sub(num[k]!).abs().max().item()]))
        },
      }),
      expect: { check: 'mean-abs-diff', contains: 'prints the mean' },
    },
    {
      name: 'hard-codes the keys W1, b1, W2, b2',
      module: () => ({
        gradientCheck(network: NetworkLike, x: NDArray, t: NDArray) {
          const [num, bp] = [network.numericalGradient(x, t), network.gradient(x, t)]
          return Object.fromEntries(['W1', 'b1', 'W2', 'b2'].map((k) => [k, bp[k]!.sub(num[k]!).abs().mean().item()]))
        },
      }),
      expect: { check: 'mean-abs-diff', contains: 'loop over the keys' },
    },
  ],
})
