// Helpers shared by the checks of chapters 1–3 (ch02 and ch03 import them from here): attach the input
// and the likely mistake to a failure, turn the matrix library's errors into learner-facing failures,
// and recognise a wrong result by recomputing the typical mistake.
// NOTE: `annotate` and `callLearner` would fit in grader/context.ts; they live here until they move.
import { DlfsError, NDArray, formatShape, shapesEqual } from '@dlfs/matrix'
import { CheckFailure, type CheckContext, type Diagnoser, type FailureDetail, type Text } from '../../grader/types.js'

/**
 * Run `body`; when it fails, fill in the fields the failure lacks (`input`, `likely`) from `extra`.
 * `extra` runs only on failure, so it may recompute the learner's mistake.
 */
export function annotate(extra: () => { input?: string | undefined; likely?: Text | null }, body: () => void): void {
  try {
    body()
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e
    const more = extra()
    const detail: FailureDetail = { ...e.detail }
    if (!detail.input && more.input) detail.input = more.input
    if (!detail.likely && more.likely) detail.likely = more.likely
    throw new CheckFailure(detail)
  }
}

/**
 * Call the learner's code. An error of the matrix library (a ShapeError from broadcasting, an AxisError…)
 * becomes a failure naming `what` and quoting the error, with `likely(e)` as the likely mistake. Any other
 * error, and the stub's `TODO(<id>)` error in particular, passes through unchanged.
 */
export function callLearner<T>(ctx: CheckContext, what: string, fn: () => T, likely?: (e: DlfsError) => Text | null): T {
  try {
    return fn()
  } catch (e) {
    if (!(e instanceof DlfsError)) throw e
    return ctx.fail({
      what,
      message: { en: `${what} threw ${e.name}: ${e.message}`, ja: `${what} で ${e.name} が発生しました: ${e.message}` },
      likely: likely?.(e) ?? undefined,
    })
  }
}

/**
 * Call the learner's code only for what it does to its arguments: a matrix-library error is ignored
 * (the checks of the outputs report it); the stub's TODO error and any other error pass through.
 */
export function ignoringLibraryErrors(fn: () => unknown): void {
  try {
    fn()
  } catch (e) {
    if (!(e instanceof DlfsError)) throw e
  }
}

/** True when the error is numpy's "operands could not be broadcast together". */
export function isBroadcastError(e: DlfsError): boolean {
  return e.message.includes('could not be broadcast')
}

/** Same shape and close everywhere, NaN matching NaN (a mistake may produce NaN exactly where the alternative does). */
export function sameValues(a: NDArray, b: NDArray, tol = 1e-6): boolean {
  if (!shapesEqual(a.shape, b.shape)) return false
  const x = a.flatten().data
  const y = b.flatten().data
  for (let i = 0; i < x.length; i++) {
    const [u, v] = [x[i]!, y[i]!]
    if (Number.isNaN(u) || Number.isNaN(v)) {
      if (!(Number.isNaN(u) && Number.isNaN(v))) return false
    } else if (u !== v && !(Math.abs(u - v) <= tol * (1 + Math.abs(v)))) return false
  }
  return true
}

/**
 * A diagnoser that recomputes a typical mistake: when the learner's result equals `mistake()` (and the
 * expected result does not), report `text`. `mistake` may throw or return null when it does not apply.
 */
export function looksLike(mistake: () => NDArray | null, text: Text): Diagnoser {
  return (got, expected) => {
    let alt: NDArray | null
    try {
      alt = mistake()
    } catch {
      return null
    }
    return alt && sameValues(got, alt) && !sameValues(expected, alt) ? text : null
  }
}

/**
 * ctx.expectArrayClose with diagnosers that also run when the shape is wrong (expectArrayClose consults
 * them only for values), since a typical mistake often shows first as a wrong shape: a sum over the wrong
 * axis, a missing keepdims that broadcast (N, 1) against (N,) into (N, N). `input` names what the
 * learner's code was called with.
 */
export function expectClose(
  ctx: CheckContext,
  what: string,
  got: unknown,
  expected: NDArray,
  diagnose: Diagnoser[],
  opts: { rtol?: number; atol?: number; input?: string } = {},
): void {
  const likely = () => (got instanceof NDArray ? (diagnose.map((d) => d(got, expected)).find((t) => t) ?? null) : null)
  const { input, ...tol } = opts
  annotate(() => ({ input, likely: likely() }), () => ctx.expectArrayClose(what, got, expected, { ...tol, diagnose }))
}

/** A short rendering of a small array for `input` fields: `[[1.5, -0.25], [3, 4]]` (8 significant digits). */
export function show(x: NDArray): string {
  if (x.size === 0) return `[] (shape ${formatShape(x.shape)})`
  return JSON.stringify(x.toArray(), (_, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(8)) : v)).replaceAll(',', ', ')
}
