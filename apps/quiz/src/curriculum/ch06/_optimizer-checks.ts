// The checks the six optimizers of book §6.1 share. Each compares what update DID to the arrays (the
// change Δ = W after − W before, per key and per update) with the reference from @dlfs/train, so any
// correct way of writing the update passes. Then: the defaults, in-place updates, grads left alone,
// state kept per key, and the book's 1e-7 where a zero gradient would divide 0 by 0.
import { CheckFailure, type Check, type CheckContext, type Diagnoser, type Text } from '../../grader/types.js'
import { dims } from '../../grader/inputs.js'
import { signFlipped } from '../../grader/diagnose.js'
import type { OptimizerClass, OptimizerLike, Params } from './_optimizer-of.js'
import { copyAll, deltas, describe, fixedSize, same, sameRun, scenario, tx, type Scenario } from './_optimizer-scenario.js'

/** A typical wrong implementation, recognised when the learner's Δ equals its Δ on the same inputs. */
export interface WrongVariant {
  cls: OptimizerClass
  likely: Text
}

/** What differs between the six optimizers' checks. */
export interface OptimizerSpec {
  /** The exported class name: 'SGD', 'Momentum', … */
  name: string
  reference: () => Promise<OptimizerClass>
  /** The book's defaults, e.g. { lr: 0.01, momentum: 0.9 }. */
  defaults: Record<string, number>
  /** Explicit options the `updates` check draws from (fast-check shrinks toward the first). */
  optionSets: Record<string, number>[]
  /** The state kept per key, as the learner names it ('v[key]'); null for SGD. */
  state: string | null
  /** Extra advice when the state leaks between keys (Adam: iter counts calls, not keys). */
  perKeyNote?: Text
  /** The denominator with the book's 1e-7 ('√h + 1e-7'), for optimizers that divide by it. */
  denominator?: string
  variants: WrongVariant[]
}

export type OptimizerModule = Record<string, OptimizerClass>

/** Recognises `variant` at (update s, key): the learner's Δ equals the variant's Δ on the same scenario. */
function variantDiagnoser(variant: WrongVariant, sc: Scenario, s: number, key: string): Diagnoser {
  return (got) => {
    try {
      return same(got, deltas(new variant.cls({ ...sc.options }), sc)[s]![key]!) ? variant.likely : null
    } catch {
      return null
    }
  }
}

/** Compare the learner's Δs with the reference's, update by update, key by key. */
function compareDeltas(ctx: CheckContext, spec: OptimizerSpec, sc: Scenario, got: Params[], expected: Params[], first: Diagnoser[] = []): void {
  expected.forEach((exp, s) => {
    const later: Diagnoser = () =>
      s > 0 && spec.state
        ? tx(
            `update 1 was right but update ${s + 1} is not: keep ${spec.state} between calls of update (create it on a key's first update only, then keep changing it)`,
            `1 回目の update は正しいのに ${s + 1} 回目が違います。${spec.state} を update の呼び出しをまたいで保持してください（各キーの最初の update でだけ作り、その後は更新し続けます）`,
          )
        : null
    for (const key of Object.keys(exp)) {
      const variants = spec.variants.map((v) => variantDiagnoser(v, sc, s, key))
      ctx.expectArrayClose(`update ${s + 1}: Δ${key}`, got[s]![key], exp[key]!, { rtol: 1e-6, atol: 1e-12, diagnose: [...first, ...variants, signFlipped, later] })
    }
  })
}

/** Attach the scenario to a failure, so the learner sees the options, keys and shapes it happened on. */
function onScenario(input: string, body: () => void): void {
  try {
    body()
  } catch (e) {
    if (e instanceof CheckFailure) throw new CheckFailure({ ...e.detail, input })
    throw e
  }
}

const keyValues = (d: Record<string, unknown>) => Object.entries(d).map(([k, v]) => `${k} = ${v}`).join(', ')

