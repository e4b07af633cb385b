import fc from 'fast-check'
import { array } from '@dlfs/matrix'
import { AddLayer as RefAddLayer, MulLayer as RefMulLayer } from '@dlfs/layers'
import { defineExercise, type CheckContext, type Text } from '../../grader/types.js'
import { closeTo, tx } from './_support.js'

interface NodeLike {
  forward(x: number, y: number): number
  backward(dout: number): [number, number]
}
interface MulAddModule {
  MulLayer: new () => NodeLike
  AddLayer: new () => NodeLike
}
const reference: MulAddModule = { MulLayer: RefMulLayer, AddLayer: RefAddLayer }

/** backward's result as [dx, dy], or a failure saying that is what it must return. */
function pair(ctx: CheckContext, call: string, got: unknown): [number, number] {
  if (Array.isArray(got) && got.length === 2 && got.every((v) => typeof v === 'number')) return got as [number, number]
  return ctx.fail({
    what: call,
    message: tx(
      `${call} should return the two gradients as an array [dx, dy] of numbers, got ${JSON.stringify(got) ?? String(got)}`,
      `${call} は 2 つの勾配を数値の配列 [dx, dy] として返してください。返された値: ${JSON.stringify(got) ?? String(got)}`,
    ),
  })
}

/** The book's buy_apple.py (§5.4.1), run with the given layers. */
function buyApple(ctx: CheckContext, { MulLayer }: MulAddModule) {
  const [apple, appleNum, tax] = [100, 2, 1.1]
  const mulAppleLayer = new MulLayer()
  const mulTaxLayer = new MulLayer()
  // forward
  const applePrice = mulAppleLayer.forward(apple, appleNum)
  const price = mulTaxLayer.forward(applePrice, tax)
  // backward
  const [dApplePrice, dTax] = pair(ctx, 'mulTaxLayer.backward(1)', mulTaxLayer.backward(1))
  const [dApple, dAppleNum] = pair(ctx, 'mulAppleLayer.backward(dApplePrice)', mulAppleLayer.backward(dApplePrice))
  return { price, dApple, dAppleNum, dTax }
}

/** The book's buy_apple_orange.py (§5.4.2): two MulLayers, an AddLayer, then the tax. */
function buyAppleOrange(ctx: CheckContext, { MulLayer, AddLayer }: MulAddModule) {
  const [apple, appleNum, orange, orangeNum, tax] = [100, 2, 150, 3, 1.1]
  const mulAppleLayer = new MulLayer()
  const mulOrangeLayer = new MulLayer()
  const addAppleOrangeLayer = new AddLayer()
  const mulTaxLayer = new MulLayer()
  // forward
  const applePrice = mulAppleLayer.forward(apple, appleNum)
  const orangePrice = mulOrangeLayer.forward(orange, orangeNum)
  const allPrice = addAppleOrangeLayer.forward(applePrice, orangePrice)
  const price = mulTaxLayer.forward(allPrice, tax)
  // backward
  const [dAllPrice, dTax] = pair(ctx, 'mulTaxLayer.backward(1)', mulTaxLayer.backward(1))
  const [dApplePrice, dOrangePrice] = pair(ctx, 'addAppleOrangeLayer.backward(dAllPrice)', addAppleOrangeLayer.backward(dAllPrice))
  const [dOrange, dOrangeNum] = pair(ctx, 'mulOrangeLayer.backward(dOrangePrice)', mulOrangeLayer.backward(dOrangePrice))
  const [dApple, dAppleNum] = pair(ctx, 'mulAppleLayer.backward(dApplePrice)', mulAppleLayer.backward(dApplePrice))
  return { price, dAppleNum, dApple, dOrange, dOrangeNum, dTax }
}

/** Compare every named value with the reference's run of the same script. */
function compareRun(ctx: CheckContext, script: string, got: Record<string, number>, expected: Record<string, number>): void {
  for (const [name, value] of Object.entries(expected)) ctx.expectNumberClose(`${script}: ${name}`, got[name], value)
}

// Numbers with one decimal in [-10, 10]: readable in a failure, and far from the tolerance's atol.
const decimal = fc.integer({ min: -100, max: 100 }).map((k) => k / 10)
const values = fc.record({ x: decimal, y: decimal, dout: decimal })
const forgotDout = (dout: number, plain: number): ((got: number) => Text | null) => (got) =>
  dout !== 1 && closeTo(got, plain) && !closeTo(got, plain * dout)
    ? tx('multiply by dout: backward passes on the upstream gradient times the local one', 'dout を掛けてください。逆伝播では上流から来た勾配に局所的な微分を掛けて下流へ流します')
    : null

