// 2.5.2-xor — 本書 §2.5.2「XOR ゲートの実装」 / book §2.5.2 "Implementing the XOR gate"
// Read README.md beside this file, then run: pnpm quiz check 2.5.2-xor

// The gates of §2.3.3, given. Build XOR from them; do not change them (the grader checks they still work).

/** 1 when x1·w1 + x2·w2 + b > 0, else 0. */
function perceptron(x1: number, x2: number, w1: number, w2: number, b: number): number {
  const tmp = x1 * w1 + x2 * w2 + b
  return tmp <= 0 ? 0 : 1
}

export function AND(x1: number, x2: number): number {
  return perceptron(x1, x2, 0.5, 0.5, -0.7)
}

export function NAND(x1: number, x2: number): number {
  return perceptron(x1, x2, -0.5, -0.5, 0.7)
}

export function OR(x1: number, x2: number): number {
  return perceptron(x1, x2, 0.5, 0.5, -0.2)
}

/** XOR gate: x1, x2 are 0 or 1; returns 1 when exactly one of them is 1. */
export function XOR(x1: number, x2: number): number {
  // TODO(2.5.2-xor): layer 1 computes two gates of (x1, x2); layer 2 combines their outputs with a third.
  throw new Error('TODO(2.5.2-xor): not implemented')
}
