import fc from 'fast-check'
import { NDArray, formatShape, fromData, sizeOf } from '@dlfs/matrix'
import { Affine as RefAffine } from '@dlfs/layers'
import { defineExercise, type CheckContext } from '../../grader/types.js'
import { randn } from '../../grader/inputs.js'
import { signFlipped } from '../../grader/diagnose.js'
import { attempt, like, tx } from './_support.js'
import { expectDb, forwardBackward, type AffineModule } from './affine.js'

// x: (N, ...) with 1 to 3 trailing axes, as (N, D), (N, T, D) and a conv feature map (N, C, H, W).
const shapes = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  x: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }),
  m: fc.integer({ min: 1, max: 4 }),
})

/** A layer for input shape xShape: W (D, M) with D the size of one sample, b (M,), x, dout (N, M). */
function setup(seed: number, xShape: number[], m: number) {
  const d = sizeOf(xShape.slice(1))
  return { W: randn(seed, [d, m]), b: randn(seed + 1, [m]), x: randn(seed + 2, xShape), dout: randn(seed + 3, [xShape[0]!, m]) }
}

/** The reference's forward output and gradients. */
function expected(W: NDArray, b: NDArray, x: NDArray, dout: NDArray) {
  const layer = new RefAffine(W, b)
  const out = layer.forward(x)
  const dx = layer.backward(dout)
  return { out, dx, dW: layer.dW!, db: layer.db! }
}

const flattenHint = tx(
  'flatten x to (N, D) first, D being the size of one sample: keep originalXShape = x.shape, then x.reshape(x.shape[0], -1)',
  'まず x を (N, D)（D は 1 サンプルの要素数）に平坦化します。originalXShape = x.shape を保存してから x.reshape(x.shape[0], -1) とします',
)

/** dx must come back in x's shape; say why before comparing values. */
function expectDxShape(ctx: CheckContext, dx: unknown, x: NDArray): void {
  if (dx instanceof NDArray && dx.shape.join() !== x.shape.join()) {
    ctx.fail({
      what: 'dx',
      expected: formatShape(x.shape),
      got: formatShape(dx.shape),
      message: tx(
        `dx has shape ${formatShape(dx.shape)}, expected x's original shape ${formatShape(x.shape)}: keep originalXShape in forward and return dx.reshape(originalXShape), so the layer before (a Pooling output, say) gets a gradient of its own shape`,
        `dx の形状が ${formatShape(dx.shape)} です。期待は x の元の形状 ${formatShape(x.shape)} です。forward で originalXShape を保存し、dx.reshape(originalXShape) を返してください。前のレイヤ（たとえば Pooling の出力）は自分と同じ形状の勾配を受け取ります`,
      ),
    })
  }
}

