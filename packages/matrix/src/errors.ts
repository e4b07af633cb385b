import { formatShape } from './shape.js'

/**
 * Base class of every error @dlfs/matrix throws. `op` names the operation that
 * refused its input (`dot`, `reshape`, `Affine.forward: dot`, …) and leads the message,
 * so a learner sees at once which line of their code to look at.
 */
export class DlfsError extends Error {
  constructor(
    readonly op: string,
    readonly detail: string,
  ) {
    super(op ? `${op}: ${detail}` : detail)
    this.name = new.target.name
  }
}

/**
 * Shapes that do not fit together. The text follows numpy's wording, so it can be
 * compared with what the book's Python prints:
 * `dot: shapes (100,784) and (748,50) not aligned: 784 (dim 1) != 748 (dim 0)`.
 */
export class ShapeError extends DlfsError {
  constructor(
    op: string,
    detail: string,
    readonly shapes: readonly (readonly number[])[] = [],
  ) {
    super(op, detail)
  }
}

/** An axis outside `[-ndim, ndim)`, as numpy's `AxisError`. */
export class AxisError extends DlfsError {
  constructor(op: string, axis: number, ndim: number) {
    super(op, `axis ${axis} is out of bounds for array of dimension ${ndim}`)
  }
}

/** An index outside its axis, as numpy's `IndexError`. */
export class IndexError extends DlfsError {}

/** Any other argument that cannot be used (a negative size, a NaN step, ragged input). */
export class ValueError extends DlfsError {}

/**
 * Prefix `context` to an error thrown inside `fn`, so a layer can say where a shape
 * problem came from: `Affine.forward: dot: shapes (100,784) and (748,50) not aligned …`.
 */
export function withContext<T>(context: string, fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof DlfsError) {
      const op = e.op ? `${context}: ${e.op}` : context
      const wrapped: DlfsError = Object.create(Object.getPrototypeOf(e) as object)
      Object.assign(wrapped, e, { op, message: `${op}: ${e.detail}`, stack: e.stack })
      throw wrapped
    }
    throw e
  }
}

/** Throw a ShapeError naming both shapes, for ops that need equal shapes. */
export function shapeMismatch(op: string, what: string, a: readonly number[], b: readonly number[]): ShapeError {
  return new ShapeError(op, `${what} ${formatShape(a)} and ${formatShape(b)} differ`, [a, b])
}
