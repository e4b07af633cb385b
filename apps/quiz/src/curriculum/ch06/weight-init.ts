import fc from 'fast-check'
import { NDArray, Rng, shapesEqual, zeros } from '@dlfs/matrix'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { dims } from '../../grader/inputs.js'
import * as reference from './reference/weight-init.js'
import type { WeightInitStd } from './reference/weight-init.js'

interface WeightInitModule {
  initStd(weightInitStd: WeightInitStd, preNodeNum: number): number
  initWeights(allSizeList: readonly number[], weightInitStd: WeightInitStd, rng: Rng): Record<string, NDArray>
}
const tx = (en: string, ja: string): Text => ({ en, ja })
const near = (a: number, b: number, rtol = 1e-9) => Math.abs(a - b) <= rtol * Math.abs(b)

/** The likely mistake when initStd(name, n) returned `got`: another well-known formula. */
function stdMistake(n: number, he: boolean) {
  return (got: number): Text | null => {
    if (near(got, Math.sqrt((he ? 1 : 2) / n)))
      return he
        ? tx("that is Xavier's √(1/n), for sigmoid and tanh; He's initial value for ReLU is √(2/n) (§6.2.3)", 'それは sigmoid や tanh 向けの Xavier の初期値 √(1/n) です。ReLU 向けの He の初期値は √(2/n) です（§6.2.3）')
        : tx("that is He's √(2/n), for ReLU; Xavier's initial value for sigmoid is √(1/n) (§6.2.2)", 'それは ReLU 向けの He の初期値 √(2/n) です。sigmoid 向けの Xavier の初期値は √(1/n) です（§6.2.2）')
    if (near(got, (he ? 2 : 1) / n))
      return tx(`${he ? '2' : '1'}/n is the variance: the standard deviation is its square root`, `${he ? '2' : '1'}/n は分散です。標準偏差はその平方根です`)
    if (near(got, Math.sqrt(n / (he ? 2 : 1))))
      return tx('the fraction is upside down: n (the number of nodes of the previous layer) goes in the denominator', '分数の上下が逆です。n（前の層のノード数）は分母に入ります')
    return null
  }
}

/** Sample mean, standard deviation and share of |w − mean| < σ of a weight matrix. */
function stats(W: NDArray, sigma: number) {
  const d = W.flatten().data
  const mean = d.reduce((a, b) => a + b, 0) / d.length
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length)
  const within = d.filter((x) => Math.abs(x) < sigma).length / d.length
  return { mean, std, within, n: d.length }
}

/** The learner's params must hold exactly W1, b1, …, W(L), b(L) for these sizes, each an NDArray. */
function expectKeys(ctx: CheckContext, params: unknown, sizes: readonly number[]): Record<string, NDArray> {
  const want = sizes.slice(1).flatMap((_, i) => [`W${i + 1}`, `b${i + 1}`])
  const got = params && typeof params === 'object' ? Object.keys(params) : []
  const missing = want.filter((k) => !got.includes(k))
  const extra = got.filter((k) => !want.includes(k))
  if (missing.length || extra.length) {
    ctx.fail({
      what: 'keys',
      expected: want.join(', '),
      got: got.join(', '),
      message: tx(
        `initWeights([${sizes.join(', ')}], …) should return the keys ${want.join(', ')}${missing.length ? `; missing: ${missing.join(', ')}` : ''}${extra.length ? `; unexpected: ${extra.join(', ')}` : ''} (one W and one b per layer, numbered from 1)`,
        `initWeights([${sizes.join(', ')}], …) は ${want.join(', ')} のキーを返すはずです${missing.length ? `。足りないキー: ${missing.join(', ')}` : ''}${extra.length ? `。余分なキー: ${extra.join(', ')}` : ''}（層ごとに W と b を 1 つずつ、1 から番号を付けます）`,
      ),
    })
  }
  return params as Record<string, NDArray>
}

const names: [WeightInitStd, string][] = [['he', 'He'], ['relu', 'ReLU'], ['xavier', 'Xavier'], ['sigmoid', 'Sigmoid']]

