import { NDArray, type Operand } from './ndarray.js'
import { ValueError } from './errors.js'
import { checkShape, formatShape, sizeOf, type Shape } from './shape.js'
import { fillFromNested, nestedShape, type Nested } from './nested.js'

/** `np.array`: from nested lists (checked rectangular) or a number (0-d); an NDArray is copied. */
export function array(value: Nested | NDArray): NDArray {
  if (value instanceof NDArray) return value.copy()
  const shape = nestedShape('array', value)
  const data = new Float64Array(sizeOf(shape))
  fillFromNested(value, data)
  return new NDArray(data, shape)
}

/** A number becomes a 0-d array; an NDArray is returned as is (no copy). */
export function asArray(value: Operand): NDArray {
  return value instanceof NDArray ? value : new NDArray(Float64Array.of(value), [])
}

/** Wrap an existing buffer without copying; `data.length` must equal the size of `shape`. */
export function fromData(data: Float64Array, shape: Shape): NDArray {
  const s = checkShape('fromData', shape)
  if (!(data instanceof Float64Array)) throw new ValueError('fromData', 'data must be a Float64Array')
  if (data.length !== sizeOf(s)) {
    throw new ValueError('fromData', `data of length ${data.length} cannot have shape ${formatShape(s)} (size ${sizeOf(s)})`)
  }
  return new NDArray(data, s)
}

/** `np.full(shape, value)`. Shape may be a number for 1-D. */
export function full(shape: Shape | number, value: number): NDArray {
  const s = checkShape('full', typeof shape === 'number' ? [shape] : shape)
  return new NDArray(new Float64Array(sizeOf(s)).fill(value), s)
}
/** `np.zeros(shape)`. */
export const zeros = (shape: Shape | number): NDArray => full(shape, 0)
/** `np.ones(shape)`. */
export const ones = (shape: Shape | number): NDArray => full(shape, 1)
/** `np.zeros_like(x)`: same shape, C-contiguous. */
export const zerosLike = (x: NDArray): NDArray => full(x.shape, 0)
/** `np.ones_like(x)`. */
export const onesLike = (x: NDArray): NDArray => full(x.shape, 1)

/** `np.arange(stop)` or `np.arange(start, stop, step = 1)`: ceil((stop − start)/step) values. */
export function arange(start: number, stop?: number, step = 1): NDArray {
  if (stop === undefined) [start, stop] = [0, start]
  if (!Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step)) {
    throw new ValueError('arange', `start, stop and step must be finite, got ${start}, ${stop}, ${step}`)
  }
  if (step === 0) throw new ValueError('arange', 'step must not be zero')
  const n = Math.max(0, Math.ceil((stop - start) / step))
  const data = new Float64Array(n)
  for (let i = 0; i < n; i++) data[i] = start + i * step
  return new NDArray(data, [n])
}

/** `np.linspace(start, stop, num = 50, endpoint = true)`. */
export function linspace(start: number, stop: number, num = 50, endpoint = true): NDArray {
  if (!Number.isInteger(num) || num < 0) throw new ValueError('linspace', `number of samples must be a non-negative integer, got ${num}`)
  const div = endpoint ? num - 1 : num
  const step = div > 0 ? (stop - start) / div : 0
  const data = new Float64Array(num)
  for (let i = 0; i < num; i++) data[i] = start + i * step
  if (endpoint && num > 1) data[num - 1] = stop
  return new NDArray(data, [num])
}

/** `np.eye(n, m = n)`: ones on the main diagonal. */
export function eye(n: number, m = n): NDArray {
  const x = zeros(checkShape('eye', [n, m]))
  for (let i = 0; i < Math.min(n, m); i++) x.data[i * m + i] = 1
  return x
}