/** The checks of one optimizer exercise, built from its spec. */
export function optimizerChecks(spec: OptimizerSpec): Check<OptimizerModule>[] {
  const { name } = spec
  const sizes = dims({ keys: [1, 5], steps: [1, 4], a: [1, 3], b: [1, 4], c: [1, 3], opt: [0, spec.optionSets.length - 1] })
  const checks: Check<OptimizerModule>[] = [
    {
      id: 'updates',
      title: tx('several updates agree with the reference (Δ = W after − W before)', '複数回の update が参照実装と一致する（Δ = 更新後の W − 更新前の W）'),
      weight: 4,
      async run(mod, ctx) {
        const Ref = await spec.reference()
        ctx.property(sizes, (v) => {
          const sc = scenario(v, spec.optionSets[v.opt]!)
          onScenario(describe(name, sc), () => {
            const got = deltas(new mod[name]!({ ...sc.options }), sc, ctx)
            compareDeltas(ctx, spec, sc, got, deltas(new Ref({ ...sc.options }), sc))
          })
        })
      },
    },
    {
      id: 'defaults',
      title: tx(`the book's defaults (${keyValues(spec.defaults)})`, `本書の既定値（${keyValues(spec.defaults)}）`),
      weight: 1,
      async run(mod, ctx) {
        const Ref = await spec.reference()
        const sc = scenario(fixedSize(ctx.seed), {})
        const expected = deltas(new Ref(), sc)
        // When the same class given the defaults explicitly is right, only the defaults are wrong.
        const explicit: Diagnoser = () =>
          sameRun(deltas(new mod[name]!({ ...spec.defaults }), sc), expected)
            ? tx(
                `with no options your ${name} does not use the book's defaults: ${keyValues(spec.defaults)} (options.lr ?? 0.01, …)`,
                `オプションなしのとき、${name} が本書の既定値を使っていません: ${keyValues(spec.defaults)}（options.lr ?? 0.01 など）`,
              )
            : null
        let opt: OptimizerLike
        try {
          opt = new mod[name]!()
        } catch (e) {
          if (!(e instanceof TypeError)) throw e
          return ctx.fail({
            what: `new ${name}()`,
            got: `${e.name}: ${e.message}`,
            message: tx(
              `new ${name}() with no argument threw ${e.name}: ${e.message}. Give options a default, constructor(options = {}), as the book's ${name}() works with no argument`,
              `引数なしの new ${name}() で ${e.name} が発生しました: ${e.message}。本書の ${name}() と同じく引数なしで使えるように、constructor(options = {}) と既定値を与えてください`,
            ),
          })
        }
        onScenario(describe(name, sc, true), () => compareDeltas(ctx, spec, sc, deltas(opt, sc, ctx), expected, [explicit]))
      },
    },
    {
      id: 'in-place',
      title: tx('updates params[key] in place (the layers hold those arrays)', 'params[key] をその場で更新する（レイヤが同じ配列を持っているため）'),
      weight: 2,
      run(mod, ctx) {
        const sc = scenario(fixedSize(ctx.seed), spec.optionSets[0]!, false)
        const params = copyAll(sc.params)
        const [held, initial] = [{ ...params }, copyAll(params)]
        const opt = new mod[name]!({ ...sc.options })
        sc.grads.forEach((grads, s) => {
          opt.update(params, copyAll(grads))
          for (const key of Object.keys(held)) {
            if (params[key] !== held[key]) {
              ctx.fail({
                what: `params['${key}']`,
                message: tx(
                  `update ${s + 1} replaced params['${key}'] with a new array (params[key] = …): the layers keep the old array, so the network would never learn. Change the array itself, e.g. W.subInPlace(…) (the book's params[key] -= … is in place too)`,
                  `${s + 1} 回目の update が params['${key}'] を新しい配列に置き換えています（params[key] = …）。レイヤは元の配列を持ち続けるので、ネットワークは学習しません。W.subInPlace(…) のように配列そのものを書き換えてください（本書の params[key] -= … もその場での更新です）`,
                ),
              })
            }
            if (s === 0 && same(held[key]!, initial[key]!)) {
              ctx.fail({
                what: `params['${key}']`,
                message: tx(
                  `params['${key}'] did not change after update although its gradient is not 0: write the new values into the array itself (W.subInPlace(…)); a new array kept in a local variable is lost`,
                  `勾配が 0 でないのに、update の後も params['${key}'] が変わっていません。配列そのものに新しい値を書き込んでください（W.subInPlace(…)）。ローカル変数に作った新しい配列は捨てられてしまいます`,
                ),
              })
            }
          }
        })
      },
    },
    {
      id: 'grads-unchanged',
      title: tx('leaves grads unchanged', 'grads を書き換えない'),
      weight: 1,
      run(mod, ctx) {
        const sc = scenario(fixedSize(ctx.seed), spec.optionSets[0]!)
        const snapshots = sc.grads.map(copyAll)
        const params = copyAll(sc.params)
        const opt = new mod[name]!({ ...sc.options })
        sc.grads.forEach((grads, s) => {
          opt.update(params, grads)
          // Every earlier update's grads too: state that IS a gradient array changes it one update later.
          for (let r = 0; r <= s; r++) {
            for (const [key, g] of Object.entries(sc.grads[r]!)) {
              const before = snapshots[r]![key]!.flatten().data
              if (g.flatten().data.every((x, i) => Object.is(x, before[i]))) continue
              ctx.fail({
                what: `grads['${key}']`,
                message: tx(
                  `update ${s + 1} changed grads['${key}'] of update ${r + 1} in place (e.g. g.mulInPlace(lr), or keeping the gradient array itself as state): the gradients belong to the caller; compute new arrays (g.mul(lr)) instead`,
                  `${s + 1} 回目の update が、${r + 1} 回目の grads['${key}'] をその場で書き換えています（g.mulInPlace(lr) や、勾配の配列そのものを状態として持つなど）。勾配は呼び出し側のものです。g.mul(lr) のように新しい配列を作ってください`,
                ),
              })
            }
          }
        })
      },
    },
  ]
  if (spec.state) checks.push(perKeyCheck(spec))
  if (spec.denominator) checks.push(zeroGradientCheck(spec))
  return checks
}

