/** Addition node of a computational graph (book §5.4.2): out = x + y for numbers. */
export class AddLayer {
  forward(x: number, y: number): number {
    return x + y
  }

  /** ∂(x + y)/∂x = ∂(x + y)/∂y = 1: dout passes through unchanged. Returns [dx, dy]. */
  backward(dout: number): [number, number] {
    return [dout, dout]
  }
}
