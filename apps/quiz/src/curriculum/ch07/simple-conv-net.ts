import { NDArray } from '@dlfs/matrix'
import { SimpleConvNet as Reference } from '@dlfs/train'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { signFlipped } from '../../grader/diagnose.js'
import { formatNumber } from '../../grader/format-value.js'
import { withInput } from '../ch04/_input.js'
import { expectScalar, near } from '../ch04/_scalar.js'
import { oneHot } from '../ch05/_support.js'
import {
  KEYS, configs, describeNet, expectParams, inputOf, labelsOf, learnerNet, optionsOf, referenceNet, shapesOf, smoothConfig,
  type Config, type SimpleConvNetModule,
} from './_conv-net-setup.js'

/** The accuracy the book's loop gives: only the int(N / batchSize) full batches are counted, still over N. */
function bookAccuracy(ref: Reference, x: NDArray, labels: NDArray, batchSize: number): number {
  const n = x.shape[0]!
  const full = Math.floor(n / batchSize) * batchSize
  if (full === 0) return 0
  const predicted = ref.predict(x.slice([0, full])).argmax(1)
  let correct = 0
  for (let i = 0; i < full; i++) if (predicted.get(i) === labels.get(i)) correct++
  return correct / n
}

const remainder = (n: number, batchSize: number): Text => ({
  en: `this is the book's loop, which runs int(N / batchSize) batches and skips the last N % batchSize = ${n % batchSize} sample(s) (yet divides by N = ${n}); evaluate the remainder too`,
  ja: `本書のループと同じく int(N / batchSize) 回だけ繰り返し、最後の N % batchSize = ${n % batchSize} 個のサンプルを飛ばしています（それでも N = ${n} で割っています）。余りのサンプルも評価します`,
})

/** A tiny fixed configuration for the single-shot checks. */
const small = (seed: number): Config => ({ n: 2, c: 1, size: 6, filterNum: 2, filterSize: 3, pad: 0, hidden: 4, output: 3, seed })