/** Two keys of one shape: each key's Δs must be what the optimizer gives that key on its own. */
function perKeyCheck(spec: OptimizerSpec): Check<OptimizerModule> {
  return {
    id: 'state-per-key',
    title: tx(`keeps ${spec.state} per key`, `${spec.state} をキーごとに持つ`),
    weight: 1,
    run(mod, ctx) {
      const Cls = mod[spec.name]!
      const sc = scenario({ seed: ctx.seed, keys: 1, steps: 3, a: 3, b: 4, c: 1 }, spec.optionSets[0]!)
      const other = scenario({ seed: ctx.seed + 1, keys: 1, steps: 3, a: 3, b: 4, c: 1 }, spec.optionSets[0]!)
      // W2 gets the second scenario's W1 values and grads.
      const both: Scenario = {
        params: { W1: sc.params.W1!, W2: other.params.W1! },
        grads: sc.grads.map((g, s) => ({ W1: g.W1!, W2: other.grads[s]!.W1! })),
        options: sc.options,
      }
      const together = deltas(new Cls({ ...sc.options }), both, ctx)
      const alone = [deltas(new Cls({ ...sc.options }), sc, ctx), deltas(new Cls({ ...other.options }), other, ctx)]
      const note = spec.perKeyNote ? ` ${spec.perKeyNote.en}` : ''
      const noteJa = spec.perKeyNote ? ` ${spec.perKeyNote.ja}` : ''
      const leak: Diagnoser = () =>
        tx(
          `the expected value is what this key gets when it is updated on its own: the result for one key depends on the other keys in params. Keep ${spec.state} separately for each key, created as zeros like params[key] on that key's first update.${note}`,
          `期待値は、このキーだけを更新したときの結果です。あるキーの結果が、params の他のキーによって変わっています。${spec.state} はキーごとに別々に持ち、各キーの最初の update で params[key] と同じ形状のゼロで作ってください。${noteJa}`,
        )
      onScenario(`new ${spec.name}(${JSON.stringify(sc.options)}); params W1 (3,4), W2 (3,4); 3 updates`, () => {
        together.forEach((d, s) => {
          ;['W1', 'W2'].forEach((key, i) =>
            ctx.expectArrayClose(`update ${s + 1} of W1 and W2 together: Δ${key}`, d[key], alone[i]![s]!.W1!, {
              rtol: 1e-6,
              atol: 1e-12,
              diagnose: [leak],
            }),
          )
        })
      })
    },
  }
}

