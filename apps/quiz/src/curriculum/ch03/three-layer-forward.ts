import { array, type NDArray } from '@dlfs/matrix'
import { sigmoid } from '@dlfs/layers'
import { defineExercise, type CheckContext, type Diagnoser } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { callLearner, expectClose, ignoringLibraryErrors, looksLike, sameValues, show } from '../ch01/_check-helpers.js'
import { forward, initNetwork, type Network } from './reference/three-layer-forward.js'

interface ThreeLayerModule {
  initNetwork(): Network
  forward(network: Network, x: NDArray): NDArray
}

const KEYS = ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'] as const

/** The book's printed output for x = [1.0, 0.5] (§3.4.3); the reference reproduces it. */
export const BOOK_OUTPUT = [0.31682708, 0.69627909]

/** The same forward pass with one typical change, for recognising a learner's mistake. */
function variant(net: Network, x: NDArray, opts: { hidden?: (a: NDArray) => NDArray; biases?: boolean }): NDArray {
  const act = opts.hidden ?? sigmoid
  const bias = (b: NDArray) => (opts.biases === false ? b.mul(0) : b)
  const z1 = act(x.dot(net.W1).add(bias(net.b1)))
  const z2 = act(z1.dot(net.W2).add(bias(net.b2)))
  return z2.dot(net.W3).add(bias(net.b3))
}

function mistakes(net: Network, x: NDArray): Diagnoser[] {
  return [
    (got, expected) =>
      sameValues(got, sigmoid(expected)) && !sameValues(got, expected)
        ? { en: 'sigmoid was applied to the output layer too: the book\'s output layer uses identityFunction, y = a3', ja: '出力層にもシグモイド関数を適用しています。本書の出力層は恒等関数 identityFunction で、y = a3 です' }
        : null,
    looksLike(() => variant(net, x, { hidden: (a) => a }), {
      en: 'the hidden layers have no activation: z1 = sigmoid(a1) and z2 = sigmoid(a2)',
      ja: '隠れ層に活性化関数がありません。z1 = sigmoid(a1)、z2 = sigmoid(a2) です',
    }),
    looksLike(() => variant(net, x, { biases: false }), { en: 'the biases are missing: a1 = x·W1 + b1, and so on', ja: 'バイアスが足されていません。a1 = x·W1 + b1 のように足します' }),
  ]
}

/** forward(network, x) must equal the reference's. */
function expectForward(ctx: CheckContext, mod: ThreeLayerModule, net: Network, x: NDArray): void {
  const what = 'forward(network, x)'
  const got = callLearner(ctx, what, () => mod.forward(net, x))
  expectClose(ctx, what, got, forward(net, x), mistakes(net, x), { input: `x = ${show(x)}` })
}

/** A network of layer sizes d0 → d1 → d2 → d3 with random weights. */
function randomNetwork(seed: number, [d0, d1, d2, d3]: number[]): Network {
  const sizes = [d0!, d1!, d2!, d3!]
  const net: Partial<Network> = {}
  for (let i = 0; i < 3; i++) {
    net[KEYS[2 * i]!] = randn(seed + 2 * i, [sizes[i]!, sizes[i + 1]!])
    net[KEYS[2 * i + 1]!] = randn(seed + 2 * i + 1, [sizes[i + 1]!])
  }
  return net as Network
}

