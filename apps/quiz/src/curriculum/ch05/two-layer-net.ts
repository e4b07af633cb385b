import { NDArray, Rng, array, type Nested } from '@dlfs/matrix'
import { softmax } from '@dlfs/losses'
import { TwoLayerNet as RefNet } from '@dlfs/train'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { forgotBatchDivision, signFlipped } from '../../grader/diagnose.js'
import { closeTo, labelText, labels, like, oneHot, tx } from './_support.js'

type Params = Record<string, NDArray>
interface TwoLayerNetLike {
  params: Params
  predict(x: NDArray): NDArray
  loss(x: NDArray, t: NDArray): number
  accuracy(x: NDArray, t: NDArray): number
  gradient(x: NDArray, t: NDArray): Params
}
type NetClass = new (inputSize: number, hiddenSize: number, outputSize: number, weightInitStd?: number) => TwoLayerNetLike
interface TwoLayerNetModule {
  TwoLayerNet: NetClass
}

/** The kit's TwoLayerNet behind the book's positional constructor. */
class Reference extends RefNet {
  constructor(inputSize: number, hiddenSize: number, outputSize: number, weightInitStd = 0.01) {
    super({ inputSize, hiddenSize, outputSize, weightInitStd })
  }
}

const KEYS = ['W1', 'b1', 'W2', 'b2'] as const
const sizes = dims({ n: [1, 4], i: [2, 5], h: [2, 4], o: [2, 4] })

/** Fixed weights (small, so no softmax output is tiny) and a batch, with one-hot and index labels. */
function setup(seed: number, n: number, i: number, h: number, o: number) {
  const params: Params = { W1: randn(seed, [i, h], 0.5), b1: randn(seed + 1, [h], 0.1), W2: randn(seed + 2, [h, o], 0.5), b2: randn(seed + 3, [o], 0.1) }
  const idx = labels(seed + 5, n, o)
  return { params, x: randn(seed + 4, [n, i]), t: { index: idx, 'one-hot': oneHot(idx, o) } }
}

/**
 * Inputs for the gradient check: one sample repeated three times, labelled with its own predicted class.
 * The loss's log(y + 1e-7) scales the exact gradient by y/(y + 1e-7), which backprop's (y − t)/N leaves
 * out; with identical samples and y ≥ 1/3 that factor is the same everywhere and ≈ 1 − 3e-7, instead
 * of a different one per sample that cancellation can blow up. The hidden pre-activations stay 0.01
 * away from Relu's kink, where central differences are off. (A learner dividing by N in the loss but
 * not in backward still fails: the three samples make it 3×.)
 */
function gradientCheckInputs(seed: number) {
  for (let k = 0; ; k++) {
    const { params, x } = setup(seed + 101 * k, 1, 4, 3, 3)
    const a = x.dot(params.W1!).add(params.b1!) // (1, 3), Relu1's input
    if (a.abs().min().item() < 1e-2) continue
    const label = a.maximum(0).dot(params.W2!).add(params.b2!).argmax(1).item()
    return { params, x: x.take([0, 0, 0], 0), t: array([label, label, label]) }
  }
}

/** Copy the fixed weights into net.params in place (the layers hold those very arrays, as in the book). */
function load(ctx: CheckContext, net: TwoLayerNetLike, params: Params): void {
  for (const key of KEYS) {
    const p = (net.params as Params | undefined)?.[key]
    if (!(p instanceof NDArray)) {
      ctx.fail({
        what: `params.${key}`,
        message: tx(
          `params.${key} is missing: keep the parameters in this.params = { W1, b1, W2, b2 }, as the book's self.params`,
          `params.${key} がありません。本書の self.params のように、パラメータを this.params = { W1, b1, W2, b2 } に保持してください`,
        ),
      })
    }
    ctx.expectShape(`params.${key}`, p, params[key]!.shape)
    p.assign(params[key]!)
  }
}

/** Give the learner's net the fixed weights, and return the reference net holding the same ones. */
function withWeights(ctx: CheckContext, net: TwoLayerNetLike, params: Params): Reference {
  load(ctx, net, params)
  const ref = new Reference(params.W1!.shape[0]!, params.W1!.shape[1]!, params.W2!.shape[1]!)
  load(ctx, ref, params)
  return ref
}

