// 5.4-mul-add-layer — 本書 §5.4「単純なレイヤの実装」 / book §5.4 "Implementing simple layers"
// Read README.md beside this file, then run: pnpm quiz check 5.4-mul-add-layer

/** Multiplication node (§5.4.1): out = x·y, for numbers. */
export class MulLayer {
  // TODO(5.4-mul-add-layer): add the fields backward needs (the book keeps self.x and self.y).

  /** out = x·y. */
  forward(x: number, y: number): number {
    // TODO(5.4-mul-add-layer): keep x and y for backward, then return x·y.
    throw new Error('TODO(5.4-mul-add-layer): not implemented')
  }

  /** dout: ∂L/∂out → [dx, dy] = [∂L/∂x, ∂L/∂y]. */
  backward(dout: number): [number, number] {
    // TODO(5.4-mul-add-layer): return [dx, dy]; the local derivative of x·y with respect to x is y.
    throw new Error('TODO(5.4-mul-add-layer): not implemented')
  }
}

/** Addition node (§5.4.2): out = x + y, for numbers. */
export class AddLayer {
  /** out = x + y. */
  forward(x: number, y: number): number {
    // TODO(5.4-mul-add-layer): return x + y.
    throw new Error('TODO(5.4-mul-add-layer): not implemented')
  }

  /** dout: ∂L/∂out → [dx, dy]. */
  backward(dout: number): [number, number] {
    // TODO(5.4-mul-add-layer): return [dx, dy]; the local derivatives of x + y are both 1.
    throw new Error('TODO(5.4-mul-add-layer): not implemented')
  }
}
