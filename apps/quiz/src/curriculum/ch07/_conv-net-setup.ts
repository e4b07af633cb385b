// Tiny SimpleConvNet configurations and fixed weights for the 7.5 checks.
import type { NDArray } from '@dlfs/matrix'
import { SimpleConvNet as Reference } from '@dlfs/train'
import type { CheckContext } from '../../grader/types.js'
import { dims, randn } from '../../grader/inputs.js'
import { labels } from '../ch05/_support.js'

/** The options the book's constructor takes (input_dim, conv_param, hidden_size, output_size, weight_init_std). */
export interface SimpleConvNetOptions {
  inputDim?: [number, number, number]
  convParam?: { filterNum?: number; filterSize?: number; pad?: number; stride?: number }
  hiddenSize?: number
  outputSize?: number
  weightInitStd?: number
}
export interface SimpleConvNetLike {
  params: Record<string, NDArray>
  predict(x: NDArray): NDArray
  loss(x: NDArray, t: NDArray): number
  accuracy(x: NDArray, t: NDArray, batchSize?: number): number
  gradient(x: NDArray, t: NDArray): Record<string, NDArray>
}
export interface SimpleConvNetModule {
  SimpleConvNet: new (options?: SimpleConvNetOptions) => SimpleConvNetLike
}

export const KEYS = ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'] as const
export type Key = (typeof KEYS)[number]

/** One tiny network: square images whose convolution output is even, so 2×2 pooling halves it exactly. */
export interface Config {
  n: number
  c: number
  size: number
  filterNum: number
  filterSize: number
  pad: number
  hidden: number
  output: number
  seed: number
}

export const configs = dims({ n: [1, 3], c: [1, 2], half: [1, 3], filterNum: [1, 3], filterSize: [2, 3], pad: [0, 1], hidden: [2, 5], output: [2, 4] }).map(
  // Convolution output 2·half: size + 2·pad − filterSize + 1 = 2·half.
  ({ half, ...d }): Config => ({ ...d, size: 2 * half + d.filterSize - 1 - 2 * d.pad }),
)

/** Conv output 1 + (size + 2·pad − filterSize), pooled to half. */
const pooled = (k: Config) => Math.floor((k.size + 2 * k.pad - k.filterSize + 1) / 2)

export function optionsOf(k: Config): SimpleConvNetOptions {
  return { inputDim: [k.c, k.size, k.size], convParam: { filterNum: k.filterNum, filterSize: k.filterSize, pad: k.pad, stride: 1 }, hiddenSize: k.hidden, outputSize: k.output }
}

export function shapesOf(k: Config): Record<Key, number[]> {
  const flat = k.filterNum * pooled(k) ** 2
  return { W1: [k.filterNum, k.c, k.filterSize, k.filterSize], b1: [k.filterNum], W2: [flat, k.hidden], b2: [k.hidden], W3: [k.hidden, k.output], b3: [k.output] }
}

/** Fixed weights of scale 0.5 (so the Relus are neither all on nor all off), shared by both nets. */
export function weightsOf(k: Config): Record<Key, NDArray> {
  const s = shapesOf(k)
  return Object.fromEntries(KEYS.map((key, i) => [key, randn(k.seed + 10 + i, s[key], 0.5)])) as Record<Key, NDArray>
}

export const inputOf = (k: Config, n = k.n): NDArray => randn(k.seed + 1, [n, k.c, k.size, k.size])
export const labelsOf = (k: Config, n = k.n): NDArray => labels(k.seed + 2, n, k.output)

/** The net's params must hold W1 … b3 of the expected shapes. */
export function expectParams(ctx: CheckContext, net: SimpleConvNetLike, shapes: Record<Key, readonly number[]>): void {
  if (!net.params || typeof net.params !== 'object') {
    ctx.fail({ what: 'params', message: { en: 'the net has no params object: set this.params = { W1, b1, W2, b2, W3, b3 } in the constructor', ja: 'params がありません。コンストラクタで this.params = { W1, b1, W2, b2, W3, b3 } を設定します' } })
  }
  for (const key of KEYS) ctx.expectShape(`params.${key}`, net.params[key], shapes[key])
}

/** The learner's net for k with the fixed weights copied into its params (in place). */
export function learnerNet(ctx: CheckContext, mod: SimpleConvNetModule, k: Config): SimpleConvNetLike {
  const net = new mod.SimpleConvNet(optionsOf(k))
  const w = weightsOf(k)
  expectParams(ctx, net, shapesOf(k))
  for (const key of KEYS) net.params[key]!.assign(w[key])
  return net
}

/** The reference net for k with the same weights. */
export function referenceNet(k: Config): Reference {
  const net = new Reference(optionsOf(k))
  const w = weightsOf(k)
  for (const key of KEYS) net.params[key]!.assign(w[key])
  return net
}

/** "x (2,1,6,6), 3 filters 3×3, pad 1, hidden 4, output 3": the network a failure was found on. */
export function describeNet(k: Config, n = k.n): string {
  return `x (${n},${k.c},${k.size},${k.size}), ${k.filterNum} filter${k.filterNum > 1 ? 's' : ''} ${k.filterSize}×${k.filterSize}, pad ${k.pad}, hiddenSize ${k.hidden}, outputSize ${k.output}`
}

/**
 * A tiny configuration whose loss is smooth around the fixed weights: no Relu input and no pooling
 * tie lies within the nudge of a central difference, so the numerical gradient is exact enough to judge
 * the learner's backward. Found by trying seeds derived from `seed` until the reference's own
 * backward and numerical gradients agree to 1e-6.
 */
export function smoothConfig(seed: number, base: (seed: number) => Config): Config {
  let k = base(seed)
  for (let attempt = 0; attempt < 20; attempt++, k = base(seed + 7919 * attempt)) {
    const net = referenceNet(k)
    const [x, t] = [inputOf(k), labelsOf(k)]
    const numeric = net.numericalGradient(x, t)
    const analytic = net.gradient(x, t)
    const worst = Math.max(
      ...KEYS.map((key) => {
        const [a, n] = [analytic[key]!.flatten().data, numeric[key]!.flatten().data]
        return Math.max(0, ...Array.from(a, (v, i) => Math.abs(v - n[i]!) / Math.max(Math.abs(v), Math.abs(n[i]!), 1e-8)))
      }),
    )
    if (worst < 1e-6) return k
  }
  return k
}
