// 2.3.3-nand-or — 本書 §2.3.3「重みとバイアスによる実装」 / book §2.3.3 "Implementing with weights and a bias"
// Read README.md beside this file, then run: pnpm quiz check 2.3.3-nand-or
import type { NDArray } from '@dlfs/matrix'

/** x, w: (n,), the inputs and their weights; b: the bias. Returns 1 when Σ w·x + b > 0, else 0. */
export function perceptron(x: NDArray, w: NDArray, b: number): number {
  // TODO(2.3.3-nand-or): tmp = the sum of w * x, plus b; return 0 when tmp <= 0, else 1.
  throw new Error('TODO(2.3.3-nand-or): not implemented')
}

/** NAND gate: x1, x2 are 0 or 1; returns 0 only when both are 1. */
export function NAND(x1: number, x2: number): number {
  // TODO(2.3.3-nand-or): call perceptron with NAND's weights w and bias b.
  throw new Error('TODO(2.3.3-nand-or): not implemented')
}

/** OR gate: x1, x2 are 0 or 1; returns 1 when at least one is 1. */
export function OR(x1: number, x2: number): number {
  // TODO(2.3.3-nand-or): call perceptron with OR's weights w and bias b.
  throw new Error('TODO(2.3.3-nand-or): not implemented')
}