/** Where a gradient has been 0 so far, the param must not move, and nothing may turn into NaN. */
function zeroGradientCheck(spec: OptimizerSpec): Check<OptimizerModule> {
  return {
    id: 'zero-gradient',
    title: tx(`a zero gradient leaves the param as it is (the 1e-7 in ${spec.denominator})`, `勾配が 0 ならパラメータは動かない（${spec.denominator} の 1e-7）`),
    weight: 1,
    run(mod, ctx) {
      const sc = scenario({ seed: ctx.seed, keys: 2, steps: 3, a: 3, b: 4, c: 1 }, spec.optionSets[0]!, false)
      // b1's gradient is 0 in every update; so is row 0 of W1's.
      for (const g of sc.grads) {
        g.b1 = g.b1!.mul(0)
        g.W1 = g.W1!.copy()
        for (let j = 0; j < 4; j++) g.W1.set([0, j], 0)
      }
      const d = deltas(new mod[spec.name]!({ ...sc.options }), sc, ctx)
      d.forEach((ds, s) => {
        for (const [key, delta] of Object.entries(ds)) {
          const zeroSoFar = (i: number) => sc.grads.slice(0, s + 1).every((g) => g[key]!.flatten().data[i] === 0)
          const data = delta.flatten().data
          const i = data.findIndex((x, k) => !Number.isFinite(x) || (zeroSoFar(k) && x !== 0))
          if (i < 0) continue
          const at = key === 'W1' ? `[${Math.floor(i / 4)}, ${i % 4}]` : `[${i}]`
          const nan = !Number.isFinite(data[i]!)
          ctx.fail({
            what: `Δ${key}`,
            index: key === 'W1' ? [Math.floor(i / 4), i % 4] : [i],
            got: String(data[i]),
            expected: zeroSoFar(i) ? '0' : 'a finite number',
            message: nan
              ? tx(
                  `update ${s + 1}: Δ${key}${at} is ${data[i]}: where the gradient is 0, the denominator is 0 too and 0/0 gives NaN. Add the book's 1e-7 to the denominator: ${spec.denominator}`,
                  `${s + 1} 回目の update: Δ${key}${at} が ${data[i]} です。勾配が 0 の所では分母も 0 になり、0/0 で NaN になります。本書と同じく分母に 1e-7 を足してください: ${spec.denominator}`,
                )
              : tx(
                  `update ${s + 1}: Δ${key}${at} is ${data[i]} although its gradient has been 0 in every update so far: a zero gradient must not move the parameter`,
                  `${s + 1} 回目の update: これまでの勾配がずっと 0 なのに、Δ${key}${at} が ${data[i]} です。勾配が 0 ならパラメータは動きません`,
                ),
          })
        }
      })
    },
  }
}

/** Texts of the mistakes several optimizers share. */
export const mistakes = {
  wrongSign: (rule: string): Text =>
    tx(`the step has the wrong sign: the parameters must move against the gradient (${rule})`, `更新の向きが逆です。パラメータは勾配と逆向きに動かします（${rule}）`),
  forgetsState: (state: string): Text =>
    tx(
      `${state} starts again from zeros at every update: create it once per key (on that key's first update) and keep it between calls`,
      `${state} が update のたびにゼロから作り直されています。キーごとに一度だけ（そのキーの最初の update で）作り、呼び出しをまたいで保持してください`,
    ),
  noEps: (denominator: string): Text =>
    tx(
      `NaN where the gradient is 0: the square root is 0 there too and 0/0 is NaN. Add the book's 1e-7 to the denominator: ${denominator}`,
      `勾配が 0 の所で NaN になっています。そこでは平方根も 0 になり、0/0 は NaN です。本書と同じく分母に 1e-7 を足してください: ${denominator}`,
    ),
  epsInside: (denominator: string): Text =>
    tx(
      `the 1e-7 goes outside the square root, as the book writes it: ${denominator}`,
      `1e-7 は平方根の外で足します（本書の書き方どおり）: ${denominator}`,
    ),
}
