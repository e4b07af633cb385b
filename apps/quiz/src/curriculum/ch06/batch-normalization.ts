import { NDArray, Rng } from '@dlfs/matrix'
import { defineExercise, type CheckContext, type Diagnoser } from '../../grader/types.js'
import { dims } from '../../grader/inputs.js'
import { formatValue } from '../../grader/format-value.js'
import { batchNormalizationWith, type BatchNormalizationClass, type Knobs } from './_batch-normalization-variants.js'
import { like, tx, withInput } from './_support.js'

interface BatchNormalizationModule {
  BatchNormalization: BatchNormalizationClass
}
const reference = async (): Promise<BatchNormalizationClass> => (await import('@dlfs/layers')).BatchNormalization

/** A batch (N, …) whose features have their own means, scaled; feature 0 constant when `constant`. */
function batch(seed: number, shape: number[], scale: number, constant = false): NDArray {
  const rng = new Rng(seed)
  const d = shape.slice(1).reduce((a, b) => a * b, 1)
  const x = rng.randn([shape[0]!, d]).mul(scale).add(rng.randn([d]).mul(3 * scale))
  if (constant) for (let i = 0; i < shape[0]!; i++) x.set([i, 0], 3 * scale)
  return x.reshape(shape)
}
/** γ around 1 and β around 0, one per activation (D,). */
const affine = (seed: number, d: number) => ({ gamma: new Rng(seed).randn([d]).mul(0.5).add(1), beta: new Rng(seed + 1).randn([d]) })
const SCALES = [1, 0.001, 100, 0.01]

// Each mistake, and the text it gets when the learner's numbers match it.
const MISTAKES: [Knobs, ReturnType<typeof tx>][] = [
  [{ eps: 0 }, tx('eps is missing: add 10e-7 (= 1e-6) to the variance before the square root, √(var + 10e-7); without it a constant feature or a batch of one (variance 0) gives 0/0 = NaN', 'eps がありません。平方根の前に分散へ 10e-7（= 1e-6）を足してください: √(var + 10e-7)。これがないと、値が一定の特徴量やサンプル 1 個のバッチ（分散 0）で 0/0 = NaN になります')],
  [{ ddof: 1 }, tx('the variance divides by N − 1 (the unbiased variance); the book divides by N: var = Σ(x − μ)²/N, as np.mean(xc**2, axis=0)', '分散を N − 1 で割っています（不偏分散）。本書は N で割ります: var = Σ(x − μ)²/N（np.mean(xc**2, axis=0)）')],
  [{ perSample: true }, tx("each sample was normalised over its own features (axis 1, which is Layer Normalization); Batch Normalization normalises each feature over the batch: mean and variance over axis 0", '各サンプルを自分の特徴量で正規化しています（axis=1、これは Layer Normalization です）。Batch Normalization は各特徴量をバッチ方向に正規化します: 平均と分散は axis=0 で求めます')],
  [{ eps: 1e-7 }, tx("eps is written 10e-7 in the book, which is 1e-6 (not 1e-7)", '本書の eps は 10e-7 と書かれていて、これは 1e-6 です（1e-7 ではありません）')],
  [{ noAffine: true }, tx('the scale and shift are missing: out = γ·xn + β', 'スケールとシフトがありません: out = γ·xn + β')],
  [{ perChannel: true }, tx('4-D input was normalised per channel (over N, H, W, as PyTorch\'s BatchNorm2d); the book flattens x to (N, C·H·W) and normalises each activation', '4 次元の入力をチャンネルごとに（N, H, W 方向で）正規化しています（PyTorch の BatchNorm2d の方式）。本書は x を (N, C·H·W) に平らにして、活性化ごとに正規化します')],
  [{ swapMomentum: true }, tx('momentum and 1 − momentum are swapped: running ← momentum·running + (1 − momentum)·(batch statistic), so momentum = 0.9 keeps 90% of the old value', 'momentum と 1 − momentum が入れ替わっています。running ← momentum·running + (1 − momentum)·(バッチの統計量) で、momentum = 0.9 なら古い値を 90% 残します')],
  [{ varStartsAtOne: true }, tx('runningVar starts at zeros in the book (np.zeros(D)), as runningMean does; not at ones', '本書では runningVar も runningMean と同じくゼロ（np.zeros(D)）から始めます。1 ではありません')],
  [{ testUsesBatch: true }, tx("in test mode (trainFlg = false) normalise with runningMean and runningVar, not with the batch's own mean and variance", 'テスト時（trainFlg = false）は、そのバッチ自身の平均・分散ではなく runningMean と runningVar で正規化します')],
  [{ backward: 'xnOnly' }, tx('dx goes back only through xn = xc/σ: the batch mean μ and variance σ² depend on x too, so add their paths (the book\'s dvar and dmu)', 'dx が xn = xc/σ の経路だけを逆伝播しています。バッチの平均 μ と分散 σ² も x に依存するので、その経路（本書の dvar と dmu）も加えてください')],
  [{ dgammaWithoutXn: true }, tx('dgamma = Σ xn·dout over the batch (out = γ·xn + β), not Σ dout', 'dgamma はバッチ方向の Σ xn·dout です（out = γ·xn + β）。Σ dout ではありません')],
]
const knobsOf = (key: keyof Knobs) => MISTAKES.find(([k]) => key in k)![0]

