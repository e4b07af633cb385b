import { ValueError } from '@dlfs/matrix'

/** Multiplication node of a computational graph (book §5.4.1): out = x·y for numbers. */
export class MulLayer {
  /** Both inputs are kept: each one's gradient is the other one. */
  x: number | null = null
  y: number | null = null

  forward(x: number, y: number): number {
    this.x = x
    this.y = y
    return x * y
  }

  /** ∂(x·y)/∂x = y and ∂(x·y)/∂y = x: the inputs swap. Returns [dx, dy]. */
  backward(dout: number): [number, number] {
    if (this.x === null || this.y === null) throw new ValueError('MulLayer.backward', 'called before forward: run forward(x, y) first')
    return [dout * this.y, dout * this.x]
  }
}
