import { ShapeError, ValueError, formatShape, type NDArray } from '@dlfs/matrix'
import type { Labels } from '@dlfs/losses'
import type { Network } from './network.js'

/** How far backprop's gradient of one parameter is from the central-difference one. */
export interface GradientCheckEntry {
  /** The parameter: W1, b1, gamma1, … */
  key: string
  /** max |backprop − numerical| over the parameter's elements. */
  maxAbsDiff: number
  /** mean |backprop − numerical|: what the book's ch05/gradient_check.py prints. */
  meanAbsDiff: number
  /**
   * maxAbsDiff / max(largest |b|, largest |n|, tiny): the worst difference relative to the parameter's own
   * gradient scale, so parameters of different scales compare. (Not element by element: an element whose
   * gradient is nearly 0 would turn harmless noise, such as the 1e-7 the book adds inside the log, into a
   * huge ratio.)
   */
  maxRelError: number
}

/** Options of `gradientCheck`. */
export interface GradientCheckOptions {
  /** Floor of maxRelError's denominator, for a parameter whose gradient is ~0 (a bias before BatchNormalization). Default 1e-8. */
  tiny?: number
}

/**
 * Compare `network.gradient` with `network.numericalGradient` on one small batch (book §5.7.3,
 * ch05/gradient_check.py), one entry per parameter in `network.params` order. As a rule of thumb
 * (CS231n), a relative error below 1e-7 is excellent and around 1e-5 fine (central differences with
 * h = 1e-4 are off by O(h²) and SoftmaxWithLoss's backward ignores the 1e-7 in the loss's log); near a
 * kink (a ReLU input or a max-pool tie within h of each other) 1e-4 or more can happen; above 1e-2 the
 * backward pass is wrong — or the softmax is saturated: where the right class gets y ≲ 1e-5, the loss's
 * log(y + 1e-7) goes flat, so keep the weights small enough for y to stay well above that.
 * x: (N, ...) and t: one-hot or indices; keep N and the net tiny, numericalGradient runs 2 forwards per weight.
 * NOTE: Dropout draws a new mask on every forward: check nets with Dropout switched off or its masks fixed.
 *
 * @example
 * const net = new TwoLayerNet({ inputSize: 784, hiddenSize: 50, outputSize: 10 })
 * console.log(formatGradientCheck(gradientCheck(net, xTrain.slice([0, 3]), tTrain.slice([0, 3]))))
 */
export function gradientCheck(network: Network, x: NDArray, t: Labels, options: GradientCheckOptions = {}): GradientCheckEntry[] {
  const { tiny = 1e-8 } = options
  if (!(tiny > 0)) throw new ValueError('gradientCheck', `'tiny' must be a positive number, got ${tiny}`)
  // The book's order: numerical first, then backprop.
  const gradNumerical = network.numericalGradient(x, t)
  const gradBackprop = network.gradient(x, t)
  return Object.keys(network.params).map((key) => {
    const [b, n] = [gradBackprop[key], gradNumerical[key]]
    if (!b || !n) throw new ValueError('gradientCheck', `no ${b ? 'numerical' : 'backprop'} gradient for parameter '${key}'`)
    if (b.size !== n.size) {
      throw new ShapeError('gradientCheck', `gradients of '${key}' differ in shape: backprop ${formatShape(b.shape)}, numerical ${formatShape(n.shape)}`, [b.shape, n.shape])
    }
    return { key, ...compare(b, n, tiny) }
  })
}

/** Absolute differences of two gradients of the same size, and the largest relative to their scale. */
function compare(backprop: NDArray, numerical: NDArray, tiny: number): Omit<GradientCheckEntry, 'key'> {
  const [b, n] = [backprop.flatten().data, numerical.flatten().data]
  let [maxAbsDiff, sumAbsDiff, scale] = [0, 0, tiny]
  for (let i = 0; i < b.length; i++) {
    const diff = Math.abs(b[i]! - n[i]!)
    maxAbsDiff = Math.max(maxAbsDiff, diff)
    sumAbsDiff += diff
    scale = Math.max(scale, Math.abs(b[i]!), Math.abs(n[i]!))
  }
  return { maxAbsDiff, meanAbsDiff: b.length ? sumAbsDiff / b.length : 0, maxRelError: maxAbsDiff / scale }
}

/**
 * The report as a small table, one row per parameter:
 * ```
 * key   mean|diff|  max|diff|   max rel err
 * W1    2.07e-06    ...
 * ```
 */
export function formatGradientCheck(report: readonly GradientCheckEntry[]): string {
  const width = Math.max(3, ...report.map((e) => e.key.length))
  const cell = (v: number) => v.toExponential(2).padEnd(12)
  const header = `${'key'.padEnd(width)}  ${'mean|diff|'.padEnd(12)}${'max|diff|'.padEnd(12)}max rel err`
  const rows = report.map((e) => `${e.key.padEnd(width)}  ${cell(e.meanAbsDiff)}${cell(e.maxAbsDiff)}${e.maxRelError.toExponential(2)}`)
  return [header, ...rows].join('\n')
}
