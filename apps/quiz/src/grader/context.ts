import fc from 'fast-check'
import { NDArray, Rng, formatShape, numericalGradient, shapesEqual } from '@dlfs/matrix'
import { CheckFailure, type CheckContext, type CloseOptions, type FailureDetail, type Lang, type Text } from './types.js'
import { formatNumber, formatValue } from './format-value.js'

const t = (en: string, ja: string): Text => ({ en, ja })

/** numpy's isclose for one pair: |a − b| ≤ atol + rtol·|b|, NaN equal to NaN, infinities equal to themselves. */
function close(a: number, b: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b)
  if (a === b) return true
  return Math.abs(a - b) <= atol + rtol * Math.abs(b)
}

/** Index of the ordinal-th element of shape, C order. */
function unravel(k: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length)
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = k % shape[i]!
    k = Math.floor(k / shape[i]!)
  }
  return out
}

/** Build the context a check runs with. `seed` decides every random input of the check. */
export function createContext(seed: number, lang: Lang): CheckContext {
  const fail = (detail: FailureDetail): never => {
    throw new CheckFailure(detail)
  }
  const notArray = (what: string, got: unknown): never =>
    fail({
      what,
      message: t(`${what} should be an NDArray, got ${formatValue(got)}`, `${what} は NDArray であるべきですが、${formatValue(got)} が返されました`),
      got: formatValue(got),
    })
  const ctx: CheckContext = {
    rng: new Rng(seed),
    seed,
    lang,
    property(arb, body, opts) {
      // fast-check shrinks to the smallest failing value; report the learner-facing failure of that value.
      let last: CheckFailure | null = null
      const result = fc.check(
        fc.property(arb, (v) => {
          last = null // only the failure of the value being tried counts
          try {
            body(v)
            return true
          } catch (e) {
            if (e instanceof CheckFailure) last = e
            throw e
          }
        }),
        { seed, numRuns: opts?.numRuns ?? 25 },
      )
      if (!result.failed) return
      const counter = result.counterexample?.[0]
      const failure = last as CheckFailure | null
      if (failure) throw new CheckFailure({ ...failure.detail, input: failure.detail.input ?? formatValue(counter, 12) })
      throw result.errorInstance instanceof Error ? result.errorInstance : new Error(String(result.errorInstance))
    },
    expectShape(what, got, shape) {
      if (!(got instanceof NDArray)) return notArray(what, got)
      if (!shapesEqual(got.shape, shape)) {
        fail({
          what,
          message: t(
            `${what} has shape ${formatShape(got.shape)}, expected ${formatShape(shape)}`,
            `${what} の形状が ${formatShape(got.shape)} です。期待される形状は ${formatShape(shape)} です`,
          ),
          expected: formatShape(shape),
          got: formatShape(got.shape),
        })
      }
    },
    expectArrayClose(what, got, expected, opts: CloseOptions = {}) {
      if (got instanceof NDArray && !shapesEqual(got.shape, expected.shape)) {
        // A wrong shape is often the first sign of a known mistake (a missing keepdims, the wrong axis).
        const likely = (opts.diagnose ?? []).map((d) => d(got, expected)).find((x) => x) ?? undefined
        try {
          ctx.expectShape(what, got, expected.shape)
        } catch (e) {
          if (e instanceof CheckFailure && likely) throw new CheckFailure({ ...e.detail, likely })
          throw e
        }
      }
      ctx.expectShape(what, got, expected.shape)
      const g = (got as NDArray).flatten().data
      const e = expected.flatten().data
      const rtol = opts.rtol ?? 1e-6
      const atol = opts.atol ?? 1e-8
      const bad: number[] = []
      for (let k = 0; k < e.length && bad.length < 10; k++) if (!close(g[k]!, e[k]!, rtol, atol)) bad.push(k)
      if (bad.length === 0) return
      const k = bad[0]!
      const index = unravel(k, expected.shape)
      const likely = (opts.diagnose ?? []).map((d) => d(got as NDArray, expected)).find((x) => x) ?? undefined
      const at = `[${index.join(', ')}]`
      const more = bad.length > 1 ? ` (and ${bad.length >= 10 ? '9+' : bad.length - 1} more)` : ''
      fail({
        what,
        index,
        expected: formatNumber(e[k]!),
        got: formatNumber(g[k]!),
        likely,
        message: t(
          `${what}${at} is ${formatNumber(g[k]!)}, expected ${formatNumber(e[k]!)}${more}`,
          `${what}${at} が ${formatNumber(g[k]!)} です。期待値は ${formatNumber(e[k]!)} です${more ? `（ほか ${bad.length - 1} 箇所）` : ''}`,
        ),
      })
    },
    expectNumberClose(what, got, expected, opts = {}) {
      if (typeof got !== 'number') {
        fail({ what, message: t(`${what} should be a number, got ${formatValue(got)}`, `${what} は数値であるべきですが、${formatValue(got)} が返されました`) })
      }
      if (close(got as number, expected, opts.rtol ?? 1e-6, opts.atol ?? 1e-8)) return
      fail({
        what,
        expected: formatNumber(expected),
        got: formatNumber(got as number),
        likely: opts.likely?.(got as number) ?? undefined,
        message: t(
          `${what} is ${formatNumber(got as number)}, expected ${formatNumber(expected)}`,
          `${what} が ${formatNumber(got as number)} です。期待値は ${formatNumber(expected)} です`,
        ),
      })
    },
    expectEqual(what, got, expected) {
      if (JSON.stringify(got) === JSON.stringify(expected)) return
      fail({
        what,
        expected: formatValue(expected),
        got: formatValue(got),
        message: t(`${what} is ${formatValue(got)}, expected ${formatValue(expected)}`, `${what} が ${formatValue(got)} です。期待値は ${formatValue(expected)} です`),
      })
    },
    expectUnchanged(what, x, before) {
      const a = x.flatten().data
      const b = before.flatten().data
      const k = a.findIndex((v, i) => !Object.is(v, b[i]))
      if (k < 0 && shapesEqual(x.shape, before.shape)) return
      fail({
        what,
        index: k >= 0 ? unravel(k, before.shape) : undefined,
        message: t(
          `your code changed its argument ${what} in place; leave the arguments as they are and return a new array`,
          `引数 ${what} をその場で書き換えています。引数はそのままにして、新しい配列を作って返してください`,
        ),
      })
    },
    expectGradient(what, analytic, f, x, tol = 1e-5) {
      ctx.expectShape(what, analytic, x.shape)
      const numeric = numericalGradient(() => f(), x)
      const a = (analytic as NDArray).flatten().data
      const n = numeric.flatten().data
      let worst = 0
      let at = -1
      for (let k = 0; k < a.length; k++) {
        const err = Math.abs(a[k]! - n[k]!) / Math.max(Math.abs(a[k]!), Math.abs(n[k]!), 1e-8)
        if (!(err <= worst)) [worst, at] = [err, k]
      }
      if (worst <= tol) return
      const index = unravel(at, x.shape)
      fail({
        what,
        index,
        expected: formatNumber(n[at]!),
        got: formatNumber(a[at]!),
        message: t(
          `${what} disagrees with the numerical gradient of your own forward at [${index.join(', ')}]: backward gives ${formatNumber(a[at]!)}, central differences give ${formatNumber(n[at]!)} (relative error ${worst.toExponential(1)})`,
          `${what} が、あなたの forward の数値微分と [${index.join(', ')}] で一致しません: backward は ${formatNumber(a[at]!)}、中心差分は ${formatNumber(n[at]!)}（相対誤差 ${worst.toExponential(1)}）`,
        ),
      })
    },
    fail,
  }
  return ctx
}
