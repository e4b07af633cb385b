import { NDArray, array } from '@dlfs/matrix'
import { Sigmoid as RefSigmoid, sigmoid } from '@dlfs/layers'
import { defineExercise, type Diagnoser } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { like, tx } from './_support.js'

interface SigmoidLike {
  forward(x: NDArray): NDArray
  backward(dout: NDArray): NDArray
}
interface SigmoidModule {
  Sigmoid: new () => SigmoidLike
}

const shapes = dims({ rank: [1, 3], a: [1, 5], b: [1, 4], c: [1, 3] })
const shapeOf = ({ rank, a, b, c }: { rank: number; a: number; b: number; c: number }) => [a, b, c].slice(0, rank)

/** The book's Sigmoid: forward y = 1/(1 + exp(−x)); backward dout·(1 − y)·y. */
function expected(x: NDArray, dout: NDArray) {
  const layer = new RefSigmoid()
  return { out: layer.forward(x), dx: layer.backward(dout) }
}

/** The usual wrong backward results, each recognised by the exact array it gives. */
function backwardMistakes(x: NDArray, dout: NDArray): Diagnoser[] {
  const y = sigmoid(x)
  const one = (a: NDArray) => a.neg().add(1)
  return [
    like(dout.mul(x).mul(one(x)), tx('you used the input x in dout·(1 − y)·y: y is the forward output sigmoid(x), kept in forward', 'dout·(1 − y)·y の y に入力 x を使っています。y は forward の出力 sigmoid(x) で、forward で保存しておく値です')),
    like(y.mul(one(y)), tx('multiply by dout: the local derivative y·(1 − y) times the upstream gradient', 'dout を掛けてください。局所的な微分 y·(1 − y) に上流からの勾配を掛けます')),
    like(dout.mul(one(y)), tx('a factor y is missing: dx = dout·(1 − y)·y', '因子 y が抜けています。dx = dout·(1 − y)·y です')),
    like(dout.mul(sigmoid(y)).mul(one(sigmoid(y))), tx('sigmoid was applied to the kept output again: the kept y already is sigmoid(x)', '保存した出力にもう一度 sigmoid を適用しています。保存した y はすでに sigmoid(x) です')),
  ]
}

