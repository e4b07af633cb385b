// Reference for 1.5.4-dot-shape (book §3.3.2, §3.6.3): the shape rules of np.dot for 1-D and 2-D operands.

/** The shape of dot(a, b) for 1-D and 2-D shapes; throws when the shared axis does not match. */
export function dotShape(a: readonly number[], b: readonly number[]): number[] {
  if (a.length < 1 || a.length > 2 || b.length < 1 || b.length > 2) {
    throw new Error(`dotShape: only 1-D and 2-D shapes, got (${a.join(',')}) and (${b.join(',')})`)
  }
  // The contracted axes are a's last and b's first; they must have the same size.
  const k = a[a.length - 1]!
  if (k !== b[0]) {
    throw new Error(`dotShape: shapes (${a.join(',')}) and (${b.join(',')}) not aligned: ${k} (dim ${a.length - 1}) != ${b[0]} (dim 0)`)
  }
  // What is left: a's rows (if a is 2-D), then b's columns (if b is 2-D). (K,)·(K,) leaves nothing: a scalar.
  return [...a.slice(0, -1), ...b.slice(1)]
}

/** Shapes of a fully connected network's parameters and of each layer's output (book Figure 3-27). */
export interface NetworkShapes {
  /** W[i] is layer i+1's weight: (sizes[i], sizes[i+1]). */
  W: number[][]
  /** b[i] is layer i+1's bias: (sizes[i+1],). */
  b: number[][]
  /** out[i] is layer i+1's output for a batch: (batchSize, sizes[i+1]). */
  out: number[][]
}

/** sizes = [input, hidden…, output], e.g. [784, 50, 100, 10]; x is (batchSize, sizes[0]). */
export function networkShapes(batchSize: number, sizes: readonly number[]): NetworkShapes {
  const shapes: NetworkShapes = { W: [], b: [], out: [] }
  for (let i = 0; i + 1 < sizes.length; i++) {
    const [nIn, nOut] = [sizes[i]!, sizes[i + 1]!]
    shapes.W.push([nIn, nOut]) // (N, nIn)·(nIn, nOut) → (N, nOut)
    shapes.b.push([nOut]) // broadcast over the N rows
    shapes.out.push([batchSize, nOut])
  }
  return shapes
}
