import { ValueError } from '@dlfs/matrix'

/**
 * Output length of a convolution or pooling along one axis (book §7.2.4, equation 7.1; common/util.py
 * `conv_output_size`): 1 + (inputSize + 2·pad − filterSize) / stride, floored.
 * Pooling uses it too, so its output size accounts for pad (the book's Pooling forgets it).
 */
export function convOutputSize(inputSize: number, filterSize: number, stride = 1, pad = 0): number {
  if (!Number.isInteger(stride) || stride < 1) throw new ValueError('convOutputSize', `stride must be a positive integer, got ${stride}`)
  if (!Number.isInteger(pad) || pad < 0) throw new ValueError('convOutputSize', `pad must be a non-negative integer, got ${pad}`)
  const padded = inputSize + 2 * pad
  if (filterSize > padded) {
    throw new ValueError('convOutputSize', `filter size ${filterSize} is larger than the padded input size ${padded} (input ${inputSize}, pad ${pad})`)
  }
  return 1 + Math.floor((padded - filterSize) / stride)
}
