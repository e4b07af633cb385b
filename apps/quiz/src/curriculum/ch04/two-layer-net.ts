import { NDArray, formatShape } from '@dlfs/matrix'
import { relu, sigmoid } from '@dlfs/layers'
import { softmax } from '@dlfs/losses'
import { TwoLayerNetSigmoid } from '@dlfs/train'
import { defineExercise, type CheckContext, type Diagnoser } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { formatNumber } from '../../grader/format-value.js'
import { expectScalar, near } from './_scalar.js'
import { withInput } from './_input.js'
import { labels as randomLabels, oneHot } from '../ch05/_support.js'

interface TwoLayerNetOptions {
  inputSize: number
  hiddenSize: number
  outputSize: number
  weightInitStd?: number
}
interface TwoLayerNetLike {
  params: Record<string, NDArray>
  predict(x: NDArray): NDArray
  loss(x: NDArray, t: NDArray): number
  accuracy(x: NDArray, t: NDArray): number
  numericalGradient(x: NDArray, t: NDArray): Record<string, NDArray>
}
interface TwoLayerNetModule {
  TwoLayerNet: new (options: TwoLayerNetOptions) => TwoLayerNetLike
}

const KEYS = ['W1', 'b1', 'W2', 'b2'] as const
type Weights = Record<(typeof KEYS)[number], NDArray>

/** Tiny sizes: the numerical gradient calls loss twice per parameter. */
const sizes = dims({ i: [1, 4], h: [1, 4], o: [2, 4], n: [1, 4] })

function shapesOf(i: number, h: number, o: number): Record<(typeof KEYS)[number], number[]> {
  return { W1: [i, h], b1: [h], W2: [h, o], b2: [o] }
}

/** Fixed weights of scale 1 (so softmax is far from uniform), the same for the learner's net and the reference. */
function weights(seed: number, i: number, h: number, o: number): Weights {
  const s = shapesOf(i, h, o)
  return { W1: randn(seed, s.W1), b1: randn(seed + 1, s.b1), W2: randn(seed + 2, s.W2), b2: randn(seed + 3, s.b2) }
}

/** The net's params must hold W1, b1, W2, b2 of these shapes. */
function expectParams(ctx: CheckContext, net: TwoLayerNetLike, shapes: Record<(typeof KEYS)[number], readonly number[]>): void {
  if (!net.params || typeof net.params !== 'object') {
    ctx.fail({ what: 'params', message: { en: 'the net has no params object: set this.params = { W1, b1, W2, b2 } in the constructor', ja: 'params がありません。コンストラクタで this.params = { W1, b1, W2, b2 } を設定します' } })
  }
  for (const k of KEYS) ctx.expectShape(`params.${k}`, net.params[k], shapes[k])
}

/** Check the net's params, then copy `w` into them in place (the net keeps its own arrays). */
function load(ctx: CheckContext, net: TwoLayerNetLike, w: Weights): void {
  expectParams(ctx, net, { W1: w.W1.shape, b1: w.b1.shape, W2: w.W2.shape, b2: w.b2.shape })
  for (const k of KEYS) net.params[k]!.assign(w[k])
}

/** The reference net with the same weights. */
function referenceNet(w: Weights): TwoLayerNetSigmoid {
  const [i, h] = w.W1.shape as [number, number]
  const net = new TwoLayerNetSigmoid({ inputSize: i, hiddenSize: h, outputSize: w.W2.shape[1]! })
  for (const k of KEYS) net.params[k]!.assign(w[k])
  return net
}