export default defineExercise<MulAddModule>({
  id: '5.4-mul-add-layer',
  chapter: 5,
  section: '§5.4',
  file: '05-backprop/01-mul-add-layer/mul-add-layer.ts',
  title: { ja: '乗算レイヤと加算レイヤ', en: 'The multiplication and addition layers' },
  hints: {
    ja: [
      '逆伝播では、上流から伝わってきた微分（dout）に、そのノードの局所的な微分を掛けて下流へ流します。',
      'z = x·y なら ∂z/∂x = y、∂z/∂y = x です。backward で使うので、forward で x と y をインスタンスのフィールドに保存しておきます。z = x + y なら ∂z/∂x = ∂z/∂y = 1 です。',
      'MulLayer.backward は [dout * this.y, dout * this.x]（x と y が入れ替わる）、AddLayer.backward は [dout, dout] を返します。',
    ],
    en: [
      'Backward passes on the derivative from upstream (dout) times the node’s local derivative.',
      'For z = x·y, ∂z/∂x = y and ∂z/∂y = x. Backward needs them, so keep x and y in fields of the instance in forward. For z = x + y, ∂z/∂x = ∂z/∂y = 1.',
      'MulLayer.backward returns [dout * this.y, dout * this.x] (x and y swap); AddLayer.backward returns [dout, dout].',
    ],
  },
  forbidden: [{ specifier: '@dlfs/layers', names: ['MulLayer', 'AddLayer'] }],
  reference: async () => reference,
  solution: { file: 'packages/layers/src/mul-layer.ts', symbol: 'MulLayer' },
  checks: [
    {
      id: 'mul-forward',
      title: { ja: 'MulLayer.forward が x·y を返す', en: 'MulLayer.forward returns x·y' },
      weight: 1,
      run({ MulLayer }, ctx) {
        ctx.property(values, ({ x, y }) => ctx.expectNumberClose(`MulLayer.forward(${x}, ${y})`, new MulLayer().forward(x, y), new RefMulLayer().forward(x, y)))
      },
    },
    {
      id: 'mul-backward',
      title: { ja: 'MulLayer.backward が [dout·y, dout·x] を返す', en: 'MulLayer.backward returns [dout·y, dout·x]' },
      weight: 2,
      run({ MulLayer }, ctx) {
        ctx.property(values, ({ x, y, dout }) => {
          const layer = new MulLayer()
          layer.forward(x, y)
          const at = `MulLayer.forward(${x}, ${y}); backward(${dout})`
          const [dx, dy] = pair(ctx, at, layer.backward(dout))
          const swapped = (own: number, other: number) => (got: number) =>
            x !== y && closeTo(got, dout * own) && !closeTo(got, dout * other)
              ? tx('x and y are not swapped: ∂(x·y)/∂x is y, so dx = dout·y and dy = dout·x', 'x と y が入れ替わっていません。∂(x·y)/∂x は y なので dx = dout·y、dy = dout·x です')
              : (forgotDout(dout, other)(got) ?? null)
          ctx.expectNumberClose(`${at}: dx`, dx, dout * y, { likely: swapped(x, y) })
          ctx.expectNumberClose(`${at}: dy`, dy, dout * x, { likely: swapped(y, x) })
        })
      },
    },
    {
      id: 'add-forward',
      title: { ja: 'AddLayer.forward が x + y を返す', en: 'AddLayer.forward returns x + y' },
      weight: 1,
      run({ AddLayer }, ctx) {
        ctx.property(values, ({ x, y }) => ctx.expectNumberClose(`AddLayer.forward(${x}, ${y})`, new AddLayer().forward(x, y), new RefAddLayer().forward(x, y)))
      },
    },
    {
      id: 'add-backward',
      title: { ja: 'AddLayer.backward が [dout, dout] を返す', en: 'AddLayer.backward returns [dout, dout]' },
      weight: 1,
      run({ AddLayer }, ctx) {
        ctx.property(values, ({ x, y, dout }) => {
          const layer = new AddLayer()
          layer.forward(x, y)
          const [dx, dy] = pair(ctx, `AddLayer.backward(${dout})`, layer.backward(dout))
          ctx.expectNumberClose(`AddLayer.backward(${dout}): dx`, dx, dout, { likely: forgotDout(dout, 1) })
          ctx.expectNumberClose(`AddLayer.backward(${dout}): dy`, dy, dout, { likely: forgotDout(dout, 1) })
        })
      },
    },
    {
      id: 'own-inputs',
      title: { ja: 'インスタンスごとに x と y を保持する', en: 'each instance keeps its own x and y' },
      weight: 1,
      run({ MulLayer }, ctx) {
        const [a, b] = [new MulLayer(), new MulLayer()]
        a.forward(2, 3)
        b.forward(5, 7)
        const [dx, dy] = pair(ctx, 'a.backward(1)', a.backward(1))
        const likely = () =>
          closeTo(dx, 7) && closeTo(dy, 5)
            ? tx(
                'the second layer’s forward overwrote the first one’s inputs: keep x and y in fields of each instance (this.x, this.y), not in variables shared by all layers',
                '2 つ目のレイヤの forward が 1 つ目の入力を上書きしています。x と y は全レイヤで共有する変数ではなく、インスタンスのフィールド（this.x、this.y）に保存してください',
              )
            : null
        ctx.expectNumberClose('a.forward(2, 3); b.forward(5, 7); a.backward(1): dx', dx, 3, { likely })
        ctx.expectNumberClose('a.forward(2, 3); b.forward(5, 7); a.backward(1): dy', dy, 2, { likely })
      },
    },
    {
      id: 'apple',
      title: { ja: 'りんごの買い物（§5.4.1）', en: 'buying apples (§5.4.1)' },
      weight: 2,
      run(mod, ctx) {
        compareRun(ctx, 'buy_apple', buyApple(ctx, mod), buyApple(ctx, reference))
      },
    },
    {
      id: 'apple-orange',
      title: { ja: 'りんごとみかんの買い物（§5.4.2）', en: 'buying apples and oranges (§5.4.2)' },
      weight: 2,
      run(mod, ctx) {
        compareRun(ctx, 'buy_apple_orange', buyAppleOrange(ctx, mod), buyAppleOrange(ctx, reference))
      },
    },
    {
      id: 'gradient-check',
      title: { ja: '数値微分との一致', en: 'agrees with the numerical gradient' },
      weight: 1,
      run({ MulLayer, AddLayer }, ctx) {
        const dout = 1.5
        for (const [name, Layer] of [['MulLayer', MulLayer], ['AddLayer', AddLayer]] as const) {
          // L = forward(x, y)·dout, so (∂L/∂x, ∂L/∂y) is backward(dout).
          const xy = ctx.rng.randn(2).add(0.5)
          const loss = () => new Layer().forward(xy.get(0), xy.get(1)) * dout
          const layer = new Layer()
          layer.forward(xy.get(0), xy.get(1))
          ctx.expectGradient(`[dx, dy] = ${name}.backward(${dout})`, array(pair(ctx, `${name}.backward`, layer.backward(dout))), loss, xy)
        }
      },
    },
  ],
  mutants: [
    {
      name: 'MulLayer.backward does not swap x and y',
      module: () => {
        class MulLayer extends RefMulLayer {
          override backward(dout: number): [number, number] {
            return [dout * this.x!, dout * this.y!]
          }
        }
        return { ...reference, MulLayer }
      },
      expect: { check: 'mul-backward', contains: 'not swapped' },
    },
    {
      name: 'AddLayer.backward returns the local derivative 1, forgetting dout',
      module: () => {
        class AddLayer extends RefAddLayer {
          override backward(): [number, number] {
            return [1, 1]
          }
        }
        return { ...reference, AddLayer }
      },
      expect: { check: 'add-backward', contains: 'multiply by dout' },
    },
    {
      name: 'MulLayer keeps x and y in variables shared by every instance',
      module: () => {
        const shared = { x: 0, y: 0 }
        class MulLayer {
          forward(x: number, y: number): number {
            Object.assign(shared, { x, y })
            return x * y
          }
          backward(dout: number): [number, number] {
            return [dout * shared.y, dout * shared.x]
          }
        }
        return { ...reference, MulLayer }
      },
      expect: { check: 'own-inputs', contains: 'fields of each instance' },
    },
  ],
})
