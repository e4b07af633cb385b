// Reference for 2.3.3-nand-or (book §2.3.3): gates as perceptrons with weights w and a bias b.
import { array, type NDArray } from '@dlfs/matrix'

/** x, w: (n,); returns 1 when Σ w·x + b > 0, else 0 (book equation 2.2, θ moved to b = −θ). */
export function perceptron(x: NDArray, w: NDArray, b: number): number {
  const tmp = w.mul(x).sum().item() + b
  return tmp <= 0 ? 0 : 1
}

/** NAND: the book's AND (w = (0.5, 0.5), b = −0.7) with every sign flipped, w = (−0.5, −0.5), b = 0.7. */
export function NAND(x1: number, x2: number): number {
  return perceptron(array([x1, x2]), array([-0.5, -0.5]), 0.7)
}

/** OR: the same weights as AND, but a bias that one input alone overcomes, b = −0.2. */
export function OR(x1: number, x2: number): number {
  return perceptron(array([x1, x2]), array([0.5, 0.5]), -0.2)
}
