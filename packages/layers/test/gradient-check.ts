// Gradient checking for layer tests (book §5.6.3 gradient_check.py; CS231n "gradient checks").
// A layer's analytic gradient is compared with the central-difference gradient of its own
// forward pass, through the scalar L = Σ out·g for a fixed random g: then dL/dout = g, so
// backward(g) must return dL/dx, and every parameter gradient must be dL/dparam.
import { numericalGradient, type NDArray } from '@dlfs/matrix'

/**
 * Largest element-wise relative error |a − n| / max(|a|, |n|, tiny) between analytic and numerical
 * gradients. CS231n's guide: < 1e-7 is excellent, < 1e-5 fine for smooth functions, ~1e-4 only
 * acceptable near kinks (ReLU at 0, a max-pool tie), above 1e-2 is a bug.
 */
export function maxRelativeError(analytic: NDArray, numerical: NDArray, tiny = 1e-8): number {
  if (analytic.size !== numerical.size) throw new Error(`gradient sizes differ: ${analytic.shape} vs ${numerical.shape}`)
  const a = analytic.flatten().data
  const n = numerical.flatten().data
  let worst = 0
  for (let i = 0; i < a.length; i++) {
    const denom = Math.max(Math.abs(a[i]!), Math.abs(n[i]!), tiny)
    worst = Math.max(worst, Math.abs(a[i]! - n[i]!) / denom)
  }
  return worst
}

/** Σ out·g: a scalar whose gradient with respect to out is g. */
export function weightedSum(out: NDArray, g: NDArray): number {
  return out.mul(g).sum().item()
}

/** Numerical gradient of `loss` with respect to `x` (perturbed in place and restored). */
export function numericGrad(loss: () => number, x: NDArray): NDArray {
  return numericalGradient(() => loss(), x)
}