/** Compare every gradient with the reference's for the same weights and batch. */
function expectGrads(ctx: CheckContext, got: unknown, expected: Params, t: NDArray, n: number): void {
  for (const key of KEYS) {
    const g = (got as Params | null | undefined)?.[key]
    ctx.expectArrayClose(`gradient(x, t: ${labelText(t)}).${key}`, g, expected[key]!, { diagnose: [forgotBatchDivision(n), signFlipped] })
  }
}

const notShared = tx(
  'predict did not change after the weights in params were changed in place: the layers must hold the same arrays as this.params (the book passes self.params[\'W1\'] to Affine), since optimizers update params in place',
  'params の重みをその場で書き換えても predict の結果が変わりません。レイヤは this.params と同じ配列を持つ必要があります（本書は self.params[\'W1\'] をそのまま Affine に渡します）。オプティマイザは params をその場で更新するからです',
)
const probabilities = tx(
  'predict returned probabilities (each row sums to 1): predict stops before the last layer; SoftmaxWithLoss applies softmax inside loss',
  'predict が確率（各行の和が 1）を返しています。predict は最後のレイヤの手前までです。softmax は loss の中の SoftmaxWithLoss が適用します',
)

export default defineExercise<TwoLayerNetModule>({
  id: '5.7-two-layer-net',
  chapter: 5,
  section: '§5.7',
  file: '05-backprop/07-two-layer-net/two-layer-net.ts',
  title: { ja: '誤差逆伝播法による 2 層ニューラルネットワーク', en: 'A two-layer net trained by backpropagation' },
  hints: {
    ja: [
      'ネットワークをレイヤの並び（Affine1 → Relu1 → Affine2）と最後のレイヤ（SoftmaxWithLoss）で組み立てます。順伝播はレイヤを順に、逆伝播は逆順にたどるだけです。',
      'コンストラクタで params に W1（ガウス分布 × weightInitStd）、b1（0）、W2、b2 を作り、その同じ配列を new Affine(W1, b1) に渡します。predict は最後のレイヤの手前まで、loss は predict の結果を lastLayer.forward(y, t) に渡します。',
      'gradient: this.loss(x, t); let dout = this.lastLayer.backward(1); 続けて [...this.layers.values()].reverse() の各レイヤで dout = layer.backward(dout)。最後に { W1: Affine1.dW, b1: Affine1.db, W2: Affine2.dW, b2: Affine2.db } を返します。accuracy は predict の argmax(1) と t（one-hot なら t.argmax(1)）を比べ、一致数を N で割ります。',
    ],
    en: [
      'Build the net as a sequence of layers (Affine1 → Relu1 → Affine2) and a last layer (SoftmaxWithLoss). Forward visits the layers in order; backward visits them in reverse.',
      'In the constructor, create params W1 (Gaussian × weightInitStd), b1 (zeros), W2, b2, and pass those very arrays to new Affine(W1, b1). predict stops before the last layer; loss feeds predict’s output to lastLayer.forward(y, t).',
      'gradient: this.loss(x, t); let dout = this.lastLayer.backward(1); then dout = layer.backward(dout) for each layer of [...this.layers.values()].reverse(). Return { W1: Affine1.dW, b1: Affine1.db, W2: Affine2.dW, b2: Affine2.db }. accuracy compares predict’s argmax(1) with t (t.argmax(1) when one-hot) and divides the matches by N.',
    ],
  },
  forbidden: [{ specifier: '@dlfs/train' }],
  reference: async () => ({ TwoLayerNet: Reference }),
  solution: { file: 'packages/train/src/networks/two-layer-net.ts', symbol: 'TwoLayerNet' },
  checks: [
    {
      id: 'init',
      title: { ja: 'パラメータの形状と初期値', en: 'parameter shapes and initial values' },
      weight: 1,
      run({ TwoLayerNet }, ctx) {
        for (const std of [undefined, 0.1]) {
          const net = std === undefined ? new TwoLayerNet(30, 20, 10) : new TwoLayerNet(30, 20, 10, std)
          const want = std ?? 0.01
          const shapes: Record<string, number[]> = { W1: [30, 20], b1: [20], W2: [20, 10], b2: [10] }
          for (const key of KEYS) ctx.expectShape(`new TwoLayerNet(30, 20, 10${std ? `, ${std}` : ''}).params.${key}`, net.params?.[key], shapes[key]!)
          for (const key of ['b1', 'b2']) {
            if (net.params[key]!.abs().max().item() === 0) continue
            ctx.fail({ what: `params.${key}`, message: tx(`params.${key} should start at 0 (the book's np.zeros)`, `params.${key} の初期値は 0 です（本書の np.zeros）`) })
          }
          for (const key of ['W1', 'W2']) {
            const got = net.params[key]!.std().item()
            if (got > want * 0.7 && got < want * 1.3) continue
            const likely = closeTo(got, 1, 0.3) ? tx('the Gaussian draws are not multiplied by weightInitStd', 'ガウス分布の乱数に weightInitStd が掛けられていません') : got === 0 ? tx('the weights are all equal: draw them from a Gaussian (rng.randn) times weightInitStd (all-equal weights never break the symmetry, §6.2.1)', '重みがすべて同じ値です。ガウス分布（rng.randn）に weightInitStd を掛けて作ってください（同じ値の重みでは対称性が崩れません。§6.2.1）') : undefined
            ctx.fail({
              what: `params.${key}`,
              expected: `about ${want}`,
              got: got.toPrecision(3),
              likely,
              message: tx(`the standard deviation of ${key} is ${got.toPrecision(3)}, expected about weightInitStd = ${want}`, `${key} の標準偏差が ${got.toPrecision(3)} です。weightInitStd = ${want} 程度のはずです`),
            })
          }
        }
      },
    },
    {
      id: 'predict',
      title: { ja: 'predict が Affine → Relu → Affine のスコアを返す', en: 'predict returns the scores of Affine → Relu → Affine' },
      weight: 2,
      run({ TwoLayerNet }, ctx) {
        ctx.property(sizes, ({ n, i, h, o, seed }) => {
          const { params, x } = setup(seed, n, i, h, o)
          const net = new TwoLayerNet(i, h, o)
          const before = net.predict(x) // with the net's own initial weights
          const ref = withWeights(ctx, net, params)
          const want = ref.predict(x)
          const noRelu = x.dot(params.W1!).add(params.b1!).dot(params.W2!).add(params.b2!)
          ctx.expectArrayClose('predict(x)', net.predict(x), want, {
            diagnose: [like(before, notShared), like(softmax(want), probabilities), like(noRelu, tx('Relu1 is missing between the two Affine layers', '2 つの Affine レイヤの間に Relu1 がありません'))],
          })
        })
      },
    },
    {
      id: 'loss',
      title: { ja: 'loss（one-hot とインデックスのラベル）', en: 'loss (one-hot and index labels)' },
      weight: 2,
      run({ TwoLayerNet }, ctx) {
        ctx.property(sizes, ({ n, i, h, o, seed }) => {
          const { params, x, t } = setup(seed, n, i, h, o)
          const net = new TwoLayerNet(i, h, o)
          const ref = withWeights(ctx, net, params)
          for (const kind of ['one-hot', 'index'] as const) {
            const want = ref.loss(x, t[kind])
            ctx.expectNumberClose(`loss(x, t: ${labelText(t[kind])})`, net.loss(x, t[kind]), want, {
              likely: (got) => (n > 1 && closeTo(got, want * n) ? tx(`the loss is ${n}× too large: is the batch mean missing?`, `損失がちょうど ${n} 倍です。バッチの平均を取り忘れていませんか？`) : null),
            })
          }
        })
      },
    },
    {
      id: 'gradient',
      title: { ja: 'gradient が誤差逆伝播法の勾配を返す', en: 'gradient returns the backpropagated gradients' },
      weight: 3,
      run({ TwoLayerNet }, ctx) {
        ctx.property(sizes, ({ n, i, h, o, seed }) => {
          const { params, x, t } = setup(seed, n, i, h, o)
          const net = new TwoLayerNet(i, h, o)
          const ref = withWeights(ctx, net, params)
          for (const kind of ['one-hot', 'index'] as const) expectGrads(ctx, net.gradient(x, t[kind]), ref.gradient(x, t[kind]), t[kind], n)
        })
      },
    },
    {
      id: 'gradient-check',
      title: { ja: '自分の loss の数値微分と一致する', en: 'agrees with the numerical gradient of your own loss' },
      weight: 1,
      run({ TwoLayerNet }, ctx) {
        const { params, x, t } = gradientCheckInputs(ctx.seed)
        const net = new TwoLayerNet(4, 3, 3)
        withWeights(ctx, net, params)
        const grads = net.gradient(x, t)
        for (const key of KEYS) ctx.expectGradient(`gradient(x, t).${key}`, grads?.[key], () => net.loss(x, t), net.params[key]!, 1e-4)
      },
    },
    {
      id: 'accuracy',
      title: { ja: 'accuracy（one-hot とインデックスのラベル）', en: 'accuracy (one-hot and index labels)' },
      weight: 1,
      run({ TwoLayerNet }, ctx) {
        const { params, x } = setup(ctx.seed, 10, 4, 3, 3)
        const net = new TwoLayerNet(4, 3, 3)
        const ref = withWeights(ctx, net, params)
        // Every other label is the predicted class, the rest are not: the accuracy is 0.5.
        const predicted = ref.predict(x).argmax(1).toArray() as number[]
        const index = array(predicted.map((p, k) => (k % 2 === 0 ? p : (p + 1) % 3)) as Nested)
        const fromIndex = net.accuracy(x, index)
        const countNotRatio = (want: number) => (got: number): Text | null =>
          closeTo(got, want * 10) ? tx('that is the number of matches: divide by the number of samples N = 10', 'それは一致した個数です。サンプル数 N = 10 で割ってください') : null
        ctx.expectNumberClose(`accuracy(x, t: ${labelText(index)})`, fromIndex, ref.accuracy(x, index), { likely: countNotRatio(ref.accuracy(x, index)) })
        const want = ref.accuracy(x, oneHot(index, 3))
        ctx.expectNumberClose(`accuracy(x, t: ${labelText(oneHot(index, 3))})`, net.accuracy(x, oneHot(index, 3)), want, {
          likely: (got) =>
            countNotRatio(want)(got) ??
            tx('with one-hot t, compare with t.argmax(1), the class of each row (the book: if t.ndim != 1: t = np.argmax(t, axis=1))', 'one-hot の t は t.argmax(1)（各行のクラス）と比べます（本書: if t.ndim != 1: t = np.argmax(t, axis=1)）'),
        })
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its arguments unchanged' },
      weight: 1,
      run({ TwoLayerNet }, ctx) {
        const { params, x, t } = setup(ctx.seed, 3, 4, 3, 3)
        const net = new TwoLayerNet(4, 3, 3)
        withWeights(ctx, net, params)
        for (const kind of ['one-hot', 'index'] as const) {
          const [x0, t0] = [x.copy(), t[kind].copy()]
          net.loss(x, t[kind])
          net.gradient(x, t[kind])
          net.accuracy(x, t[kind])
          ctx.expectUnchanged('x', x, x0)
          ctx.expectUnchanged(`t: ${labelText(t[kind])}`, t[kind], t0)
        }
      },
    },
  ],
  mutants: [
    {
      name: 'predict applies softmax',
      module: () => {
        class TwoLayerNet extends Reference {
          override predict(x: NDArray): NDArray {
            return softmax(super.predict(x))
          }
        }
        return { TwoLayerNet }
      },
      expect: { check: 'predict', contains: 'returned probabilities' },
    },
    {
      name: 'the layers hold copies of params',
      module: () => {
        class TwoLayerNet {
          private inner: Reference
          params: Params
          constructor(i: number, h: number, o: number, std = 0.01) {
            this.inner = new Reference(i, h, o, std)
            this.params = Object.fromEntries(Object.entries(this.inner.params).map(([k, v]) => [k, v.copy()]))
          }
          predict = (x: NDArray) => this.inner.predict(x)
          loss = (x: NDArray, t: NDArray) => this.inner.loss(x, t)
          accuracy = (x: NDArray, t: NDArray) => this.inner.accuracy(x, t)
          gradient = (x: NDArray, t: NDArray) => this.inner.gradient(x, t)
        }
        return { TwoLayerNet }
      },
      expect: { check: 'predict', contains: 'same arrays as this.params' },
    },
    {
      name: 'accuracy compares one-hot t without argmax',
      module: () => {
        class TwoLayerNet extends Reference {
          override accuracy(x: NDArray, t: NDArray): number {
            const y = this.predict(x).argmax(1).data
            const labels = t.flatten().data
            return y.filter((p, k) => p === labels[k]).length / x.shape[0]!
          }
        }
        return { TwoLayerNet }
      },
      expect: { check: 'accuracy', contains: 't.argmax(1)' },
    },
    {
      name: 'weights not scaled by weightInitStd',
      module: () => {
        class TwoLayerNet extends Reference {
          constructor(i: number, h: number, o: number, std = 0.01) {
            super(i, h, o, std)
            const rng = new Rng(1)
            for (const key of ['W1', 'W2']) this.params[key]!.assign(rng.randn(...this.params[key]!.shape))
          }
        }
        return { TwoLayerNet }
      },
      expect: { check: 'init', contains: 'weightInitStd' },
    },
  ],
})