/** What predict gives with a different hidden activation or no final softmax: the usual slips. */
function slips(x: NDArray, w: Weights, stale: NDArray): Diagnoser[] {
  const a1 = x.dot(w.W1).add(w.b1)
  const scores = sigmoid(a1).dot(w.W2).add(w.b2)
  const same = (a: NDArray, b: NDArray) => {
    const bd = b.flatten().data
    return a.flatten().data.every((v, k) => near(v, bd[k]!, 1e-6, 1e-9))
  }
  return [
    (got) => (same(got, scores) ? { en: 'these are the scores before softmax: the ch04 net ends predict with softmax (y = softmax(a2))', ja: 'ソフトマックスを通す前のスコアです。4章のネットワークでは predict の最後にソフトマックスを通します（y = softmax(a2)）' } : null),
    (got) =>
      same(got, softmax(relu(a1).dot(w.W2).add(w.b2)))
        ? { en: 'the hidden layer uses ReLU; the ch04 net uses sigmoid (z1 = sigmoid(a1))', ja: '隠れ層が ReLU になっています。4章のネットワークではシグモイド関数を使います（z1 = sigmoid(a1)）' }
        : null,
    (got) =>
      same(got, stale)
        ? {
            en: 'predict ignores the weights copied into this.params: read W1, b1, W2, b2 from this.params (the same arrays numericalGradient nudges)',
            ja: 'this.params に書き込んだ重みを predict が使っていません。W1、b1、W2、b2 は this.params から読みます（numericalGradient が動かすのもこの配列です）',
          }
        : null,
  ]
}

/** All-zero gradients: the loss never saw the nudged parameter. */
const notNudged: Diagnoser = (got, expected) =>
  got.flatten().data.every((v) => v === 0) && expected.flatten().data.some((v) => Math.abs(v) > 1e-12)
    ? {
        en: `every element is 0: the loss did not see the nudge. Nudge this.params[key] itself, in place (numericalGradient(() => this.loss(x, t), this.params[key])), not a copy, and have predict read this.params (shape ${formatShape(expected.shape)})`,
        ja: `すべて 0 です。損失が値の変化を受け取っていません。コピーではなく this.params[key] そのものをその場で動かし（numericalGradient(() => this.loss(x, t), this.params[key])）、predict は this.params を読むようにします（形状 ${formatShape(expected.shape)}）`,
      }
    : null

function build(mod: TwoLayerNetModule, i: number, h: number, o: number): TwoLayerNetLike {
  return new mod.TwoLayerNet({ inputSize: i, hiddenSize: h, outputSize: o })
}

/** One case: the learner's net and the reference with the same fixed weights w, x (n, i) and labels (n,). */
function setup(ctx: CheckContext, mod: TwoLayerNetModule, i: number, h: number, o: number, n: number, seed: number) {
  const net = build(mod, i, h, o)
  const w = weights(seed, i, h, o)
  load(ctx, net, w)
  return { net, w, ref: referenceNet(w), x: randn(seed + 4, [n, i]), labels: randomLabels(seed + 5, n, o) }
}

const sizeText = (i: number, h: number, o: number, n: number) => `inputSize ${i}, hiddenSize ${h}, outputSize ${o}, x (${n},${i})`

