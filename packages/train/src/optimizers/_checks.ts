// Internal: the checks every optimizer of book §6.1 shares (options, grads, lazily created state).
import { NDArray, ShapeError, ValueError, formatShape, shapesEqual, zerosLike } from '@dlfs/matrix'
import type { Params } from './optimizer.js'

/**
 * The options an optimizer was given, over its defaults. Throws naming `op` on an unknown option
 * (a typo such as `learningRate` would otherwise leave the default in place silently) or a non-number.
 */
export function readOptions<T extends Record<string, number>>(op: string, options: Partial<T> | undefined, defaults: T): T {
  const out = { ...defaults }
  const valid = Object.keys(defaults)
  for (const [name, value] of Object.entries(options ?? {})) {
    if (!valid.includes(name)) {
      throw new ValueError(op, `unknown option '${name}' (valid options: ${valid.join(', ')})`)
    }
    if (value === undefined) continue
    if (typeof value !== 'number') throw new ValueError(op, `option '${name}' must be a number, got ${typeof value}`)
    ;(out as Record<string, number>)[name] = value
  }
  return out
}

/** A learning rate: finite and > 0. */
export function checkLr(op: string, lr: number): number {
  if (!(Number.isFinite(lr) && lr > 0)) throw new ValueError(op, `option 'lr' must be a finite number > 0, got ${lr}`)
  return lr
}

/** A decay factor (momentum, decayRate, beta1, beta2) in [0, 1): at 1 nothing would ever be forgotten. */
export function checkFraction(op: string, name: string, value: number): number {
  if (!(value >= 0 && value < 1)) throw new ValueError(op, `option '${name}' must be in [0, 1), got ${value}`)
  return value
}

/**
 * The (key, param, grad) triples of an update, in params' key order (the book's `for key in params.keys()`).
 * Every key is checked BEFORE any param changes, so bad grads never leave a half-updated network: grads
 * must hold each key with the param's shape, and existing state (`{ v: this.v }`) must still fit the
 * param. Keys of grads that params lacks are ignored, as in the book.
 */
export function paramGradPairs(op: string, params: Params, grads: Params, state: Record<string, Params> = {}): [string, NDArray, NDArray][] {
  return Object.keys(params).map((key) => {
    const W = params[key]
    const g = Object.hasOwn(grads, key) ? grads[key] : undefined
    if (!(W instanceof NDArray)) throw new ValueError(op, `params['${key}'] is ${describe(W)}, not an NDArray`)
    if (g === undefined) {
      throw new ValueError(op, `grads has no key '${key}' (params keys: ${Object.keys(params).join(', ')}; grads keys: ${Object.keys(grads).join(', ')})`)
    }
    if (!(g instanceof NDArray)) throw new ValueError(op, `grads['${key}'] is ${describe(g)}, not an NDArray (did backward run?)`)
    if (!shapesEqual(W.shape, g.shape)) {
      throw new ShapeError(op, `grads['${key}'] has shape ${formatShape(g.shape)} but params['${key}'] has shape ${formatShape(W.shape)}`, [W.shape, g.shape])
    }
    for (const [name, record] of Object.entries(state)) {
      const s = record[key]
      if (s !== undefined && !shapesEqual(s.shape, W.shape)) {
        throw new ShapeError(op, `params['${key}'] has shape ${formatShape(W.shape)} but ${name}['${key}'] was made for shape ${formatShape(s.shape)}: use a new optimizer for a new network`, [W.shape, s.shape])
      }
    }
    return [key, W, g]
  })
}

/** `state[key]`, created as zeros like the param on that key's first update (the book's `np.zeros_like(val)`). */
export function stateFor(state: Params, key: string, W: NDArray): NDArray {
  return (state[key] ??= zerosLike(W))
}

/** An empty state record without Object's prototype, so a key such as 'constructor' is not already "there". */
export function emptyState(): Params {
  return Object.create(null) as Params
}

function describe(value: unknown): string {
  return value === null ? 'null' : value === undefined ? 'undefined' : `a ${typeof value}`
}
