// Reference for 2.3.1-and (book §2.3.1): the AND gate with two weights and a threshold θ.

/** 1 when x1·w1 + x2·w2 exceeds θ, else 0 (book §2.3.1, equation 2.1). */
export function AND(x1: number, x2: number): number {
  const [w1, w2, theta] = [0.5, 0.5, 0.7]
  const tmp = x1 * w1 + x2 * w2
  return tmp <= theta ? 0 : 1
}