/** Diagnosers: the learner's `what` equals what each mistaken variant gives when `run` on it. */
function mistakes(run: (Cls: BatchNormalizationClass) => NDArray | null | undefined): Diagnoser[] {
  return MISTAKES.map(([knobs, text]) => like(() => run(batchNormalizationWith(knobs)), text, 1e-9))
}
/** Arrays of the batch seen by the learner and the reference, copied so each gets its own. */
const copies = (...xs: NDArray[]) => xs.map((x) => x.copy())
const close = { rtol: 1e-6, atol: 1e-9 }

/** Run forward in training mode, then backward, on the learner's class and the reference; compare all three. */
function checkBackward(ctx: CheckContext, Cls: BatchNormalizationClass, Ref: BatchNormalizationClass, x: NDArray, gamma: NDArray, beta: NDArray, dout: NDArray): void {
  const run = (C: BatchNormalizationClass) => {
    const layer = new C(...(copies(gamma, beta) as [NDArray, NDArray]))
    layer.forward(x.copy())
    return { dx: layer.backward(dout.copy()), layer }
  }
  const got = run(Cls)
  const exp = run(Ref)
  ctx.expectArrayClose('dx', got.dx, exp.dx, { ...close, diagnose: mistakes((C) => run(C).dx) })
  ctx.expectArrayClose('dgamma', got.layer.dgamma, exp.layer.dgamma!, { ...close, diagnose: mistakes((C) => run(C).layer.dgamma) })
  ctx.expectArrayClose('dbeta', got.layer.dbeta, exp.layer.dbeta!, close)
}

