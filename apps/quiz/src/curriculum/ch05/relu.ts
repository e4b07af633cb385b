import { NDArray, Rng, where } from '@dlfs/matrix'
import { Relu as RefRelu } from '@dlfs/layers'
import { defineExercise } from '../../grader/types.js'
import { awayFromZero, dims, randn } from '../../grader/inputs.js'
import { like, onlyAt, tx } from './_support.js'

interface ReluLike {
  forward(x: NDArray): NDArray
  backward(dout: NDArray): NDArray
}
interface ReluModule {
  Relu: new () => ReluLike
}

// Relu works on any shape: rank 1 to 4, each axis 1 to 4 long.
const shapes = dims({ rank: [1, 4], a: [1, 4], b: [1, 4], c: [1, 3], d: [1, 3] })
const shapeOf = ({ rank, a, b, c, d }: { rank: number; a: number; b: number; c: number; d: number }) => [a, b, c, d].slice(0, rank)

/** Standard normal values with about a quarter set to exactly 0 (the kink the book's mask decides). */
function withZeros(seed: number, shape: number[]): NDArray {
  return where(new Rng(seed + 7).rand(shape).less(0.25), 0, randn(seed, shape))
}

/** What the book's Relu gives: forward max(0, x); backward dout where x > 0, else 0 (mask is x ≤ 0). */
function expected(x: NDArray, dout: NDArray) {
  const layer = new RefRelu()
  return { out: layer.forward(x), dx: layer.backward(dout) }
}

const invertedForward = (x: NDArray) =>
  like(where(x.lessEqual(0), x, 0), tx('the mask is inverted: the negative values should become 0 and the positive ones pass', 'マスクが逆です。負の値を 0 にし、正の値をそのまま通します'))
const unmasked = (x: NDArray) =>
  like(x, tx('the values with x ≤ 0 were not set to 0', 'x ≤ 0 の要素が 0 になっていません'))
const invertedBackward = (x: NDArray, dout: NDArray) =>
  like(where(x.lessEqual(0), dout, 0), tx('the mask is inverted: the gradient passes where x > 0 and stops where x ≤ 0', 'マスクが逆です。勾配は x > 0 の要素で通り、x ≤ 0 の要素で止まります'))
const atZero = (x: NDArray) =>
  onlyAt(
    x.equal(0),
    tx(
      'only the elements where x is exactly 0 are wrong: the book’s mask is x <= 0, so the gradient at exactly 0 is 0 (did you use x < 0, or x > 0 for the pass-through?)',
      'x がちょうど 0 の要素だけが違います。本書のマスクは x <= 0 なので、x = 0 での勾配は 0 です（x < 0 や、通す側の条件に x >= 0 を使っていませんか？）',
    ),
  )

