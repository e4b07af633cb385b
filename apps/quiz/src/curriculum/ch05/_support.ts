// Helpers shared by chapter 5's checks: recognisers built from the exact wrong result a mistake would
// give, one-hot labels, and a guard that turns a crash of the learner's code into a targeted hint.
import { NDArray, Rng, allclose, eye, formatShape, shapesEqual } from '@dlfs/matrix'
import { CheckFailure, type CheckContext, type Diagnoser, type Text } from '../../grader/types.js'
import { FORBIDDEN_MARK } from '../../grader/resolve-hook.js'

/** True when a and b are NDArrays of one shape with allclose values. */
export function near(a: unknown, b: NDArray, rtol = 1e-6, atol = 1e-8): boolean {
  return a instanceof NDArray && shapesEqual(a.shape, b.shape) && allclose(a, b, { rtol, atol })
}

/**
 * Recognises one mistake by the result it produces: when got ≈ `candidate` (what the mistaken code would
 * return on these very inputs) and the candidate differs from the expected value, report `text`.
 */
export function like(candidate: NDArray, text: Text): Diagnoser {
  return (got, expected) => (near(got, candidate) && !near(candidate, expected) ? text : null)
}

/**
 * Recognises mistakes confined to some positions: every wrong element lies where `where` is non-zero
 * (e.g. exactly at x = 0 for Relu's mask), so the rest of the result is right.
 */
export function onlyAt(where: NDArray, text: Text): Diagnoser {
  return (got, expected) => {
    const [g, e, w] = [got.flatten().data, expected.flatten().data, where.flatten().data]
    let wrong = 0
    for (let k = 0; k < e.length; k++) {
      const ok = Math.abs(g[k]! - e[k]!) <= 1e-8 + 1e-6 * Math.abs(e[k]!)
      if (!ok && w[k] === 0) return null
      if (!ok) wrong++
    }
    return wrong > 0 ? text : null
  }
}

/** True when the number a is close to b (numpy's isclose defaults). */
export function closeTo(a: number, b: number, rtol = 1e-6, atol = 1e-8): boolean {
  return Math.abs(a - b) <= atol + rtol * Math.abs(b)
}

/**
 * Run the learner's code; when it throws an ordinary error (a ShapeError, a TypeError), fail naming the
 * call and adding `hint`. A stub's `TODO(...)` error, a refused import and check failures pass through
 * untouched, so the runner still reads them as "not started" and "forbidden import".
 */
export function attempt<T>(ctx: CheckContext, call: string, fn: () => T, hint: Text): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof CheckFailure || !(e instanceof Error) || e.message.includes('TODO(') || e.message.includes(FORBIDDEN_MARK)) throw e
    return ctx.fail({
      what: call,
      got: `${e.name}: ${e.message}`,
      message: { en: `${call} threw ${e.name}: ${e.message}`, ja: `${call} で ${e.name} が発生しました: ${e.message}` },
      likely: hint,
    })
  }
}

/** Class indices (n,) in [0, c), deterministic in seed. */
export function labels(seed: number, n: number, c: number): NDArray {
  return new Rng(seed).integers(0, c, [n])
}

/** One-hot rows (n, c) of class indices (n,): the book's one_hot_label = True. */
export function oneHot(t: NDArray, c: number): NDArray {
  return eye(c).take(t, 0)
}

/**
 * Labels as a failure names them, in code: `[2, 0, 1]` for indices, `one-hot (3,4)` otherwise. One-hot
 * is told by t having x's size when x is given (a single sample's one-hot t is 1-D), else by t being 2-D.
 */
export function labelText(t: NDArray, x?: NDArray): string {
  const isOneHot = x ? t.size === x.size : t.ndim === 2
  if (isOneHot) return `one-hot ${formatShape(t.shape)}`
  return t.size <= 12 ? `[${Array.from(t.copy().data).join(', ')}]` : `indices ${formatShape(t.shape)}`
}

/** A text in both languages: tx(en, ja). */
export const tx = (en: string, ja: string): Text => ({ en, ja })
