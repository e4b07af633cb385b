// Reference for 2.5.2-xor (book §2.5.2): XOR as a two-layer perceptron built from NAND, OR and AND.
import { array } from '@dlfs/matrix'
import { NAND, OR, perceptron } from './nand-or.js'

export { NAND, OR }

/** The book's AND with a bias (§2.3.3): w = (0.5, 0.5), b = −0.7. */
export function AND(x1: number, x2: number): number {
  return perceptron(array([x1, x2]), array([0.5, 0.5]), -0.7)
}

/** Layer 1: s1 = NAND, s2 = OR; layer 2: y = AND(s1, s2) (book Figure 2-11). */
export function XOR(x1: number, x2: number): number {
  const s1 = NAND(x1, x2)
  const s2 = OR(x1, x2)
  return AND(s1, s2)
}
