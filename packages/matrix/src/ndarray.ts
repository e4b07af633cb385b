import { formatShape, sizeOf, stridesOf, type Shape } from './shape.js'
import { IndexError, ValueError } from './errors.js'
import { indexToPosition } from './indexing.js'
import { toNested, type Nested } from './nested.js'
import { formatArray } from './format.js'
import * as ew from './ops/elementwise.js'
import * as red from './ops/reduce.js'
import * as sh from './ops/shape-ops.js'
import * as ix from './ops/indexing-ops.js'
import { dot, matmul } from './ops/dot.js'
import * as ip from './ops/inplace.js'
import type { Axis, ReduceOptions } from './ops/reduce.js'
import type { SliceSpec } from './ops/indexing-ops.js'

/** A number or an array: what every element-wise op accepts on its right (numpy's scalars broadcast). */
export type Operand = NDArray | number

/**
 * A float64 n-dimensional array with numpy's semantics: `data` plus `shape`, `strides` and
 * `offset`, so transpose, slicing and reshape of contiguous data are views that share `data`.
 *
 * @example
 * const x = array([[1, 2], [3, 4]])
 * x.dot(x.T).add(1) // np.dot(x, x.T) + 1
 */
export class NDArray {
  /** The buffer; views share it. Element `index` lives at `offset + Σ index[i]·strides[i]`. */
  readonly data: Float64Array
  readonly shape: readonly number[]
  /** Per-axis step in elements (not bytes, unlike numpy); 0 on a broadcast axis. */
  readonly strides: readonly number[]
  readonly offset: number

  /** Low-level constructor: no checks. Use `array`, `zeros` or `fromData` instead. */
  constructor(data: Float64Array, shape: Shape, strides: readonly number[] = stridesOf(shape), offset = 0) {
    this.data = data
    this.shape = Object.freeze([...shape])
    this.strides = Object.freeze([...strides])
    this.offset = offset
  }

  get ndim(): number { return this.shape.length }
  get size(): number { return sizeOf(this.shape) }
  /** The transpose, a view: `x.T` as in numpy. */
  get T(): NDArray { return sh.transpose(this) }

  /** True when the elements sit in `data` in C order with no gaps, from `offset`. */
  isContiguous(): boolean {
    let expected = 1
    for (let i = this.ndim - 1; i >= 0; i--) {
      const d = this.shape[i]!
      if (d !== 1 && this.strides[i] !== expected) return this.size === 0
      expected *= d
    }
    return true
  }

  /** Element at a full index (negative indices count from the end): `x[i, j]` → `x.get(i, j)`. */
  get(...index: number[]): number { return this.data[this.position('get', index)]! }
  /** Write one element in place: `x[i, j] = v` → `x.set([i, j], v)`. */
  set(index: readonly number[], value: number): this {
    this.data[this.position('set', index)] = value
    return this
  }
  private position(op: string, index: readonly number[]): number {
    if (index.length !== this.ndim) {
      throw new IndexError(op, `expected ${this.ndim} indices for an array of shape ${formatShape(this.shape)}, got ${index.length}`)
    }
    const norm = index.map((i, axis) => {
      const d = this.shape[axis]!
      if (!Number.isInteger(i)) throw new IndexError(op, `index ${i} is not an integer`)
      if (i < -d || i >= d) throw new IndexError(op, `index ${i} is out of bounds for axis ${axis} with size ${d}`)
      return i < 0 ? i + d : i
    })
    return indexToPosition(norm, this.strides, this.offset)
  }