export default defineExercise<TwoLayerNetModule>({
  id: '4.5-two-layer-net-numerical',
  chapter: 4,
  section: '§4.5',
  file: '04-learning/06-two-layer-net/two-layer-net.ts',
  title: { ja: '2層ニューラルネットワーク（数値微分で学習）', en: 'A two-layer network trained by numerical gradients' },
  hints: {
    ja: [
      'これまでの部品を組み合わせます。推論は 3章の順伝播、損失は 4.2 の交差エントロピー誤差、勾配は 4.4 の数値微分です。',
      'params に W1 (inputSize, hiddenSize)、b1 (hiddenSize,)、W2 (hiddenSize, outputSize)、b2 (outputSize,) を入れます。predict は x·W1 + b1 → sigmoid → ·W2 + b2 → softmax。numericalGradient では、損失を計算する関数 () => this.loss(x, t) を、各パラメータについて numericalGradient に渡します。',
      "accuracy: y = predict(x).argmax(1) と、t（one-hot なら t.argmax(1)）を比べて、一致した数 / N。numericalGradient: for (const key of ['W1', 'b1', 'W2', 'b2']) grads[key] = numericalGradient(() => this.loss(x, t), this.params[key])。",
    ],
    en: [
      'Put together what you have built: inference is the forward pass of chapter 3, the loss the cross-entropy error of §4.2, the gradient the numerical one of §4.4.',
      'params holds W1 (inputSize, hiddenSize), b1 (hiddenSize,), W2 (hiddenSize, outputSize), b2 (outputSize,). predict is x·W1 + b1 → sigmoid → ·W2 + b2 → softmax. In numericalGradient, pass the loss as a function, () => this.loss(x, t), to numericalGradient for each parameter.',
      "accuracy: compare y = predict(x).argmax(1) with t (t.argmax(1) when one-hot): matches / N. numericalGradient: for (const key of ['W1', 'b1', 'W2', 'b2']) grads[key] = numericalGradient(() => this.loss(x, t), this.params[key]).",
    ],
  },
  forbidden: [{ specifier: '@dlfs/train', names: ['TwoLayerNetSigmoid', 'TwoLayerNet', 'MultiLayerNet', 'MultiLayerNetExtend'] }],
  reference: async () => ({ TwoLayerNet: (await import('@dlfs/train')).TwoLayerNetSigmoid }),
  solution: { file: 'packages/train/src/networks/two-layer-net-sigmoid.ts', symbol: 'TwoLayerNetSigmoid' },
  checks: [
    {
      id: 'params',
      title: { ja: 'パラメータの形状と初期値', en: 'shapes and initial values of the parameters' },
      weight: 1,
      run(mod, ctx) {
        ctx.property(sizes, ({ i, h, o }) => {
          const net = build(mod, i, h, o)
          expectParams(ctx, net, shapesOf(i, h, o))
          for (const k of ['b1', 'b2'] as const) {
            if (net.params[k]!.abs().sum().item() !== 0) ctx.fail({ what: `params.${k}`, message: { en: `params.${k} should start at zeros`, ja: `params.${k} の初期値は 0 です` } })
          }
        })
        // The spread of the initial weights: weightInitStd · randn, so the sample std is close to weightInitStd.
        for (const weightInitStd of [undefined, 1]) {
          const net = new mod.TwoLayerNet({ inputSize: 40, hiddenSize: 30, outputSize: 20, weightInitStd })
          const want = weightInitStd ?? 0.01
          for (const k of ['W1', 'W2'] as const) {
            const std = net.params[k]!.std().item()
            if (!(std > 0.8 * want && std < 1.2 * want)) {
              ctx.fail({
                what: `params.${k}`,
                expected: `std ≈ ${want}`,
                got: `std ${formatNumber(std)}`,
                message: {
                  en: `params.${k} has standard deviation ${formatNumber(std)} with weightInitStd ${weightInitStd ?? '(default)'}; draw it as weightInitStd · randn (default weightInitStd = 0.01)`,
                  ja: `weightInitStd が ${weightInitStd ?? '既定値'} のとき、params.${k} の標準偏差が ${formatNumber(std)} です。weightInitStd · randn で初期化します（weightInitStd の既定値は 0.01）`,
                },
              })
            }
          }
        }
      },
    },
    {
      id: 'predict',
      title: { ja: 'predict がソフトマックスの出力を返す', en: 'predict returns the softmax output' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(sizes, ({ i, h, o, n, seed }) => {
          const net = build(mod, i, h, o)
          const x = randn(seed + 4, [n, i])
          expectParams(ctx, net, shapesOf(i, h, o))
          // What predict gives if it kept its own initial weights instead of reading this.params.
          const stale = referenceNet(Object.fromEntries(KEYS.map((k) => [k, net.params[k]!.copy()])) as Weights).predict(x)
          const w = weights(seed, i, h, o)
          load(ctx, net, w)
          const got = net.predict(x)
          withInput(sizeText(i, h, o, n), () => ctx.expectArrayClose('predict(x)', got, referenceNet(w).predict(x), { diagnose: slips(x, w, stale) }))
        })
      },
    },
    {
      id: 'loss',
      title: { ja: 'loss（one-hot 表現とクラス番号のラベル）', en: 'loss (one-hot and class-index labels)' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(sizes, ({ i, h, o, n, seed }) => {
          const { net, ref, x, labels } = setup(ctx, mod, i, h, o, n, seed)
          for (const [t, kind] of [[oneHot(labels, o), `one-hot t (${n},${o})`], [labels, `labels t (${n},)`]] as const) {
            const expected = ref.loss(x, t)
            expectScalar(ctx, `loss(x, t) with ${sizeText(i, h, o, n)}, ${kind}`, net.loss(x, t), expected, {
              likely: (got) =>
                n > 1 && near(got, n * expected)
                  ? { en: `the loss is ${n}× too large: did you forget to divide by the batch size N = ${n}?`, ja: `損失がちょうど ${n} 倍です。バッチサイズ N = ${n} で割り忘れていませんか？` }
                  : null,
            })
          }
        })
      },
    },
    {
      id: 'accuracy',
      title: { ja: 'accuracy（one-hot 表現とクラス番号のラベル）', en: 'accuracy (one-hot and class-index labels)' },
      weight: 1,
      run(mod, ctx) {
        ctx.property(dims({ i: [1, 4], h: [1, 4], o: [2, 4], n: [1, 8] }), ({ i, h, o, n, seed }) => {
          const { net, ref, x, labels } = setup(ctx, mod, i, h, o, n, seed)
          for (const [t, kind] of [[oneHot(labels, o), `one-hot t (${n},${o})`], [labels, `labels t (${n},)`]] as const) {
            expectScalar(ctx, `accuracy(x, t) with ${sizeText(i, h, o, n)}, ${kind}`, net.accuracy(x, t), ref.accuracy(x, t))
          }
        })
      },
    },
    {
      id: 'numerical-gradient',
      title: { ja: 'numericalGradient が参照実装と一致', en: 'numericalGradient matches the reference' },
      weight: 3,
      run(mod, ctx) {
        ctx.property(
          sizes,
          ({ i, h, o, n, seed }) => {
            const { net, ref, x, labels } = setup(ctx, mod, i, h, o, n, seed)
            const t = oneHot(labels, o)
            const expected = ref.numericalGradient(x, t)
            const grads = net.numericalGradient(x, t)
            for (const k of KEYS) {
              withInput(sizeText(i, h, o, n), () => ctx.expectArrayClose(`grads.${k}`, grads?.[k], expected[k]!, { rtol: 1e-5, atol: 1e-8, diagnose: [notNudged] }))
            }
          },
          { numRuns: 10 },
        )
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数とパラメータを元のままにする', en: 'leaves its arguments and parameters as they were' },
      weight: 1,
      run(mod, ctx) {
        const { net, w, x, labels } = setup(ctx, mod, 3, 4, 2, 2, ctx.seed)
        const t = oneHot(labels, 2)
        const [x0, t0] = [x.copy(), t.copy()]
        net.predict(x)
        net.loss(x, t)
        net.accuracy(x, t)
        net.numericalGradient(x, t)
        ctx.expectUnchanged('x', x, x0)
        ctx.expectUnchanged('t', t, t0)
        for (const k of KEYS) ctx.expectUnchanged(`params.${k} (after numericalGradient)`, net.params[k]!, w[k])
      },
    },
  ],
  mutants: [
    {
      name: 'predict without softmax',
      module: () => {
        class Wrong extends TwoLayerNetSigmoid {
          override predict(x: NDArray): NDArray {
            const { W1, b1, W2, b2 } = this.params as Weights
            return sigmoid(x.dot(W1).add(b1)).dot(W2).add(b2)
          }
        }
        return { TwoLayerNet: Wrong }
      },
      expect: { check: 'predict', contains: 'before softmax' },
    },
    {
      name: 'numericalGradient nudges copies of the parameters',
      module: () => {
        class Wrong extends TwoLayerNetSigmoid {
          override numericalGradient(x: NDArray, t: NDArray): Record<string, NDArray> {
            const grads: Record<string, NDArray> = {}
            for (const k of KEYS) {
              const copy = this.params[k]!.copy()
              const g = new Float64Array(copy.size)
              for (let j = 0; j < copy.size; j++) {
                const tmp = copy.data[j]!
                copy.data[j] = tmp + 1e-4
                const a = this.loss(x, t)
                copy.data[j] = tmp - 1e-4
                g[j] = (a - this.loss(x, t)) / 2e-4
                copy.data[j] = tmp
              }
              grads[k] = new NDArray(g, copy.shape)
            }
            return grads
          }
        }
        return { TwoLayerNet: Wrong }
      },
      expect: { check: 'numerical-gradient', contains: 'in place' },
    },
  ],
})
