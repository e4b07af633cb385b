// Small helpers shared by chapter 6's checks.
import type { NDArray } from '@dlfs/matrix'
import { CheckFailure, type Diagnoser, type Text } from '../../grader/types.js'

/** A text in both languages, English first. */
export const tx = (en: string, ja: string): Text => ({ en, ja })

/** True when every element agrees (NaN with NaN) within rtol 1e-6 and `atol`. */
export function same(a: NDArray, b: NDArray, atol = 1e-12): boolean {
  if (a.size !== b.size) return false
  const [x, y] = [a.flatten().data, b.flatten().data]
  return x.every((v, i) => (Number.isNaN(v) ? Number.isNaN(y[i]!) : v === y[i] || Math.abs(v - y[i]!) <= atol + 1e-6 * Math.abs(y[i]!)))
}

/**
 * Recognises a mistake by the result it gives: `candidate()` computes what the mistaken code returns on
 * these very inputs (lazily: only when the learner's result is wrong); when the learner's result equals
 * it, `text` is the likely mistake. A candidate that throws recognises nothing.
 */
export function like(candidate: () => NDArray | null | undefined, text: Text, atol = 1e-12): Diagnoser {
  return (got) => {
    try {
      const c = candidate()
      return c && same(got, c, atol) ? text : null
    } catch {
      return null
    }
  }
}

/** Run `body`; a check failure inside it reports `input` (what the learner's code was given). */
export function withInput(input: string, body: () => void): void {
  try {
    body()
  } catch (e) {
    if (e instanceof CheckFailure) throw new CheckFailure({ ...e.detail, input })
    throw e
  }
}

/** Index of the k-th element of `shape` in C order. */
export function unravel(k: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length)
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = k % shape[i]!
    k = Math.floor(k / shape[i]!)
  }
  return out
}