export default defineExercise<WeightInitModule>({
  id: '6.2-weight-init',
  chapter: 6,
  section: '§6.2',
  file: '06-techniques/07-weight-init/weight-init.ts',
  title: { ja: '重みの初期値（Xavier と He）', en: 'Initial weights (Xavier and He)' },
  hints: {
    ja: [
      '重みの標準偏差は、前の層のノード数 n で決めます。活性化関数が sigmoid なら Xavier の初期値（§6.2.2）、ReLU なら He の初期値（§6.2.3）です。',
      'Xavier は √(1/n)、He は √(2/n) です。n は「入力側」、つまり allSizeList[idx − 1] です。数値が渡されたら、それをそのまま標準偏差として使います。名前は本書と同じく小文字にしてから比べます。',
      'for (let idx = 1; idx < allSizeList.length; idx++) { W = rng.randn(nIn, nOut).mul(initStd(weightInitStd, nIn)); b = zeros([nOut]) } で params[`W${idx}`]、params[`b${idx}`] を作ります。',
    ],
    en: [
      "The weights' standard deviation depends on n, the number of nodes of the previous layer: Xavier's initial value for sigmoid (§6.2.2), He's for ReLU (§6.2.3).",
      'Xavier is √(1/n), He is √(2/n). n is the input side, allSizeList[idx − 1]. A number is used as the standard deviation itself. As in the book, lower-case the name before comparing it.',
      'for (let idx = 1; idx < allSizeList.length; idx++) { W = rng.randn(nIn, nOut).mul(initStd(weightInitStd, nIn)); b = zeros([nOut]) } gives params[`W${idx}`] and params[`b${idx}`].',
    ],
  },
  // @dlfs/train keeps its own init internal today; these names are banned should it ever export them.
  forbidden: [{ specifier: '@dlfs/train', names: ['initStd', 'initWeights', 'MultiLayerNet', 'MultiLayerNetExtend'] }],
  reference: async () => reference,
  solution: { file: 'apps/quiz/src/curriculum/ch06/reference/weight-init.ts', symbol: 'initWeights' },
  checks: [
    {
      id: 'std-he',
      title: tx("initStd('relu' | 'he', n) is He's √(2/n)", "initStd('relu' | 'he', n) が He の √(2/n) を返す"),
      weight: 2,
      run({ initStd }, ctx) {
        ctx.property(dims({ n: [1, 2000] }), ({ n }) => {
          for (const name of ['relu', 'he'] as const) ctx.expectNumberClose(`initStd('${name}', ${n})`, initStd(name, n), Math.sqrt(2 / n), { rtol: 1e-9, likely: stdMistake(n, true) })
        })
      },
    },
    {
      id: 'std-xavier',
      title: tx("initStd('sigmoid' | 'xavier', n) is Xavier's √(1/n)", "initStd('sigmoid' | 'xavier', n) が Xavier の √(1/n) を返す"),
      weight: 2,
      run({ initStd }, ctx) {
        ctx.property(dims({ n: [1, 2000] }), ({ n }) => {
          for (const name of ['sigmoid', 'xavier'] as const) ctx.expectNumberClose(`initStd('${name}', ${n})`, initStd(name, n), Math.sqrt(1 / n), { rtol: 1e-9, likely: stdMistake(n, false) })
        })
      },
    },
    {
      id: 'std-number-and-case',
      title: tx("a number is the std itself; 'He', 'ReLU' work as the book lower-cases names", "数値はそのまま標準偏差になり、'He' や 'ReLU' も使える（本書は名前を小文字にする）"),
      weight: 1,
      run({ initStd }, ctx) {
        ctx.property(fc.tuple(dims({ n: [1, 1000] }), fc.constantFrom(0.01, 1, 0.05, 0)), ([{ n }, std]) => {
          ctx.expectNumberClose(`initStd(${std}, ${n})`, initStd(std, n), std, {
            rtol: 0,
            atol: 0,
            likely: () => tx('a number is the standard deviation itself (the book\'s weight_init_std=0.01)', '数値が渡されたときは、それがそのまま標準偏差です（本書の weight_init_std=0.01 など）'),
          })
          for (const [name, capitalised] of names) {
            ctx.expectNumberClose(`initStd('${capitalised}', ${n})`, initStd(capitalised as WeightInitStd, n), reference.initStd(name, n), {
              rtol: 1e-9,
              likely: () => tx(`the book lower-cases the name first (str(weight_init_std).lower()), so '${capitalised}' means '${name}'`, `本書は先に名前を小文字にするので（str(weight_init_std).lower()）、'${capitalised}' は '${name}' と同じ意味です`),
            })
          }
        })
      },
    },
    {
      id: 'weights-shapes',
      title: tx('initWeights: W(idx) of shape (n_in, n_out), b(idx) zeros', 'initWeights: W(idx) の形状は (n_in, n_out)、b(idx) はゼロ'),
      weight: 2,
      run({ initWeights }, ctx) {
        const arb = fc.tuple(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 5 }), fc.constantFrom<WeightInitStd>('relu', 'sigmoid', 0.1), fc.nat())
        ctx.property(arb, ([sizes, init, seed]) => {
          const params = expectKeys(ctx, initWeights(sizes, init, new Rng(seed)), sizes)
          for (let idx = 1; idx < sizes.length; idx++) {
            ctx.expectShape(`W${idx}`, params[`W${idx}`], [sizes[idx - 1]!, sizes[idx]!])
            ctx.expectArrayClose(`b${idx}`, params[`b${idx}`], zeros([sizes[idx]!]), {
              rtol: 0,
              atol: 0,
              diagnose: [() => tx('the biases start at 0 (np.zeros(all_size_list[idx]))', 'バイアスの初期値は 0 です（np.zeros(all_size_list[idx])）')],
            })
          }
        })
      },
    },
    {
      id: 'weights-statistics',
      title: tx("initWeights: each W ~ N(0, σ²) with σ from the previous layer's size", 'initWeights: 各 W が N(0, σ²) に従い、σ は前の層のノード数で決まる'),
      weight: 3,
      run({ initWeights }, ctx) {
        const sizes = [400, 300, 200]
        for (const init of ['he', 'xavier', 0.05] as const) {
          const params = expectKeys(ctx, initWeights(sizes, init, new Rng(ctx.seed)), sizes)
          for (const idx of [1, 2]) {
            const [nIn, nOut] = [sizes[idx - 1]!, sizes[idx]!]
            const W = params[`W${idx}`]
            ctx.expectShape(`W${idx}`, W, [nIn, nOut])
            const sigma = reference.initStd(init, nIn)
            const s = stats(W as NDArray, sigma)
            const what = `the standard deviation of W${idx} (${nIn}×${nOut}, '${init}')`
            const ratio = (got: number) => got / sigma
            ctx.expectNumberClose(what, s.std, sigma, {
              rtol: 0.03,
              atol: 0,
              likely: (got) =>
                typeof init === 'string' && near(ratio(got), Math.sqrt(nIn / nOut), 0.03)
                  ? tx(`σ was computed from the next layer's size ${nOut}; n is the number of inputs of the layer, the previous layer's size ${nIn} (allSizeList[idx − 1])`, `σ を次の層のノード数 ${nOut} から計算しています。n はその層への入力の数、つまり前の層のノード数 ${nIn} です（allSizeList[idx − 1]）`)
                  : near(ratio(got), Math.SQRT2, 0.03) || near(ratio(got), Math.SQRT1_2, 0.03)
                    ? tx("off by √2: He's √(2/n) and Xavier's √(1/n) are swapped?", '√2 倍ずれています。He の √(2/n) と Xavier の √(1/n) が入れ替わっていませんか？')
                    : null,
            })
            if (Math.abs(s.mean) > (5 * sigma) / Math.sqrt(s.n)) {
              ctx.fail({ what: `W${idx}`, message: tx(`the mean of W${idx} is ${s.mean.toPrecision(3)}, expected about 0: draw from rng.randn (mean 0)`, `W${idx} の平均が ${s.mean.toPrecision(3)} です。0 に近いはずです。rng.randn（平均 0）から作ってください`) })
            }
            if (Math.abs(s.within - 0.6827) > 0.02) {
              ctx.fail({
                what: `W${idx}`,
                message: tx(
                  `${(100 * s.within).toFixed(1)}% of W${idx} lies within one standard deviation of 0, where a normal distribution has 68.3%: draw the weights from the normal distribution, rng.randn (the book's np.random.randn), not a uniform one`,
                  `W${idx} のうち 0 から標準偏差 1 つ分以内にあるのは ${(100 * s.within).toFixed(1)}% です。正規分布なら 68.3% です。一様分布ではなく正規分布 rng.randn（本書の np.random.randn）から作ってください`,
                ),
              })
            }
          }
        }
      },
    },
    {
      id: 'weights-rng',
      title: tx('initWeights draws from the rng it is given', 'initWeights は渡された rng から乱数を引く'),
      weight: 1,
      run({ initWeights }, ctx) {
        const sizes = [20, 10, 5]
        const [a, b, c] = [ctx.seed, ctx.seed, ctx.seed + 1].map((s) => expectKeys(ctx, initWeights(sizes, 'he', new Rng(s)), sizes))
        const sameW = (p: Record<string, NDArray>, q: Record<string, NDArray>) => ['W1', 'W2'].every((k) => shapesEqual(p[k]!.shape, q[k]!.shape) && p[k]!.equal(q[k]!).min().item() === 1)
        if (!sameW(a!, b!) || sameW(a!, c!)) {
          ctx.fail({
            what: 'W1, W2',
            message: tx(
              `${sameW(a!, b!) ? 'two different seeds gave the same weights' : 'the same seed gave different weights'}: draw every W from the rng argument (rng.randn), not from Math.random or a generator of your own, so that one seed repeats a run`,
              `${sameW(a!, b!) ? '異なるシードで同じ重みになりました' : '同じシードで異なる重みになりました'}。Math.random や自前の乱数生成器ではなく、引数の rng（rng.randn）からすべての W を作ってください。同じシードで同じ実行を再現するためです`,
            ),
          })
        }
      },
    },
  ],
  mutants: [
    {
      name: "He and Xavier swapped",
      module: () => ({ ...reference, initStd: (w: WeightInitStd, n: number) => (w === 'he' || w === 'relu' ? Math.sqrt(1 / n) : w === 'xavier' || w === 'sigmoid' ? Math.sqrt(2 / n) : (w as number)) }),
      expect: { check: 'std-he', contains: 'Xavier' },
    },
    {
      name: 'variance instead of the standard deviation',
      module: () => ({ ...reference, initStd: (w: WeightInitStd, n: number) => (typeof w === 'number' ? w : (w === 'he' || w === 'relu' ? 2 : 1) / n) }),
      expect: { check: 'std-xavier', contains: 'square root' },
    },
    {
      name: "fan-out (the next layer's size) instead of fan-in",
      module: () => ({
        ...reference,
        initWeights: (sizes: readonly number[], w: WeightInitStd, rng: Rng) =>
          Object.fromEntries(sizes.slice(1).flatMap((nOut, i) => [[`W${i + 1}`, rng.randn(sizes[i]!, nOut).mul(reference.initStd(w, nOut))], [`b${i + 1}`, zeros([nOut])]])),
      }),
      expect: { check: 'weights-statistics', contains: "next layer's size" },
    },
    {
      name: 'uniform weights with the right standard deviation',
      module: () => ({
        ...reference,
        initWeights: (sizes: readonly number[], w: WeightInitStd, rng: Rng) =>
          Object.fromEntries(sizes.slice(1).flatMap((nOut, i) => [[`W${i + 1}`, rng.uniform(-1, 1, [sizes[i]!, nOut]).mul(Math.sqrt(3) * reference.initStd(w, sizes[i]!))], [`b${i + 1}`, zeros([nOut])]])),
      }),
      expect: { check: 'weights-statistics', contains: 'normal distribution' },
    },
    {
      name: 'Math.random instead of the rng argument',
      module: () => ({ ...reference, initWeights: (sizes: readonly number[], w: WeightInitStd) => reference.initWeights(sizes, w, new Rng(Math.floor(Math.random() * 2 ** 31))) }),
      expect: { check: 'weights-rng', contains: 'rng argument' },
    },
  ],
})
