import { NDArray, formatShape } from '@dlfs/matrix'
import { defineExercise, type CheckContext } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { signFlipped, transposed, wrongAxis } from '../../grader/diagnose.js'
import { attempt, like, tx } from './_support.js'

export interface AffineLike {
  dW: NDArray | null
  db: NDArray | null
  forward(x: NDArray): NDArray
  backward(dout: NDArray): NDArray
}
export interface AffineModule {
  Affine: new (W: NDArray, b: NDArray) => AffineLike
}

const shapes = dims({ n: [1, 5], d: [1, 6], m: [1, 5] })

/** Build the same layer and inputs for the learner's class and the reference. */
function setup(seed: number, n: number, d: number, m: number) {
  return { W: randn(seed, [d, m]), b: randn(seed + 1, [m]), x: randn(seed + 2, [n, d]), dout: randn(seed + 3, [n, m]) }
}

/** forward then backward on the learner's layer; a crash in backward gets a hint about the shapes. */
export function forwardBackward(ctx: CheckContext, Affine: AffineModule['Affine'], W: NDArray, b: NDArray, x: NDArray, dout: NDArray) {
  const layer = new Affine(W, b)
  layer.forward(x)
  const dx = attempt(ctx, 'backward(dout)', () => layer.backward(dout), tx(
    'pick the transposes so the shapes fit: dout (N, M)·Wᵀ (M, D) gives dx (N, D); xᵀ (D, N)·dout (N, M) gives dW (D, M)',
    '形状が合うように転置を選びます。dout (N, M)·Wᵀ (M, D) で dx (N, D)、xᵀ (D, N)·dout (N, M) で dW (D, M) になります',
  ))
  return { layer, dx }
}

/** db must be (M,): a (1, M) or (N,) result gets a message about the axis before the values are compared. */
export function expectDb(ctx: CheckContext, db: unknown, dout: NDArray): void {
  const [n, m] = [dout.shape[0]!, dout.shape[1]!]
  if (db instanceof NDArray && (db.ndim === 2 || (db.ndim === 1 && db.shape[0] === n && n !== m))) {
    const axis = db.ndim === 1 ? wrongAxis(1, 0) : tx('', '')
    ctx.fail({
      what: 'db',
      message: {
        en: `db has shape ${formatShape(db.shape)}, expected (${m},): sum dout over the batch axis (axis 0), since b was broadcast over the N rows. ${axis.en}`.trim(),
        ja: `db の形状が ${formatShape(db.shape)} です。期待は (${m},) です。b は N 行にブロードキャストされたので、dout を axis=0 で足し合わせます。${axis.ja}`.trim(),
      },
    })
  }
  ctx.expectArrayClose('db', db, dout.sum(0), { diagnose: [signFlipped, like(dout.sum(1), wrongAxis(1, 0))] })
}

