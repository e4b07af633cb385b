// Inputs and measurements shared by the optimizer checks: a small network's params and several
// updates' grads, and what update did to each array (Δ = W after − W before).
import { NDArray, Rng } from '@dlfs/matrix'
import type { CheckContext } from '../../grader/types.js'
import type { Params } from './_optimizer-of.js'
import { same, tx } from './_support.js'

export { same, tx }

// A small network's keys: weights (rank 2 and 4) and biases (rank 1), sized by a, b, c.
const KEYS: [string, (a: number, b: number, c: number) => number[]][] = [
  ['W1', (a, b) => [a, b]],
  ['b1', (_a, b) => [b]],
  ['W2', (_a, b, c) => [b, c]],
  ['b2', (_a, _b, c) => [c]],
  ['W3', (a, _b, c) => [c, a, 2, 2]],
]

/** The params before the first update, the grads of every update, the options. */
export interface Scenario {
  params: Params
  grads: Params[]
  options: Record<string, number>
}

/** Sizes of a scenario: how many keys (1–5) and updates, the dimensions a, b, c, and the seed. */
export interface ScenarioSize {
  seed: number
  keys: number
  steps: number
  a: number
  b: number
  c: number
}

/**
 * params ~ N(0, 1); grads ~ N(0, 1) on even keys and N(0, 0.01²) on odd ones (small gradients show
 * where the 1e-7 goes), with about one element in five exactly 0 unless `zeros` is false.
 */
export function scenario(v: ScenarioSize, options: Record<string, number>, zeros = true): Scenario {
  const rng = new Rng(v.seed)
  const keys = KEYS.slice(0, v.keys).map(([k, f]) => [k, f(v.a, v.b, v.c)] as const)
  const params: Params = {}
  for (const [k, shape] of keys) params[k] = rng.randn(shape)
  const grads: Params[] = []
  for (let s = 0; s < v.steps; s++) {
    const g: Params = {}
    keys.forEach(([k, shape], i) => {
      const x = rng.randn(shape).mul(i % 2 === 0 ? 1 : 0.01)
      g[k] = zeros ? x.mul(rng.rand(shape).greater(0.2)) : x
    })
    grads.push(g)
  }
  return { params, grads, options }
}

/** A fixed, mid-sized scenario for the checks that are not properties: 5 keys, 3 updates. */
export const fixedSize = (seed: number): ScenarioSize => ({ seed, keys: 5, steps: 3, a: 2, b: 3, c: 2 })

export function copyAll(p: Params): Params {
  return Object.fromEntries(Object.entries(p).map(([k, x]) => [k, x.copy()]))
}

/** How the scenario reads in a failure: the constructor call, the keys and shapes, the number of updates. */
export function describe(name: string, sc: Scenario, noOptions = false): string {
  const keys = Object.entries(sc.params).map(([k, x]) => `${k} (${x.shape.join(',')}${x.ndim === 1 ? ',' : ''})`)
  return `new ${name}(${noOptions ? '' : JSON.stringify(sc.options)}); params ${keys.join(', ')}; ${sc.grads.length} update(s)`
}

/**
 * Δ of every key in every update, on copies of the scenario's arrays (the scenario stays untouched).
 * With ctx (the learner's optimizer), a param that is no longer an NDArray fails the check.
 */
export function deltas(opt: { update(p: Params, g: Params): void }, sc: Scenario, ctx?: CheckContext): Params[] {
  const params = copyAll(sc.params)
  return sc.grads.map((grads, s) => {
    const before = copyAll(params)
    opt.update(params, copyAll(grads))
    const d: Params = {}
    for (const key of Object.keys(before)) {
      const W: unknown = params[key]
      if (!(W instanceof NDArray) && ctx) {
        ctx.fail({
          what: `params['${key}']`,
          message: tx(`after update ${s + 1}, params['${key}'] is no longer an NDArray`, `${s + 1} 回目の update の後、params['${key}'] が NDArray ではなくなっています`),
        })
      }
      d[key] = (W as NDArray).sub(before[key]!)
    }
    return d
  })
}

/** True when the two runs' Δs agree at every update and key. */
export function sameRun(a: Params[], b: Params[]): boolean {
  return a.length === b.length && a.every((d, s) => Object.keys(d).every((k) => b[s]![k] !== undefined && same(d[k]!, b[s]![k]!)))
}
