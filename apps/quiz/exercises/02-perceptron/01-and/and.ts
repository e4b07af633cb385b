// 2.3.1-and — 本書 §2.3.1「簡単な実装」 / book §2.3.1 "A simple implementation"
// Read README.md beside this file, then run: pnpm quiz check 2.3.1-and

/** AND gate: x1, x2 are 0 or 1; returns the number 1 when both are 1, else 0. */
export function AND(x1: number, x2: number): number {
  // TODO(2.3.1-and): choose w1, w2 and theta; return 1 when x1·w1 + x2·w2 exceeds theta, else 0.
  throw new Error('TODO(2.3.1-and): not implemented')
}