export default defineExercise<BatchNormalizationModule>({
  id: '6.3.1-batch-normalization',
  chapter: 6,
  section: '§6.3.1',
  file: '06-techniques/08-batch-normalization/batch-normalization.ts',
  title: { ja: 'Batch Normalization レイヤ', en: 'The BatchNormalization layer' },
  hints: {
    ja: [
      '学習時はミニバッチの平均 μ と分散 σ² で各特徴量を正規化し（式 6.7）、γ 倍して β を足します（式 6.8）。テスト時は、学習中に移動平均で蓄えた runningMean と runningVar を使います。',
      '平均と分散は axis=0（バッチ方向）で求め、分散は N で割ります。eps は本書の 10e-7（= 1e-6）で、σ = √(σ² + eps) とします。4 次元の入力 (N, C, H, W) は (N, C·H·W) に reshape してから同じ処理をし、最後に元の形状に戻します。running は running ← momentum·running + (1 − momentum)·(バッチの値) です。',
      '逆伝播は計算グラフを逆にたどります（図 6-17）: dbeta = Σ dout、dgamma = Σ xn·dout、dxn = γ·dout、dxc = dxn/σ、dstd = −Σ(dxn·xc)/σ²、dvar = 0.5·dstd/σ、dxc += (2/N)·xc·dvar、dmu = Σ dxc、dx = dxc − dmu/N。',
    ],
    en: [
      'In training, normalise each feature with the mini-batch mean μ and variance σ² (eq. 6.7), then scale by γ and shift by β (eq. 6.8). At test time use runningMean and runningVar, the moving averages kept during training.',
      'Take the mean and variance over axis 0 (the batch), dividing by N. eps is the book\'s 10e-7 (= 1e-6): σ = √(σ² + eps). Reshape 4-D input (N, C, H, W) to (N, C·H·W), do the same, and reshape back at the end. running ← momentum·running + (1 − momentum)·(batch value).',
      'Backward walks the computational graph in reverse (Figure 6-17): dbeta = Σ dout, dgamma = Σ xn·dout, dxn = γ·dout, dxc = dxn/σ, dstd = −Σ(dxn·xc)/σ², dvar = 0.5·dstd/σ, dxc += (2/N)·xc·dvar, dmu = Σ dxc, dx = dxc − dmu/N.',
    ],
  },
  forbidden: [{ specifier: '@dlfs/layers', names: ['BatchNormalization'] }],
  reference: async () => ({ BatchNormalization: await reference() }),
  solution: { file: 'packages/layers/src/batch-normalization.ts', symbol: 'BatchNormalization' },
  checks: [
    {
      id: 'forward-train',
      title: tx('training forward on (N, D): (x − μ)/√(σ² + 10e-7)·γ + β', '学習時の順伝播 (N, D): (x − μ)/√(σ² + 10e-7)·γ + β'),
      weight: 3,
      async run({ BatchNormalization }, ctx) {
        const Ref = await reference()
        ctx.property(dims({ n: [2, 6], d: [1, 5], scale: [0, 3], constant: [0, 1] }), ({ n, d, scale, constant, seed }) => {
          const x = batch(seed, [n, d], SCALES[scale]!, constant === 1)
          const { gamma, beta } = affine(seed + 2, d)
          const out = (C: BatchNormalizationClass) => new C(gamma.copy(), beta.copy()).forward(x.copy(), true)
          withInput(`x (${n},${d}) of scale ${SCALES[scale]}${constant ? ', feature 0 constant' : ''}: ${formatValue(x)}`, () =>
            ctx.expectArrayClose('forward output', out(BatchNormalization), out(Ref), { ...close, diagnose: mistakes(out) }),
          )
        })
      },
    },
    {
      id: 'forward-edge',
      title: tx('a batch of one and a constant feature: variance 0, output β (eps keeps 0/0 away)', 'サンプル 1 個のバッチと値が一定の特徴量: 分散 0 で出力は β（eps が 0/0 を防ぐ）'),
      weight: 1,
      async run({ BatchNormalization }, ctx) {
        const Ref = await reference()
        for (const [n, constant] of [[1, false], [3, true]] as const) {
          const x = batch(ctx.seed, [n, 3], 1, constant)
          const { gamma, beta } = affine(ctx.seed + 2, 3)
          const out = (C: BatchNormalizationClass) => new C(gamma.copy(), beta.copy()).forward(x.copy(), true)
          ctx.expectArrayClose(`forward output (N = ${n}${constant ? ', feature 0 constant' : ''})`, out(BatchNormalization), out(Ref), { ...close, diagnose: mistakes(out) })
        }
      },
    },
    {
      id: 'forward-4d',
      title: tx('4-D input (N, C, H, W): normalised per activation, shape kept', '4 次元の入力 (N, C, H, W): 活性化ごとに正規化し、形状を保つ'),
      weight: 1,
      async run({ BatchNormalization }, ctx) {
        const Ref = await reference()
        ctx.property(dims({ n: [2, 4], c: [1, 3], h: [1, 3], w: [1, 3] }), ({ n, c, h, w, seed }) => {
          const x = batch(seed, [n, c, h, w], 1)
          const { gamma, beta } = affine(seed + 2, c * h * w)
          const out = (C: BatchNormalizationClass) => new C(gamma.copy(), beta.copy()).forward(x.copy(), true)
          const got = out(BatchNormalization)
          withInput(`x (${n},${c},${h},${w}), gamma and beta (${c * h * w},)`, () => {
            ctx.expectShape('forward output', got, x.shape)
            ctx.expectArrayClose('forward output', got, out(Ref), { ...close, diagnose: mistakes(out) })
          })
        })
      },
    },
    {
      id: 'running-stats',
      title: tx('runningMean and runningVar: from zeros (or the given arrays), moved by momentum', 'runningMean と runningVar: ゼロ（または渡された配列）から始め、momentum で更新する'),
      weight: 2,
      async run({ BatchNormalization }, ctx) {
        const Ref = await reference()
        const momenta = [0.9, 0.5, 0.99]
        ctx.property(dims({ n: [1, 5], d: [1, 4], m: [0, 2], steps: [1, 3], given: [0, 1] }), ({ n, d, m, steps, given, seed }) => {
          const { gamma, beta } = affine(seed + 2, d)
          const start = given ? [new Rng(seed + 4).randn([d]), new Rng(seed + 5).rand([d])] : [null, null]
          const make = (C: BatchNormalizationClass) => new C(gamma.copy(), beta.copy(), momenta[m], start[0]?.copy() ?? null, start[1]?.copy() ?? null)
          const [layer, ref] = [make(BatchNormalization), make(Ref)]
          const input = `new BatchNormalization(gamma, beta, ${momenta[m]}${given ? ', runningMean, runningVar' : ''}); ${steps} training forward(s) of x (${n},${d})`
          for (let s = 0; s < steps; s++) {
            const x = batch(seed + 10 * s, [n, d], 1)
            layer.forward(x.copy(), true)
            ref.forward(x.copy(), true)
            // The same forwards on a fresh variant, for recognising mistakes.
            const after = (name: 'runningMean' | 'runningVar') => (C: BatchNormalizationClass) => {
              const v = make(C)
              for (let r = 0; r <= s; r++) v.forward(batch(seed + 10 * r, [n, d], 1), true)
              return v[name]
            }
            for (const name of ['runningMean', 'runningVar'] as const) {
              withInput(input, () => ctx.expectArrayClose(`${name} after training forward ${s + 1}`, layer[name], ref[name]!, { ...close, diagnose: mistakes(after(name)) }))
            }
          }
        })
      },
    },
    {
      id: 'forward-test',
      title: tx('test forward (trainFlg = false) uses runningMean/runningVar and leaves them unchanged', 'テスト時の順伝播（trainFlg = false）は runningMean/runningVar を使い、それらを変えない'),
      weight: 2,
      async run({ BatchNormalization }, ctx) {
        const Ref = await reference()
        ctx.property(dims({ n: [1, 5], d: [2, 4], given: [0, 1] }), ({ n, d, given, seed }) => {
          const { gamma, beta } = affine(seed + 2, d)
          // Given running statistics include a variance of exactly 0, where only eps keeps σ finite.
          const start = given ? [new Rng(seed + 4).randn([d]), new Rng(seed + 5).rand([d]).mul(new NDArray(Float64Array.from({ length: d }, (_, i) => (i === 0 ? 0 : 1)), [d]))] : [null, null]
          const xs = [batch(seed, [4, d], 1), batch(seed + 1, [3, d], 1)]
          const xTest = batch(seed + 3, [n, d], 2)
          const run = (C: BatchNormalizationClass) => {
            const layer = new C(gamma.copy(), beta.copy(), 0.9, start[0]?.copy() ?? null, start[1]?.copy() ?? null)
            if (!given) for (const x of xs) layer.forward(x.copy(), true)
            const before = [layer.runningMean?.copy(), layer.runningVar?.copy()]
            return { out: layer.forward(xTest.copy(), false), layer, before }
          }
          const got = run(BatchNormalization)
          const input = given ? `runningMean, runningVar given (runningVar[0] = 0); test x (${n},${d})` : `training forwards on x (4,${d}) and (3,${d}), then test x (${n},${d})`
          withInput(input, () => {
            ctx.expectArrayClose('test-mode forward output', got.out, run(Ref).out, { ...close, diagnose: mistakes((C) => run(C).out) })
            for (const [i, name] of (['runningMean', 'runningVar'] as const).entries()) {
              if (got.before[i] && !(got.layer[name] instanceof NDArray && got.layer[name].equal(got.before[i]).min().item() === 1)) {
                ctx.fail({
                  what: name,
                  message: tx(`a test-mode forward (trainFlg = false) changed ${name}: only training forwards move the running statistics`, `テスト時の順伝播（trainFlg = false）で ${name} が変わっています。running の統計量を更新するのは学習時の順伝播だけです`),
                })
              }
            }
          })
        })
      },
    },
    {
      id: 'backward',
      title: tx('backward: dx, dgamma, dbeta on 2-D and 4-D input', '逆伝播: 2 次元・4 次元の入力での dx、dgamma、dbeta'),
      weight: 3,
      async run({ BatchNormalization }, ctx) {
        const Ref = await reference()
        ctx.property(dims({ n: [1, 5], c: [1, 3], h: [1, 2], w: [1, 2], rank4: [0, 1], scale: [0, 1] }), ({ n, c, h, w, rank4, scale, seed }) => {
          const shape = rank4 ? [n, c, h, w] : [n, c * h]
          const x = batch(seed, shape, [1, 0.01][scale]!)
          const { gamma, beta } = affine(seed + 2, c * h * (rank4 ? w : 1))
          withInput(`x (${shape.join(',')}), dout (${shape.join(',')})`, () => checkBackward(ctx, BatchNormalization, Ref, x, gamma, beta, new Rng(seed + 3).randn(shape)))
        })
      },
    },
    {
      id: 'gradient-check',
      title: tx('agrees with the numerical gradient of your forward', 'あなたの forward の数値微分と一致する'),
      weight: 1,
      run({ BatchNormalization }, ctx) {
        for (const shape of [[4, 3], [3, 2, 2, 1]]) {
          const d = shape.slice(1).reduce((a, b) => a * b, 1)
          const x = batch(ctx.seed, shape, 1)
          const { gamma, beta } = affine(ctx.seed + 2, d)
          const dout = new Rng(ctx.seed + 3).randn(shape)
          // L = Σ forward(x)·dout, so dL/dx is backward(dout); a fresh layer each time, as forward keeps state.
          const loss = () => new BatchNormalization(gamma, beta).forward(x, true).mul(dout).sum().item()
          const layer = new BatchNormalization(gamma, beta)
          layer.forward(x.copy(), true)
          const dx = layer.backward(dout.copy())
          ctx.expectGradient(`dx (x of shape (${shape.join(',')}))`, dx, loss, x, 1e-4)
          ctx.expectGradient('dgamma', layer.dgamma, loss, gamma, 1e-4)
          ctx.expectGradient('dbeta', layer.dbeta, loss, beta, 1e-4)
        }
      },
    },
    {
      id: 'inputs-unchanged',
      title: tx('leaves x, dout, gamma and beta unchanged', 'x、dout、gamma、beta を書き換えない'),
      weight: 1,
      run({ BatchNormalization }, ctx) {
        const x = batch(ctx.seed, [4, 3], 1)
        const { gamma, beta } = affine(ctx.seed + 2, 3)
        const dout = new Rng(ctx.seed + 3).randn([4, 3])
        const before = copies(x, dout, gamma, beta)
        const layer = new BatchNormalization(gamma, beta)
        layer.forward(x, true)
        layer.backward(dout)
        layer.forward(x, false)
        ;[x, dout, gamma, beta].forEach((a, i) => ctx.expectUnchanged(['x', 'dout', 'gamma', 'beta'][i]!, a, before[i]!))
      },
    },
  ],
  mutants: [
    { name: 'unbiased variance (N − 1)', module: () => ({ BatchNormalization: batchNormalizationWith(knobsOf('ddof')) }), expect: { check: 'forward-train', contains: 'N − 1' } },
    { name: 'normalised per sample (axis 1)', module: () => ({ BatchNormalization: batchNormalizationWith(knobsOf('perSample')) }), expect: { check: 'forward-train', contains: 'axis 0' } },
    { name: 'no eps', module: () => ({ BatchNormalization: batchNormalizationWith({ eps: 0 }) }), expect: { check: 'forward-train', contains: '10e-7' } },
    { name: 'no eps (a batch of one)', module: () => ({ BatchNormalization: batchNormalizationWith({ eps: 0 }) }), expect: { check: 'forward-edge', contains: '10e-7' } },
    { name: 'eps 1e-7', module: () => ({ BatchNormalization: batchNormalizationWith({ eps: 1e-7 }) }), expect: { check: 'forward-train', contains: 'which is 1e-6' } },
    { name: '4-D per channel', module: () => ({ BatchNormalization: batchNormalizationWith(knobsOf('perChannel')) }), expect: { check: 'forward-4d', contains: 'per channel' } },
    { name: 'momentum swapped', module: () => ({ BatchNormalization: batchNormalizationWith(knobsOf('swapMomentum')) }), expect: { check: 'running-stats', contains: 'swapped' } },
    { name: 'runningVar starts at ones', module: () => ({ BatchNormalization: batchNormalizationWith(knobsOf('varStartsAtOne')) }), expect: { check: 'running-stats', contains: 'zeros' } },
    { name: 'test mode uses the batch statistics', module: () => ({ BatchNormalization: batchNormalizationWith(knobsOf('testUsesBatch')) }), expect: { check: 'forward-test', contains: 'runningMean and runningVar' } },
    { name: 'test mode moves the running statistics', module: () => ({ BatchNormalization: batchNormalizationWith({ testMovesRunning: true }) }), expect: { check: 'forward-test', contains: 'changed running' } },
    { name: 'dx only through xn', module: () => ({ BatchNormalization: batchNormalizationWith(knobsOf('backward')) }), expect: { check: 'backward', contains: 'mean μ and variance' } },
    { name: 'dgamma without xn', module: () => ({ BatchNormalization: batchNormalizationWith(knobsOf('dgammaWithoutXn')) }), expect: { check: 'backward', contains: 'xn·dout' } },
  ],
})