export default defineExercise<ReluModule>({
  id: '5.5.1-relu',
  chapter: 5,
  section: '§5.5.1',
  file: '05-backprop/02-relu/relu.ts',
  title: { ja: 'ReLU レイヤ', en: 'The ReLU layer' },
  hints: {
    ja: [
      'ReLU の微分は、x > 0 なら 1、x ≤ 0 なら 0 です。逆伝播では、順伝播で 0 にした要素の勾配を止めます。',
      'forward で「どの要素が x ≤ 0 だったか」を mask として保存し、backward で同じ mask を dout に使います。x がちょうど 0 のときも勾配は 0 です。',
      'forward: this.mask = x.lessEqual(0); return where(this.mask, 0, x)。backward: return where(this.mask, 0, dout)（where は @dlfs/matrix から import します）。dout を書き換えず、新しい配列を返します。',
    ],
    en: [
      'The derivative of ReLU is 1 where x > 0 and 0 where x ≤ 0. Backward stops the gradient of the elements forward set to 0.',
      'In forward, keep which elements had x ≤ 0 as a mask; in backward, apply the same mask to dout. At exactly x = 0 the gradient is 0 too.',
      'forward: this.mask = x.lessEqual(0); return where(this.mask, 0, x). backward: return where(this.mask, 0, dout) (import where from @dlfs/matrix). Do not change dout: return a new array.',
    ],
  },
  forbidden: [{ specifier: '@dlfs/layers', names: ['Relu'] }],
  reference: async () => ({ Relu: RefRelu }),
  solution: { file: 'packages/layers/src/relu.ts', symbol: 'Relu' },
  checks: [
    {
      id: 'forward',
      title: { ja: 'forward が max(0, x) を返す', en: 'forward returns max(0, x)' },
      weight: 2,
      run({ Relu }, ctx) {
        ctx.property(shapes, (s) => {
          const x = withZeros(s.seed, shapeOf(s))
          ctx.expectArrayClose('forward(x)', new Relu().forward(x), expected(x, x).out, { diagnose: [invertedForward(x), unmasked(x)] })
        })
      },
    },
    {
      id: 'backward',
      title: { ja: 'backward は x > 0 の要素だけ dout を通す', en: 'backward passes dout only where x > 0' },
      weight: 2,
      run({ Relu }, ctx) {
        ctx.property(shapes, (s) => {
          const x = awayFromZero(s.seed, shapeOf(s))
          const dout = randn(s.seed + 1, x.shape)
          const layer = new Relu()
          layer.forward(x)
          ctx.expectArrayClose('dx', layer.backward(dout), expected(x, dout).dx, { diagnose: [invertedBackward(x, dout), unmasked(dout)] })
        })
      },
    },
    {
      id: 'backward-at-zero',
      title: { ja: 'x がちょうど 0 の要素の勾配は 0（mask は x ≤ 0）', en: 'the gradient at exactly x = 0 is 0 (the mask is x ≤ 0)' },
      weight: 1,
      run({ Relu }, ctx) {
        ctx.property(shapes, (s) => {
          const x = withZeros(s.seed, shapeOf(s))
          const dout = randn(s.seed + 1, x.shape).abs().add(0.5) // non-zero everywhere, so a leak shows
          const layer = new Relu()
          layer.forward(x)
          ctx.expectArrayClose('dx', layer.backward(dout), expected(x, dout).dx, { diagnose: [atZero(x), invertedBackward(x, dout)] })
        })
      },
    },
    {
      id: 'gradient-check',
      title: { ja: '数値微分との一致', en: 'agrees with the numerical gradient' },
      weight: 1,
      run({ Relu }, ctx) {
        // Away from 0, where the central difference of max(0, x) is exact. L = Σ forward(x)·dout.
        const x = awayFromZero(ctx.seed, [3, 4])
        const dout = randn(ctx.seed + 1, [3, 4])
        const layer = new Relu()
        layer.forward(x)
        const dx = layer.backward(dout)
        ctx.expectGradient('dx', dx, () => new Relu().forward(x).mul(dout).sum().item(), x)
      },
    },
    {
      id: 'dout-unchanged',
      title: { ja: '引数を書き換えない（本書の Relu.backward は dout を書き換える）', en: 'leaves its arguments unchanged (the book’s Relu.backward writes into dout)' },
      weight: 1,
      run({ Relu }, ctx) {
        const x = withZeros(ctx.seed, [4, 5])
        const dout = randn(ctx.seed + 1, [4, 5])
        const [x0, dout0] = [x.copy(), dout.copy()]
        const layer = new Relu()
        layer.forward(x)
        ctx.expectUnchanged('x', x, x0)
        layer.backward(dout)
        ctx.expectUnchanged('dout', dout, dout0)
      },
    },
  ],
  mutants: [
    {
      name: 'mask x < 0 instead of x ≤ 0: the gradient leaks at exactly 0',
      module: () => {
        class Relu {
          private mask: NDArray | null = null
          forward(x: NDArray): NDArray {
            this.mask = x.less(0)
            return where(this.mask, 0, x)
          }
          backward(dout: NDArray): NDArray {
            return where(this.mask!, 0, dout)
          }
        }
        return { Relu }
      },
      expect: { check: 'backward-at-zero', contains: 'gradient at exactly 0 is 0' },
    },
    {
      name: 'the book’s backward, writing into dout (dout[self.mask] = 0)',
      module: () => {
        class Relu extends RefRelu {
          override backward(dout: NDArray): NDArray {
            return dout.assign(where(this.mask!, 0, dout))
          }
        }
        return { Relu }
      },
      expect: { check: 'dout-unchanged', contains: 'in place' },
    },
    {
      name: 'backward with the mask inverted',
      module: () => {
        class Relu extends RefRelu {
          override backward(dout: NDArray): NDArray {
            return where(this.mask!, dout, 0)
          }
        }
        return { Relu }
      },
      expect: { check: 'backward', contains: 'mask is inverted' },
    },
  ],
})