export default defineExercise<SimpleConvNetModule>({
  id: '7.5-simple-conv-net',
  chapter: 7,
  section: '§7.5',
  file: '07-cnn/04-simple-conv-net/simple-conv-net.ts',
  title: { ja: 'CNN の実装（SimpleConvNet）', en: 'A CNN: SimpleConvNet' },
  hints: {
    ja: [
      '5章の TwoLayerNet と同じ組み立て方です。違うのはレイヤの並び Convolution → Relu → Pooling → Affine → Relu → Affine → SoftmaxWithLoss だけです。',
      'Pooling の出力の要素数は filterNum · (convOutputSize / 2)²（convOutputSize = 1 + (inputSize + 2·pad − filterSize) / stride）で、これが W2 の行数です。各レイヤには this.params の配列そのものを渡します。',
      'gradient: this.loss(x, t) の後、dout = this.lastLayer.backward(1) から、レイヤを逆順にたどって dout = layer.backward(dout)。最後に grads.W1 = Conv1.dW、grads.b1 = Conv1.db、W2/b2 は Affine1、W3/b3 は Affine2 から取ります。accuracy は余りのバッチも評価します。',
    ],
    en: [
      "Build it as chapter 5's TwoLayerNet is built. Only the layers differ: Convolution → Relu → Pooling → Affine → Relu → Affine → SoftmaxWithLoss.",
      "Pooling's output holds filterNum · (convOutputSize / 2)² values (convOutputSize = 1 + (inputSize + 2·pad − filterSize) / stride): the number of rows of W2. Give each layer the very arrays in this.params.",
      'gradient: after this.loss(x, t), start from dout = this.lastLayer.backward(1) and walk the layers in reverse, dout = layer.backward(dout). Then grads.W1 = Conv1.dW, grads.b1 = Conv1.db, W2/b2 from Affine1, W3/b3 from Affine2. accuracy evaluates the remainder batch too.',
    ],
  },
  forbidden: [{ specifier: '@dlfs/train', names: ['SimpleConvNet', 'DeepConvNet'] }],
  reference: async () => ({ SimpleConvNet: (await import('@dlfs/train')).SimpleConvNet }),
  solution: { file: 'packages/train/src/networks/simple-conv-net.ts', symbol: 'SimpleConvNet' },
  checks: [
    {
      id: 'params',
      title: { ja: 'パラメータの形状と初期値（既定の構成と小さな構成）', en: 'shapes and initial values of the parameters (default and tiny)' },
      weight: 1,
      run(mod, ctx) {
        // The book's defaults: 1×28×28 input, 30 filters 5×5, pad 0, stride 1, hidden 100, output 10, std 0.01.
        const net = new mod.SimpleConvNet()
        expectParams(ctx, net, { W1: [30, 1, 5, 5], b1: [30], W2: [4320, 100], b2: [100], W3: [100, 10], b3: [10] })
        for (const key of KEYS) {
          const p = net.params[key]!
          const std = p.std().item()
          const bad = key.startsWith('b') ? p.abs().sum().item() !== 0 : !(std > 0.008 && std < 0.012)
          if (bad) {
            ctx.fail({
              what: `params.${key}`,
              got: key.startsWith('b') ? 'not all 0' : `std ${formatNumber(std)}`,
              message: {
                en: `params.${key} should start ${key.startsWith('b') ? 'at zeros' : `as weightInitStd · randn (std ≈ 0.01 by default), its std is ${formatNumber(std)}`}`,
                ja: `params.${key} の初期値は ${key.startsWith('b') ? '0 です' : `weightInitStd · randn です（既定の標準偏差は約 0.01）。標準偏差が ${formatNumber(std)} になっています`}`,
              },
            })
          }
        }
        ctx.property(configs, (k) => withInput(describeNet(k), () => expectParams(ctx, new mod.SimpleConvNet(optionsOf(k)), shapesOf(k))), { numRuns: 10 })
      },
    },
    {
      id: 'params-shared',
      title: { ja: 'レイヤが this.params の配列そのものを使う', en: 'the layers use the very arrays in this.params' },
      weight: 1,
      run(mod, ctx) {
        const k = small(ctx.seed)
        const net = learnerNet(ctx, mod, k)
        const x = inputOf(k)
        for (const key of KEYS) {
          const before = net.predict(x).copy()
          net.params[key]!.addInPlace(1)
          const after = net.predict(x)
          net.params[key]!.subInPlace(1)
          if (after instanceof NDArray && after.shape.length === before.shape.length && after.flatten().data.every((v, i) => v === before.data[i])) {
            ctx.fail({
              what: `params.${key}`,
              message: {
                en: `adding 1 to params.${key} in place did not change predict: the layers must hold the same arrays as this.params (the book passes self.params['W1'] to Convolution), or an optimizer updating params will not train the net`,
                ja: `params.${key} にその場で 1 を足しても predict が変わりません。レイヤには this.params と同じ配列を渡します（本書は self.params['W1'] を Convolution に渡しています）。そうしないと、オプティマイザが params を更新しても学習が進みません`,
              },
            })
          }
        }
      },
    },
    {
      id: 'predict',
      title: { ja: 'predict（同じ重みで参照実装と一致）', en: 'predict matches the reference on the same weights' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(configs, (k) => {
          const x = inputOf(k)
          const got = learnerNet(ctx, mod, k).predict(x)
          withInput(describeNet(k), () => ctx.expectArrayClose('predict(x)', got, referenceNet(k).predict(x), { diagnose: [signFlipped] }))
        }, { numRuns: 15 })
      },
    },
    {
      id: 'loss',
      title: { ja: 'loss（one-hot 表現とクラス番号のラベル）', en: 'loss (one-hot and class-index labels)' },
      weight: 1,
      run(mod, ctx) {
        ctx.property(configs, (k) => {
          const [x, labels] = [inputOf(k), labelsOf(k)]
          const net = learnerNet(ctx, mod, k)
          for (const [t, kind] of [[labels, 'labels t'], [oneHot(labels, k.output), 'one-hot t']] as const) {
            const expected = referenceNet(k).loss(x, t)
            expectScalar(ctx, `loss(x, ${kind}) with ${describeNet(k)}`, net.loss(x, t), expected)
          }
        }, { numRuns: 15 })
      },
    },
    {
      id: 'gradient',
      title: { ja: 'gradient（誤差逆伝播法）が参照実装と一致', en: 'gradient (backpropagation) matches the reference' },
      weight: 3,
      run(mod, ctx) {
        ctx.property(configs, (k) => {
          const [x, labels] = [inputOf(k), labelsOf(k)]
          const grads = learnerNet(ctx, mod, k).gradient(x, labels)
          const expected = referenceNet(k).gradient(x, labels)
          for (const key of KEYS) {
            withInput(describeNet(k), () => ctx.expectArrayClose(`grads.${key}`, grads?.[key], expected[key]!, { rtol: 1e-6, atol: 1e-10, diagnose: [signFlipped] }))
          }
        }, { numRuns: 15 })
      },
    },
    {
      id: 'gradient-check',
      title: { ja: '数値微分との一致（あなたの loss に対して）', en: 'agrees with the numerical gradient of your own loss' },
      weight: 1,
      run(mod, ctx) {
        // Relu and max pooling have kinks: the case is chosen where no nudge of 1e-4 crosses one.
        const k = smoothConfig(ctx.seed, small)
        const net = learnerNet(ctx, mod, k)
        const [x, labels] = [inputOf(k), labelsOf(k)]
        const grads = net.gradient(x, labels)
        const analytic = Object.fromEntries(KEYS.map((key) => [key, grads?.[key] instanceof NDArray ? grads[key]!.copy() : grads?.[key]]))
        for (const key of KEYS) ctx.expectGradient(`grads.${key}`, analytic[key], () => net.loss(x, labels), net.params[key]!, 1e-4)
      },
    },
    {
      id: 'accuracy',
      title: { ja: 'accuracy（余りのバッチも評価する）', en: 'accuracy, the last partial batch included' },
      weight: 2,
      run(mod, ctx) {
        ctx.property(configs, (k) => {
          const n = 5
          const x = inputOf(k, n)
          const ref = referenceNet(k)
          // The last sample is classified correctly, so skipping it shows in the result.
          const labels = labelsOf(k, n)
          labels.set([n - 1], ref.predict(x.slice([n - 1, n])).argmax(1).get(0))
          const net = learnerNet(ctx, mod, k)
          for (const [batchSize, t, kind] of [[2, labels, 'labels t'], [3, oneHot(labels, k.output), 'one-hot t'], [undefined, labels, 'labels t']] as const) {
            const bs = batchSize ?? 100
            const expected = ref.accuracy(x, t, bs)
            const skipped = bookAccuracy(ref, x, labels, bs)
            const call = `accuracy(x, ${kind}${batchSize ? `, ${batchSize}` : ''}) with N = ${n}`
            const got = batchSize ? net.accuracy(x, t, batchSize) : net.accuracy(x, t)
            withInput(describeNet(k, n), () =>
              expectScalar(ctx, call, got, expected, { likely: (v) => (near(v, skipped) && !near(skipped, expected) ? remainder(n, bs) : null) }),
            )
          }
        }, { numRuns: 10 })
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数とパラメータを書き換えない', en: 'leaves its arguments and parameters unchanged' },
      weight: 1,
      run(mod, ctx) {
        const k = small(ctx.seed)
        const net = learnerNet(ctx, mod, k)
        const [x, labels] = [inputOf(k), labelsOf(k)]
        const params = KEYS.map((key) => net.params[key]!.copy())
        const [x0, l0] = [x.copy(), labels.copy()]
        net.predict(x)
        net.loss(x, labels)
        net.accuracy(x, labels)
        net.gradient(x, labels)
        ctx.expectUnchanged('x', x, x0)
        ctx.expectUnchanged('t', labels, l0)
        KEYS.forEach((key, i) => ctx.expectUnchanged(`params.${key}`, net.params[key]!, params[i]!))
      },
    },
  ],
  mutants: [
    {
      name: "accuracy skips the last partial batch (the book's loop)",
      module: () => {
        class Wrong extends Reference {
          override accuracy(x: NDArray, t: NDArray, batchSize = 100): number {
            const labels = t.ndim === 1 ? t : t.argmax(1)
            return bookAccuracy(this, x, labels, batchSize)
          }
        }
        return { SimpleConvNet: Wrong }
      },
      expect: { check: 'accuracy', contains: 'N % batchSize' },
    },
    {
      name: 'layers hold copies of the parameters',
      module: () => {
        class Wrong extends Reference {
          constructor(options?: ConstructorParameters<typeof Reference>[0]) {
            super(options)
            // params now points at copies: the layers keep the originals.
            ;(this as { params: Record<string, NDArray> }).params = Object.fromEntries(Object.entries(this.params).map(([key, v]) => [key, v.copy()]))
          }
        }
        return { SimpleConvNet: Wrong }
      },
      expect: { check: 'params-shared', contains: 'same arrays' },
    },
  ],
})
