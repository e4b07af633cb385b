// Recognisers of typical mistakes. Each compares what came back with what was expected (same shape)
// and names the mistake when the numbers fit it; checks pass them to expectArrayClose's `diagnose`.
import type { NDArray } from '@dlfs/matrix'
import type { Diagnoser, Text } from './types.js'

/** True when got ≈ expected · k for every element (with expected not all zero). */
function scaledBy(got: NDArray, expected: NDArray, k: number): boolean {
  const g = got.flatten().data
  const e = expected.flatten().data
  let any = false
  for (let i = 0; i < e.length; i++) {
    if (Math.abs(g[i]! - e[i]! * k) > 1e-6 * (1 + Math.abs(e[i]! * k))) return false
    if (e[i] !== 0) any = true
  }
  return any
}

/** got is N times the expected: the batch mean was left out (`/ batch_size`). */
export function forgotBatchDivision(n: number): Diagnoser {
  return (got, expected) =>
    n > 1 && scaledBy(got, expected, n)
      ? { en: `the values are ${n}× too large: did you forget to divide by the batch size N = ${n}?`, ja: `値がちょうど ${n} 倍です。バッチサイズ N = ${n} で割り忘れていませんか？` }
      : null
}

/** got is 1/N of the expected: divided by the batch size once too often. */
export function dividedTwice(n: number): Diagnoser {
  return (got, expected) =>
    n > 1 && scaledBy(got, expected, 1 / n)
      ? { en: `the values are ${n}× too small: is the batch size divided twice?`, ja: `値がちょうど 1/${n} です。バッチサイズで二重に割っていませんか？` }
      : null
}

/** got has the sign flipped. */
export const signFlipped: Diagnoser = (got, expected) =>
  scaledBy(got, expected, -1) ? { en: 'the sign is flipped (a minus sign missing or extra?)', ja: '符号が逆です（マイナスの付け忘れ、または付けすぎ？）' } : null

/** got is the transpose of a square expected (the transposes are swapped, e.g. W·x instead of x·W). */
export const transposed: Diagnoser = (got, expected) => {
  if (expected.ndim !== 2 || expected.shape[0] !== expected.shape[1]) return null
  const tr = expected.T.copy()
  return scaledBy(got, tr, 1) && !scaledBy(got, expected, 1)
    ? { en: 'you returned the transpose: check the order of the operands and the .T', ja: '転置した結果になっています。掛ける順序と .T を確認してください' }
    : null
}

/** got contains NaN or Infinity where expected is finite: typically exp overflow without max subtraction. */
export const overflow: Diagnoser = (got, expected) => {
  const g = got.flatten().data
  const e = expected.flatten().data
  for (let i = 0; i < e.length; i++) {
    if (!Number.isFinite(g[i]!) && Number.isFinite(e[i]!)) {
      return {
        en: 'NaN or Infinity appeared where the answer is finite: exp overflows for large inputs (subtract the max first, book §3.5.2)',
        ja: '答えは有限なのに NaN や Infinity が出ています。大きな入力で exp がオーバーフローしています（先に最大値を引く：本書 §3.5.2）',
      }
    }
  }
  return null
}

/** A message for a shape that is a reduction over the wrong axis. */
export function wrongAxis(axisUsed: number, axisExpected: number): Text {
  return {
    en: `it looks summed over axis ${axisUsed}; this needs axis ${axisExpected}`,
    ja: `axis=${axisUsed} で和を取っているようです。ここでは axis=${axisExpected} です`,
  }
}