export default defineExercise<AffineModule>({
  id: '5.6.2-affine',
  chapter: 5,
  section: '§5.6.2',
  file: '05-backprop/04-affine/affine.ts',
  title: { ja: 'Affine レイヤ', en: 'The Affine layer' },
  hints: {
    ja: [
      '順伝播は 3.3 節の行列の積と同じです。逆伝播では、形状が合うように転置を選びます。',
      'forward では backward で使う x を保存しておきます。dx の形状は x と同じ (N, D)、dW は W と同じ (D, M) です。',
      'dx = dout.dot(this.W.T)、this.dW = this.x.T.dot(dout)、this.db = dout.sum(0)。',
    ],
    en: [
      'The forward pass is the matrix product of §3.3. In backward, pick the transposes so the shapes fit.',
      'Keep x in forward for backward. dx has the shape of x, (N, D); dW has the shape of W, (D, M).',
      'dx = dout.dot(this.W.T), this.dW = this.x.T.dot(dout), this.db = dout.sum(0).',
    ],
  },
  forbidden: [{ specifier: '@dlfs/layers', names: ['Affine'] }],
  reference: async () => ({ Affine: (await import('@dlfs/layers')).Affine }),
  solution: { file: 'packages/layers/src/affine.ts', symbol: 'Affine' },
  checks: [
    {
      id: 'forward',
      title: { ja: 'forward が x·W + b を返す', en: 'forward returns x·W + b' },
      weight: 2,
      run({ Affine }, ctx) {
        ctx.property(shapes, ({ n, d, m, seed }) => {
          const { W, b, x } = setup(seed, n, d, m)
          const expected = x.dot(W).add(b)
          const noBias = like(x.dot(W), tx('the bias is missing: out = x·W + b', 'バイアスが足されていません。out = x·W + b です'))
          ctx.expectArrayClose('forward(x)', new Affine(W, b).forward(x), expected, { diagnose: [signFlipped, noBias] })
        })
      },
    },
    {
      id: 'backward-dx',
      title: { ja: 'backward の dx', en: 'backward: dx' },
      weight: 2,
      run({ Affine }, ctx) {
        ctx.property(shapes, ({ n, d, m, seed }) => {
          const { W, b, x, dout } = setup(seed, n, d, m)
          const { dx } = forwardBackward(ctx, Affine, W, b, x, dout)
          ctx.expectArrayClose('dx', dx, dout.dot(W.T), { diagnose: [transposed, signFlipped] })
        })
      },
    },
    {
      id: 'backward-dW',
      title: { ja: 'backward の dW', en: 'backward: dW' },
      weight: 2,
      run({ Affine }, ctx) {
        ctx.property(shapes, ({ n, d, m, seed }) => {
          const { W, b, x, dout } = setup(seed, n, d, m)
          const { layer } = forwardBackward(ctx, Affine, W, b, x, dout)
          ctx.expectArrayClose('dW', layer.dW, x.T.dot(dout), { diagnose: [transposed, signFlipped] })
        })
      },
    },
    {
      id: 'backward-db',
      title: { ja: 'backward の db', en: 'backward: db' },
      weight: 1,
      run({ Affine }, ctx) {
        ctx.property(shapes, ({ n, d, m, seed }) => {
          const { W, b, x, dout } = setup(seed, n, d, m)
          expectDb(ctx, forwardBackward(ctx, Affine, W, b, x, dout).layer.db, dout)
        })
      },
    },
    {
      id: 'gradient-check',
      title: { ja: '数値微分との一致', en: 'agrees with the numerical gradient' },
      weight: 1,
      run({ Affine }, ctx) {
        const { W, b, x, dout } = setup(ctx.seed, 3, 4, 2)
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
        const { W, b, x, dout } = setup(ctx.seed, 4, 3, 2)
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
      name: 'dW with the wrong sign',
      module: async () => {
        const { Affine } = await import('@dlfs/layers')
        class Wrong extends Affine {
          override backward(dout: NDArray): NDArray {
            const dx = super.backward(dout)
            this.dW = this.dW!.mul(-1)
            return dx
          }
        }
        return { Affine: Wrong }
      },
      expect: { check: 'backward-dW', contains: 'sign' },
    },
    {
      name: 'db not summed over the batch',
      module: async () => {
        const { Affine } = await import('@dlfs/layers')
        class Wrong extends Affine {
          override backward(dout: NDArray): NDArray {
            const dx = super.backward(dout)
            this.db = dout.copy()
            return dx
          }
        }
        return { Affine: Wrong }
      },
      expect: { check: 'backward-db', contains: 'axis 0' },
    },
    {
      name: 'forward forgets the bias',
      module: async () => {
        const { Affine } = await import('@dlfs/layers')
        class Wrong extends Affine {
          override forward(x: NDArray): NDArray {
            return super.forward(x).sub(this.b)
          }
        }
        return { Affine: Wrong }
      },
      expect: { check: 'forward', contains: 'bias is missing' },
    },
  ],
})