export default defineExercise<SigmoidModule>({
  id: '5.5.2-sigmoid',
  chapter: 5,
  section: '§5.5.2',
  file: '05-backprop/03-sigmoid/sigmoid.ts',
  title: { ja: 'Sigmoid レイヤ', en: 'The Sigmoid layer' },
  hints: {
    ja: [
      'y = 1 / (1 + exp(−x)) の微分は、出力 y だけで表せます（本書 §5.5.2 の計算グラフを参照）。',
      '∂y/∂x = y·(1 − y) です。forward で出力 y を this.out に保存しておけば、backward で x は必要ありません。',
      'forward: this.out = div(1, x.neg().exp().add(1)) として返します（div は @dlfs/matrix から import します）。backward: return dout.mul(this.out.neg().add(1)).mul(this.out)。',
    ],
    en: [
      'The derivative of y = 1 / (1 + exp(−x)) can be written with the output y alone (see the graph of book §5.5.2).',
      '∂y/∂x = y·(1 − y). Keep the output y in this.out during forward; backward then does not need x.',
      'forward: this.out = div(1, x.neg().exp().add(1)) and return it (import div from @dlfs/matrix). backward: return dout.mul(this.out.neg().add(1)).mul(this.out).',
    ],
  },
  // The book's layer calls sigmoid() of common/functions.py (chapter 3): the function stays allowed.
  forbidden: [{ specifier: '@dlfs/layers', names: ['Sigmoid'] }],
  reference: async () => ({ Sigmoid: RefSigmoid }),
  solution: { file: 'packages/layers/src/sigmoid.ts', symbol: 'Sigmoid' },
  checks: [
    {
      id: 'forward',
      title: { ja: 'forward が 1/(1 + exp(−x)) を返す', en: 'forward returns 1/(1 + exp(−x))' },
      weight: 2,
      run({ Sigmoid }, ctx) {
        ctx.property(shapes, (s) => {
          const x = randn(s.seed, shapeOf(s), 3)
          const out = expected(x, x).out
          ctx.expectArrayClose('forward(x)', new Sigmoid().forward(x), out, {
            diagnose: [like(out.neg().add(1), tx('you returned 1/(1 + exp(x)): the sign of x inside exp should be minus', '1/(1 + exp(x)) になっています。exp の中は −x です'))],
          })
        })
      },
    },
    {
      id: 'forward-extreme',
      title: { ja: '|x| が大きくても NaN にならない', en: 'no NaN for large |x|' },
      weight: 1,
      run({ Sigmoid }, ctx) {
        const x = array([-1000, -745, -50, -1, 0, 1, 50, 745, 1000])
        const out = expected(x, x).out
        const nan: Diagnoser = (got) =>
          got.flatten().data.some((v) => !Number.isFinite(v))
            ? tx(
                'NaN or Infinity for large |x|: exp(1000) overflows to Infinity and Infinity/Infinity is NaN; write 1 / (1 + exp(−x)), which tends to 0 or 1 without dividing two huge numbers',
                '|x| が大きいと NaN や Infinity になります。exp(1000) は Infinity になり、Infinity/Infinity は NaN です。1 / (1 + exp(−x)) の形なら、巨大な数どうしの割り算をせずに 0 や 1 に近づきます',
              )
            : null
        ctx.expectArrayClose('forward([-1000, -745, -50, -1, 0, 1, 50, 745, 1000])', new Sigmoid().forward(x), out, { diagnose: [nan] })
      },
    },
    {
      id: 'backward',
      title: { ja: 'backward が dout·(1 − y)·y を返す', en: 'backward returns dout·(1 − y)·y' },
      weight: 2,
      run({ Sigmoid }, ctx) {
        ctx.property(shapes, (s) => {
          const x = randn(s.seed, shapeOf(s), 2)
          const dout = randn(s.seed + 1, x.shape)
          const layer = new Sigmoid()
          layer.forward(x)
          ctx.expectArrayClose('dx', layer.backward(dout), expected(x, dout).dx, { diagnose: backwardMistakes(x, dout) })
        })
      },
    },
    {
      id: 'backward-last-forward',
      title: { ja: 'backward は直前の forward の出力を使う', en: 'backward uses the output of the latest forward' },
      weight: 1,
      run({ Sigmoid }, ctx) {
        const [x1, x2] = [randn(ctx.seed, [2, 3], 2), randn(ctx.seed + 1, [2, 3], 2)]
        const dout = randn(ctx.seed + 2, [2, 3])
        const layer = new Sigmoid()
        layer.forward(x1)
        layer.forward(x2)
        ctx.expectArrayClose('forward(x1); forward(x2); backward(dout)', layer.backward(dout), expected(x2, dout).dx, {
          diagnose: [like(expected(x1, dout).dx, tx('backward used the first forward’s output: overwrite the kept output on every forward', 'backward が最初の forward の出力を使っています。forward のたびに保存する出力を更新してください'))],
        })
      },
    },
    {
      id: 'gradient-check',
      title: { ja: '数値微分との一致', en: 'agrees with the numerical gradient' },
      weight: 1,
      run({ Sigmoid }, ctx) {
        // L = Σ forward(x)·dout, so dL/dx is backward(dout).
        const x = randn(ctx.seed, [3, 4], 2)
        const dout = randn(ctx.seed + 1, [3, 4])
        const layer = new Sigmoid()
        layer.forward(x)
        const dx = layer.backward(dout)
        ctx.expectGradient('dx', dx, () => new Sigmoid().forward(x).mul(dout).sum().item(), x)
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its arguments unchanged' },
      weight: 1,
      run({ Sigmoid }, ctx) {
        const x = randn(ctx.seed, [3, 4], 2)
        const dout = randn(ctx.seed + 1, [3, 4])
        const [x0, dout0] = [x.copy(), dout.copy()]
        const layer = new Sigmoid()
        layer.forward(x)
        ctx.expectUnchanged('x', x, x0)
        layer.backward(dout)
        ctx.expectUnchanged('dout', dout, dout0)
      },
    },
  ],
  mutants: [
    {
      name: 'backward uses the input x instead of the output y',
      module: () => {
        class Sigmoid {
          private x: NDArray | null = null
          forward(x: NDArray): NDArray {
            this.x = x
            return sigmoid(x)
          }
          backward(dout: NDArray): NDArray {
            return dout.mul(this.x!.neg().add(1)).mul(this.x!)
          }
        }
        return { Sigmoid }
      },
      expect: { check: 'backward', contains: 'forward output' },
    },
    {
      name: 'forward as exp(x) / (1 + exp(x)): NaN at x = 1000',
      module: () => {
        class Sigmoid extends RefSigmoid {
          override forward(x: NDArray): NDArray {
            this.out = x.exp().div(x.exp().add(1))
            return this.out
          }
        }
        return { Sigmoid }
      },
      expect: { check: 'forward-extreme', contains: 'Infinity/Infinity is NaN' },
    },
    {
      name: 'backward forgets dout',
      module: () => {
        class Sigmoid extends RefSigmoid {
          override backward(): NDArray {
            return this.out!.neg().add(1).mul(this.out!)
          }
        }
        return { Sigmoid }
      },
      expect: { check: 'backward', contains: 'multiply by dout' },
    },
  ],
})
