// 4.3.1-numerical-diff — 本書 §4.3.1「微分」 / book §4.3.1 "Derivatives"
// Read README.md beside this file, then run: pnpm quiz check 4.3.1-numerical-diff

/** The slope of f at x by the central difference with h = 1e-4. f: number → number; returns a number. */
export function numericalDiff(f: (x: number) => number, x: number): number {
  // TODO(4.3.1-numerical-diff): (f(x + h) − f(x − h)) / 2h with h = 1e-4.
  throw new Error('TODO(4.3.1-numerical-diff): not implemented')
}
