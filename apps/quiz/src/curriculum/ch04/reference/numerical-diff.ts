/**
 * Numerical differentiation by the central difference (book §4.3.1, ch04/gradient_1d.py `numerical_diff`):
 * (f(x + h) − f(x − h)) / 2h with h = 1e-4. x: a number; returns the slope of f at x.
 *
 * @example
 * numericalDiff((x) => 0.01 * x ** 2 + 0.1 * x, 5) // 0.1999999999990898 (the true slope is 0.2)
 */
export function numericalDiff(f: (x: number) => number, x: number): number {
  // NOTE(book): h = 1e-50 would vanish in float64 rounding (5 + 1e-50 === 5); 1e-4 is the book's choice.
  const h = 1e-4
  // Central, not forward, difference: its error shrinks like h² instead of h.
  return (f(x + h) - f(x - h)) / (2 * h)
}