  /** The single element of a size-1 array as a JS number, as numpy's `item()`. */
  item(): number {
    if (this.size !== 1) {
      throw new ValueError('item', `can only convert an array of size 1 to a number, got shape ${formatShape(this.shape)}`)
    }
    return this.data[indexToPosition(new Array<number>(this.ndim).fill(0), this.strides, this.offset)]!
  }
  /** Nested JS arrays (a number for a 0-d array), as numpy's `tolist()`. */
  toArray(): Nested { return toNested(this) }
  /** numpy's repr: `array([[1., 2.],\n       [3., 4.]])`, so `console.log(x)` reads like Python. */
  toString(): string { return formatArray(this) }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString() }

  // Element-wise, broadcasting like numpy. Each returns a new array.
  add(other: Operand): NDArray { return ew.add(this, other) }
  sub(other: Operand): NDArray { return ew.sub(this, other) }
  mul(other: Operand): NDArray { return ew.mul(this, other) }
  div(other: Operand): NDArray { return ew.div(this, other) }
  pow(other: Operand): NDArray { return ew.pow(this, other) }
  maximum(other: Operand): NDArray { return ew.maximum(this, other) }
  minimum(other: Operand): NDArray { return ew.minimum(this, other) }
  equal(other: Operand): NDArray { return ew.equal(this, other) }
  notEqual(other: Operand): NDArray { return ew.notEqual(this, other) }
  less(other: Operand): NDArray { return ew.less(this, other) }
  lessEqual(other: Operand): NDArray { return ew.lessEqual(this, other) }
  greater(other: Operand): NDArray { return ew.greater(this, other) }
  greaterEqual(other: Operand): NDArray { return ew.greaterEqual(this, other) }
  neg(): NDArray { return ew.neg(this) }
  exp(): NDArray { return ew.exp(this) }
  log(): NDArray { return ew.log(this) }
  sqrt(): NDArray { return ew.sqrt(this) }
  abs(): NDArray { return ew.abs(this) }
  tanh(): NDArray { return ew.tanh(this) }
  clip(min: number | null, max: number | null): NDArray { return ew.clip(this, min, max) }

  // Reductions: axis is one axis, a list, or omitted for all; keepdims keeps reduced axes as 1.
  sum(axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return red.sum(this, axis, keepdims) }
  mean(axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return red.mean(this, axis, keepdims) }
  max(axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return red.max(this, axis, keepdims) }
  min(axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return red.min(this, axis, keepdims) }
  var(axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return red.variance(this, axis, keepdims) }
  std(axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return red.std(this, axis, keepdims) }
  argmax(axis?: number | null, keepdims?: boolean): NDArray { return red.argmax(this, axis, keepdims) }
  argmin(axis?: number | null, keepdims?: boolean): NDArray { return red.argmin(this, axis, keepdims) }

  // Shape: views where numpy gives views.
  reshape(...shape: number[] | [readonly number[]]): NDArray { return sh.reshape(this, flatArgs(shape)) }
  transpose(...axes: number[] | [readonly number[]]): NDArray { return sh.transpose(this, axes.length ? flatArgs(axes) : undefined) }
  flatten(): NDArray { return sh.flatten(this) }
  squeeze(axis?: number | readonly number[]): NDArray { return sh.squeeze(this, axis) }
  expandDims(axis: number): NDArray { return sh.expandDims(this, axis) }
  /** A view from numpy-style slices: `x[1:3, :, 0]` → `x.slice('1:3', ':', 0)`. */
  slice(...specs: SliceSpec[]): NDArray { return ix.slice(this, specs) }
  /** Select along an axis by an index list: `x[batch_mask]` → `x.take(batchMask, 0)`. */
  take(indices: NDArray | readonly number[], axis?: number): NDArray { return ix.take(this, indices, axis) }
  /** A C-contiguous copy. */
  copy(): NDArray { return sh.copy(this) }

  /** numpy's `dot`: 1-D·1-D inner product, 2-D·2-D matmul, N-D·1-D and 1-D·2-D as numpy. */
  dot(other: NDArray): NDArray { return dot(this, other) }
  /** 2-D matrix product (N-D stacks are not supported yet). */
  matmul(other: NDArray): NDArray { return matmul(this, other) }

  // In place, for optimizers: params are shared with layers, as in the book (`W -= lr * g`).
  addInPlace(other: Operand): this { return ip.inPlace('addInPlace', this, other, 'add') }
  subInPlace(other: Operand): this { return ip.inPlace('subInPlace', this, other, 'sub') }
  mulInPlace(other: Operand): this { return ip.inPlace('mulInPlace', this, other, 'mul') }
  divInPlace(other: Operand): this { return ip.inPlace('divInPlace', this, other, 'div') }
  /** `x[...] = other`: copy (broadcast) `other` into this array's elements. */
  assign(other: Operand): this { return ip.inPlace('assign', this, other, 'set') }
  fill(value: number): this { return ip.inPlace('fill', this, value, 'set') }
}

/** `reshape(2, 3)` and `reshape([2, 3])` both mean shape (2,3), as in numpy. */
function flatArgs(args: number[] | [readonly number[]]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[])
}
