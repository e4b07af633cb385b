import { ShapeError, ValueError, formatShape, sizeOf, type NDArray } from '@dlfs/matrix'

/** Throw unless `value` is a positive integer (a layer size, a batch size), naming the op and argument. */
export function checkSize(op: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new ValueError(op, `'${name}' must be a positive integer, got ${value}`)
}

/**
 * Throw unless x is a batch of `inputSize` features: (N, inputSize), or (N, ...) whose trailing axes
 * hold inputSize values (Affine flattens them, so (N, 1, 28, 28) feeds a 784-input net as in the book).
 */
export function checkFeatures(op: string, x: NDArray, inputSize: number): void {
  if (x.ndim < 2 || sizeOf(x.shape.slice(1)) !== inputSize) {
    throw new ShapeError(op, `'x' ${formatShape(x.shape)} does not fit the network: expected (N, ${inputSize}) (inputSize ${inputSize})`, [x.shape])
  }
}

/** Throw unless x is a batch of images of inputDim (C, H, W): (N, C, H, W). */
export function checkImages(op: string, x: NDArray, inputDim: readonly number[]): void {
  const fits = x.ndim === 4 && x.shape.slice(1).every((n, i) => n === inputDim[i])
  if (!fits) {
    throw new ShapeError(op, `'x' ${formatShape(x.shape)} does not fit the network: expected (N, ${inputDim.join(', ')}) (inputDim ${formatShape(inputDim)})`, [x.shape])
  }
}

/** Throw unless inputDim is (C, H, W) of positive integers. */
export function checkInputDim(op: string, inputDim: readonly number[]): void {
  if (inputDim.length !== 3 || !inputDim.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new ValueError(op, `'inputDim' must be (C, H, W) of positive integers, got [${inputDim.join(', ')}]`)
  }
}