export default defineExercise<AffineModule>({
  id: '5.6.2-affine-nd',
  chapter: 5,
  section: '§5.6.2',
  file: '05-backprop/05-affine-nd/affine-nd.ts',
  title: { ja: 'Affine レイヤ（多次元の入力）', en: 'The Affine layer for N-D input' },
  hints: {
    ja: [
      'Affine レイヤが扱うのは (N, D) の行列です。それ以外の形状の入力は、まず行列にしてから計算します。',
      'forward で元の形状を originalXShape として保存し、x を (N, −1) に reshape します。backward では dx を originalXShape に戻します。',
      'forward: this.originalXShape = x.shape; this.x = x.reshape(x.shape[0], -1); return this.x.dot(this.W).add(this.b)。backward: return dout.dot(this.W.T).reshape(this.originalXShape)（dW、db は 2 次元版と同じ）。',
    ],
    en: [
      'The Affine layer works on (N, D) matrices. Make any other input a matrix first.',
      'In forward, keep the original shape as originalXShape and reshape x to (N, −1). In backward, give dx back in originalXShape.',
      'forward: this.originalXShape = x.shape; this.x = x.reshape(x.shape[0], -1); return this.x.dot(this.W).add(this.b). backward: return dout.dot(this.W.T).reshape(this.originalXShape) (dW and db as in the 2-D version).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/layers', names: ['Affine'] }],
  reference: async () => ({ Affine: RefAffine }),
  solution: { file: 'packages/layers/src/affine.ts', symbol: 'Affine' },
  checks: [
    {
      id: 'forward-nd',
      title: { ja: 'forward が (N, ...) の入力を平坦化して x·W + b を返す', en: 'forward flattens (N, ...) input and returns x·W + b' },
      weight: 2,
      run({ Affine }, ctx) {
        ctx.property(shapes, ({ seed, x: xShape, m }) => {
          const { W, b, x, dout } = setup(seed, xShape, m)
          const out = attempt(ctx, `forward(x: ${formatShape(xShape)})`, () => new Affine(W, b).forward(x), flattenHint)
          const want = expected(W, b, x, dout).out
          const what = `forward(x: ${formatShape(xShape)})`
          if (out instanceof NDArray && out.shape.join() !== want.shape.join()) {
            ctx.fail({
              what,
              expected: formatShape(want.shape),
              got: formatShape(out.shape),
              likely: flattenHint,
              message: tx(
                `${what} has shape ${formatShape(out.shape)}, expected ${formatShape(want.shape)}`,
                `${what} の形状が ${formatShape(out.shape)} です。期待される形状は ${formatShape(want.shape)} です`,
              ),
            })
          }
          ctx.expectArrayClose(what, out, want, { diagnose: [signFlipped] })
        })
      },
    },
    {
      id: 'backward-dx-shape',
      title: { ja: 'dx を x の元の形状 (N, C, H, W) で返す', en: 'dx comes back in x’s original shape (N, C, H, W)' },
      weight: 2,
      run({ Affine }, ctx) {
        ctx.property(shapes, ({ seed, x: xShape, m }) => {
          const { W, b, x, dout } = setup(seed, xShape, m)
          const { dx } = forwardBackward(ctx, Affine, W, b, x, dout)
          expectDxShape(ctx, dx, x)
          ctx.expectArrayClose('dx', dx, expected(W, b, x, dout).dx, { diagnose: [signFlipped] })
        })
      },
    },
    {
      id: 'backward-dW-db',
      title: { ja: 'N 次元入力での dW と db', en: 'dW and db for N-D input' },
      weight: 2,
      run({ Affine }, ctx) {
        ctx.property(shapes, ({ seed, x: xShape, m }) => {
          const { W, b, x, dout } = setup(seed, xShape, m)
          const { layer } = forwardBackward(ctx, Affine, W, b, x, dout)
          ctx.expectArrayClose('dW', layer.dW, expected(W, b, x, dout).dW, { diagnose: [signFlipped] })
          expectDb(ctx, layer.db, dout)
        })
      },
    },
    {
      id: 'forward-view',
      title: { ja: '転置されたビュー（Pooling の出力など）も正しく扱う', en: 'handles a transposed view (such as a Pooling output)' },
      weight: 1,
      run({ Affine }, ctx) {
        // The book's Pooling returns out.reshape(N, OH, OW, C).transpose(0, 3, 1, 2): a view whose memory
        // order is not (N, C, H, W). Reading x.data in memory order mixes up the features.
        const base = randn(ctx.seed, [2, 3, 2, 3]) // (N, H, W, C)
        const x = base.transpose(0, 3, 1, 2) // (N, C, H, W), strided
        const { W, b, dout } = setup(ctx.seed + 1, x.shape as number[], 4)
        const raw = fromData(base.data, [2, 18]).dot(W).add(b)
        const layer = new Affine(W, b)
        ctx.expectArrayClose('forward(x.transpose(0, 3, 1, 2))', layer.forward(x), expected(W, b, x, dout).out, {
          diagnose: [
            like(raw, tx(
              'you read x.data in memory order, but x is a view (a transpose) whose strides differ: use x.reshape(N, -1) (it copies when needed) or x.get(...)',
              'x.data をメモリ上の順に読んでいますが、x は strides の異なるビュー（転置）です。x.reshape(N, -1)（必要ならコピーします）や x.get(...) を使ってください',
            )),
          ],
        })
        const dx = attempt(ctx, 'backward(dout)', () => layer.backward(dout), flattenHint)
        expectDxShape(ctx, dx, x)
      },
    },
    {
      id: 'gradient-check',
      title: { ja: '数値微分との一致（(N, C, H, W) の入力）', en: 'agrees with the numerical gradient ((N, C, H, W) input)' },
      weight: 1,
      run({ Affine }, ctx) {
        const { W, b, x, dout } = setup(ctx.seed, [2, 2, 2, 3], 3)
        // L = Σ forward(x)·dout, so dL/dx is backward(dout).
        const loss = () => new Affine(W, b).forward(x).mul(dout).sum().item()
        const { layer, dx } = forwardBackward(ctx, Affine, W, b, x, dout)
        ctx.expectGradient('dx', dx, loss, x)
        ctx.expectGradient('dW', layer.dW, loss, W)
        ctx.expectGradient('db', layer.db, loss, b)
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its arguments unchanged' },
      weight: 1,
      run({ Affine }, ctx) {
        const { W, b, x, dout } = setup(ctx.seed, [2, 3, 2, 2], 3)
        const [x0, dout0, W0, b0] = [x.copy(), dout.copy(), W.copy(), b.copy()]
        forwardBackward(ctx, Affine, W, b, x, dout)
        ctx.expectUnchanged('x', x, x0)
        ctx.expectUnchanged('dout', dout, dout0)
        ctx.expectUnchanged('W', W, W0)
        ctx.expectUnchanged('b', b, b0)
      },
    },
  ],
  mutants: [
    {
      name: 'dx left as (N, D), not reshaped back',
      module: () => {
        class Affine extends RefAffine {
          override backward(dout: NDArray): NDArray {
            return super.backward(dout).reshape(dout.shape[0]!, -1)
          }
        }
        return { Affine }
      },
      expect: { check: 'backward-dx-shape', contains: 'originalXShape' },
    },
    {
      name: 'flattens by reading x.data in memory order',
      module: () => {
        class Affine extends RefAffine {
          override forward(x: NDArray): NDArray {
            return super.forward(fromData(x.data.slice(x.offset, x.offset + x.size), x.shape))
          }
        }
        return { Affine }
      },
      expect: { check: 'forward-view', contains: 'is a view' },
    },
    {
      name: 'no flattening: the 2-D Affine fed a 4-D x',
      module: () => {
        class Affine extends RefAffine {
          override forward(x: NDArray): NDArray {
            return x.dot(this.W).add(this.b)
          }
        }
        return { Affine }
      },
      expect: { check: 'forward-nd', contains: 'flatten x to (N, D)' },
    },
  ],
})