export default defineExercise<ThreeLayerModule>({
  id: '3.4.3-three-layer-forward',
  chapter: 3,
  section: '§3.4.3',
  file: '03-neural-network/04-three-layer-forward/three-layer-forward.ts',
  title: { ja: '3 層ニューラルネットワークの順伝播', en: 'The forward pass of a three-layer network' },
  hints: {
    ja: [
      '各層では、入力と重みの行列の積にバイアスを足し（a = x·W + b）、活性化関数を通します。1 層目の出力が 2 層目の入力になります。',
      '隠れ層（1 層目と 2 層目）の活性化関数はシグモイド関数、出力層は恒等関数です。形状は x (2,) → a1 (3,) → a2 (2,) → y (2,) です。',
      'a1 = x.dot(W1).add(b1); z1 = sigmoid(a1); a2 = z1.dot(W2).add(b2); z2 = sigmoid(a2); a3 = z2.dot(W3).add(b3); return identityFunction(a3)',
    ],
    en: [
      'Each layer multiplies its input by the weight matrix, adds the bias (a = x·W + b) and applies an activation function. The output of layer 1 is the input of layer 2.',
      'The hidden layers (1 and 2) use the sigmoid; the output layer uses the identity function. Shapes: x (2,) → a1 (3,) → a2 (2,) → y (2,).',
      'a1 = x.dot(W1).add(b1); z1 = sigmoid(a1); a2 = z1.dot(W2).add(b2); z2 = sigmoid(a2); a3 = z2.dot(W3).add(b3); return identityFunction(a3)',
    ],
  },
  forbidden: [], // no package implements this: the reference lives in the grader, out of the learner's reach
  reference: () => import('./reference/three-layer-forward.js'),
  solution: { file: 'apps/quiz/src/curriculum/ch03/reference/three-layer-forward.ts' },
  checks: [
    {
      id: 'init-network',
      title: { ja: 'initNetwork が本書の重みとバイアスを返す', en: "initNetwork returns the book's weights and biases" },
      weight: 1,
      run(mod, ctx) {
        const got = mod.initNetwork() as unknown as Record<string, unknown>
        const book = initNetwork()
        for (const k of KEYS) {
          expectClose(ctx, `initNetwork().${k}`, got?.[k], book[k], [
            looksLike(() => book[k].T, {
              en: `${k} is transposed: its rows are the layer's inputs and its columns its neurons (W1 is (2, 3))`,
              ja: `${k} が転置されています。行が層への入力、列がニューロンに対応します（W1 は (2, 3)）`,
            }),
          ])
        }
      },
    },
    {
      id: 'book-example',
      title: { ja: '本書の例: x = [1.0, 0.5] → [0.31682708, 0.69627909]', en: "the book's example: x = [1.0, 0.5] → [0.31682708, 0.69627909]" },
      weight: 2,
      run(mod, ctx) {
        // The reference network, not the learner's initNetwork: a mistake there is graded by init-network alone.
        expectForward(ctx, mod, initNetwork(), array([1.0, 0.5]))
      },
    },
    {
      id: 'random-networks',
      title: { ja: '任意の大きさの重みとバッチで参照実装と一致する', en: 'matches the reference for any layer sizes and batch' },
      weight: 3,
      run(mod, ctx) {
        ctx.property(dims({ n: [1, 4], d0: [1, 5], d1: [1, 5], d2: [1, 5], d3: [1, 5] }), ({ n, d0, d1, d2, d3, seed }) => {
          const net = randomNetwork(seed, [d0, d1, d2, d3])
          const x = randn(seed + 6, [n, d0])
          expectForward(ctx, mod, net, x) // a batch (n, d0) → (n, d3)
          expectForward(ctx, mod, net, randn(seed + 7, [d0])) // one sample (d0,) → (d3,)
        })
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: 'ネットワークと x を書き換えない', en: 'leaves the network and x unchanged' },
      weight: 1,
      run(mod, ctx) {
        const net = randomNetwork(ctx.seed, [3, 4, 3, 2])
        const x = randn(ctx.seed + 6, [2, 3])
        const before = Object.fromEntries(KEYS.map((k) => [k, net[k].copy()])) as unknown as Network
        const x0 = x.copy()
        ignoringLibraryErrors(() => mod.forward(net, x))
        ctx.expectUnchanged('x', x, x0)
        for (const k of KEYS) ctx.expectUnchanged(`network.${k}`, net[k], before[k])
      },
    },
  ],
  mutants: [
    {
      name: 'sigmoid on the output layer',
      module: () => ({ initNetwork, forward: (net: Network, x: NDArray) => sigmoid(forward(net, x)) }),
      expect: { check: 'book-example', contains: 'identityFunction' },
    },
    {
      name: 'no hidden activation',
      module: () => ({ initNetwork, forward: (net: Network, x: NDArray) => variant(net, x, { hidden: (a) => a }) }),
      expect: { check: 'random-networks', contains: 'no activation' },
    },
    {
      name: 'W1 transposed',
      module: () => ({ forward, initNetwork: () => ({ ...initNetwork(), W1: initNetwork().W1.T.copy() }) }),
      expect: { check: 'init-network', contains: 'W1 is transposed' },
    },
  ],
})
