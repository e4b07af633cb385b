// @dlfs/matrix: numpy's role in the book, as a float64 NDArray. Every export is listed by name.
export { NDArray, type Operand } from './ndarray.js'
export { array, asArray, fromData, full, zeros, ones, zerosLike, onesLike, arange, linspace, eye } from './creation.js'
export {
  add, sub, mul, div, pow, maximum, minimum,
  equal, notEqual, less, lessEqual, greater, greaterEqual,
  neg, exp, log, sqrt, abs, tanh, where, clip,
} from './ops/elementwise.js'
export { sum, mean, max, min, variance, std, argmax, argmin, type Axis, type ReduceOptions } from './ops/reduce.js'
export { reshape, transpose, flatten, squeeze, expandDims, concat, stack, pad, type PadWidth } from './ops/shape-ops.js'
export { slice, take, type SliceSpec } from './ops/indexing-ops.js'
export { dot, matmul, matmulKernel } from './ops/dot.js'
export { DlfsError, ShapeError, AxisError, IndexError, ValueError, withContext, shapeMismatch } from './errors.js'
export { sizeOf, stridesOf, formatShape, shapesEqual, type Shape } from './shape.js'
export { broadcastShapes, broadcastStrides, reductionAxes } from './broadcast.js'
export { indexToPosition, ordinalToIndex, nextIndex } from './indexing.js'
export { useReference, setReferenceMode } from './kernels/mode.js'
export type { Nested } from './nested.js'
export { im2col, col2im, im2colReference, col2imReference } from './im2col.js'
export { numericalGradient } from './numerical-gradient.js'
export { isclose, allclose, type CloseOptions } from './allclose.js'
export { Rng, type ShapeArgs, type Size, type ChoiceOptions } from './random.js'
