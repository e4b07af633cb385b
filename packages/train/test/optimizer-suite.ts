// The checks every optimizer of book §6.1 must pass, written once and run from each optimizer's test file:
// golden replays of the book's common/optimizer.py (fixtures/optimizers.json, from
// scripts/golden/optimizers.py), the §6.1 toy function, in-place updates, per-key state and the errors.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, Rng, ShapeError, ValueError, array } from '@dlfs/matrix'
import { Affine } from '@dlfs/layers'
import type { Optimizer, Params } from '../src/optimizers/optimizer.js'
import type { OptimizerName, OptimizerOptions } from '../src/optimizers/create-optimizer.js'

interface Arr {
  shape: number[]
  data: number[]
}
type ArrRecord = Record<string, Arr>
interface UpdateCase {
  name: OptimizerName
  options: Record<string, number>
  params: ArrRecord[]
  state: Record<string, ArrRecord>
  iter?: number
}
interface ToyCase {
  name: OptimizerName
  lr: number
  xHistory: number[]
  yHistory: number[]
  final: [number, number]
}
interface Fixture {
  updates: { params: ArrRecord; grads: ArrRecord[]; cases: UpdateCase[] }
  toy: ToyCase[]
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/optimizers.json', import.meta.url), 'utf8')) as Fixture

/** What the suite needs to know of one optimizer. */
export interface Subject {
  name: OptimizerName
  make: (options?: OptimizerOptions) => Optimizer
  /** The book's defaults (common/optimizer.py), by our option names. */
  defaults: Record<string, number>
  /** Names of its per-key state records (`['v']`, `['h']`, `['m', 'v']`, or none for SGD). */
  state: string[]
}

/** Relative tolerance of the golden comparisons. */
export const RTOL = 1e-12

const fromArr = (a: Arr) => new NDArray(Float64Array.from(a.data), a.shape)
const fromRecord = (r: ArrRecord): Params => Object.fromEntries(Object.entries(r).map(([k, a]) => [k, fromArr(a)]))
const stateOf = (opt: Optimizer, name: string) => (opt as unknown as Record<string, Params>)[name]!

/** Largest |a − e| / |e| over the elements (|a − e| itself where e is 0), after checking the shape. */
export function relativeError(actual: NDArray, expected: Arr): number {
  expect([...actual.shape]).toEqual(expected.shape)
  const a = actual.flatten().data
  let worst = 0
  expected.data.forEach((e, i) => {
    const d = Math.abs(a[i]! - e)
    worst = Math.max(worst, e === 0 ? d : d / Math.abs(e))
  })
  return worst
}

/** `fn` throws an instance of `type` whose message is exactly `message`. */
export function expectThrows(fn: () => unknown, type: new (...args: never[]) => Error, message: string): void {
  let thrown: unknown
  try {
    fn()
  } catch (e) {
    thrown = e
  }
  expect(thrown).toBeInstanceOf(type)
  expect((thrown as Error).message).toBe(message)
}

/** The golden cases of one optimizer (at least its defaults and one other set of options). */
export function goldenCases(name: OptimizerName): UpdateCase[] {
  return fixture.updates.cases.filter((c) => c.name === name)
}

/** The params after replaying one golden case from the fixture's initial params and grads, with the optimizer. */
export function replay(subject: Subject, c: UpdateCase): { opt: Optimizer; worst: number } {
  const opt = subject.make(c.options)
  const params = fromRecord(fixture.updates.params)
  const held = { ...params } // the arrays a network's layers would hold
  let worst = 0
  fixture.updates.grads.forEach((g, step) => {
    const grads = fromRecord(g)
    opt.update(params, grads)
    for (const [key, expected] of Object.entries(c.params[step]!)) {
      expect(params[key]).toBe(held[key]) // updated in place, never replaced
      worst = Math.max(worst, relativeError(params[key]!, expected))
    }
    for (const [key, a] of Object.entries(g)) expect(Array.from(grads[key]!.data)).toEqual(a.data) // grads untouched
  })
  for (const [name, record] of Object.entries(c.state)) {
    for (const [key, expected] of Object.entries(record)) worst = Math.max(worst, relativeError(stateOf(opt, name)[key]!, expected))
  }
  return { opt, worst }
}

/** The book's ch06/optimizer_compare_naive.py path on f(x, y) = x²/20 + y² (eq. 6.2) from (−7, 2). */
export function toyPath(subject: Subject, lr: number): { xHistory: number[]; yHistory: number[]; final: [number, number] } {
  const opt = subject.make({ lr })
  const params: Params = { x: array(-7), y: array(2) } // 0-d arrays, as the script's floats
  const xHistory: number[] = []
  const yHistory: number[] = []
  for (let i = 0; i < 30; i++) {
    const [x, y] = [params.x!.item(), params.y!.item()]
    xHistory.push(x)
    yHistory.push(y)
    opt.update(params, { x: array(x / 10.0), y: array(2.0 * y) }) // df(x, y) = (x/10, 2y)
  }
  return { xHistory, yHistory, final: [params.x!.item(), params.y!.item()] }
}

const maxRel = (a: number[], e: number[]) => Math.max(...e.map((v, i) => (v === 0 ? Math.abs(a[i]!) : Math.abs(a[i]! - v) / Math.abs(v))))

/** Random params and grads on a few keys, the same every call for a given seed. */
function randomPair(seed: number, shapes: Record<string, number[]>): { params: Params; grads: Params[] } {
  const rng = new Rng(seed)
  const params = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, rng.randn(s)]))
  const grads = [0, 1, 2].map(() => Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, rng.randn(s)])))
  return { params, grads }
}
const copyParams = (p: Params): Params => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.copy()]))
const values = (p: Params) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Array.from(v.copy().data)]))

/** Every shared check of `subject`, under `tag` (the book task id, e.g. '6.1.4-momentum'). */
export function optimizerSuite(tag: string, subject: Subject): void {
  const { name, make } = subject

  describe(`${tag}: golden values from the book's common/optimizer.py`, () => {
    const cases = goldenCases(name)
    it('has cases for the defaults and for other options', () => {
      expect(cases.length).toBeGreaterThanOrEqual(2)
    })
    it.each(cases.map((c) => [JSON.stringify(c.options), c] as const))('5 updates with options %s match numpy', (_, c) => {
      const { opt, worst } = replay(subject, c)
      expect(worst).toBeLessThanOrEqual(RTOL)
      if (c.iter !== undefined) expect((opt as unknown as { iter: number }).iter).toBe(c.iter)
    })
    it('follows the book\'s path on f(x, y) = x²/20 + y² from (−7, 2) (ch06/optimizer_compare_naive.py)', () => {
      const golden = fixture.toy.find((t) => t.name === name)!
      const path = toyPath(subject, golden.lr)
      expect(maxRel(path.xHistory, golden.xHistory)).toBeLessThanOrEqual(RTOL)
      expect(maxRel(path.yHistory, golden.yHistory)).toBeLessThanOrEqual(RTOL)
      expect(maxRel(path.final, golden.final)).toBeLessThanOrEqual(RTOL)
    })
  })

  describe(`${tag}: options`, () => {
    it('has the book\'s defaults', () => {
      const opt = make() as unknown as Record<string, number>
      for (const [option, value] of Object.entries(subject.defaults)) expect(opt[option]).toBe(value)
    })
    it('keeps the options it is given', () => {
      const given = Object.fromEntries(Object.keys(subject.defaults).map((k, i) => [k, 0.25 + i / 10]))
      const opt = make(given) as unknown as Record<string, number>
      for (const [option, value] of Object.entries(given)) expect(opt[option]).toBe(value)
    })
  })

  describe(`${tag}: updates in place`, () => {
    it('changes the arrays a layer holds, so the layer computes with the new values', () => {
      const rng = new Rng(1)
      const layer = new Affine(rng.randn(3, 2), rng.randn(2))
      const params: Params = { W: layer.W, b: layer.b }
      const x = rng.randn(4, 3)
      const before = layer.forward(x)
      const expected = copyParams(params)
      const grads = { W: rng.randn(3, 2), b: rng.randn(2) }
      make().update(params, grads)
      make().update(expected, grads)
      expect(params.W).toBe(layer.W)
      expect(Array.from(layer.W.data)).toEqual(Array.from(expected.W!.data))
      expect(Array.from(layer.b.data)).toEqual(Array.from(expected.b!.data))
      expect(Array.from(layer.forward(x).data)).not.toEqual(Array.from(before.data))
    })
    it('updates a strided view exactly as a contiguous copy, leaving the rest of its buffer alone', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1000 }), (r, c, seed) => {
          const rng = new Rng(seed)
          const base = rng.randn(r, 2 * c)
          const view = base.slice(':', '::2').T // (c, r), neither contiguous nor C-ordered
          const copy = view.copy()
          const optView = make({ lr: 0.1 })
          const optCopy = make({ lr: 0.1 })
          for (let step = 0; step < 3; step++) {
            const g = rng.randn(c, r)
            optView.update({ W: view }, { W: g })
            optCopy.update({ W: copy }, { W: g })
          }
          expect(Array.from(view.copy().data)).toEqual(Array.from(copy.data))
          const untouched = base.slice(':', '1::2')
          const original = new Rng(seed).randn(r, 2 * c).slice(':', '1::2')
          expect(Array.from(untouched.copy().data)).toEqual(Array.from(original.copy().data))
        }),
        { numRuns: 25 },
      )
    })
  })

  describe(`${tag}: state per key`, () => {
    it('keeps each key\'s state apart: one optimizer on {W1, b1} equals one optimizer per key', () => {
      const { params, grads } = randomPair(2, { W1: [2, 3], b1: [3] })
      const [W1, b1] = [copyParams({ W1: params.W1! }), copyParams({ b1: params.b1! })]
      const [one, perW, perB] = [make(), make(), make()]
      for (const g of grads) {
        one.update(params, g)
        perW.update(W1, { W1: g.W1! })
        perB.update(b1, { b1: g.b1! })
      }
      expect(values(params)).toEqual({ ...values(W1), ...values(b1) })
    })
    if (subject.state.length > 0) it('creates state lazily, as zeros like the param, on a key\'s first update', () => {
      const opt = make()
      for (const s of subject.state) expect(Object.keys(stateOf(opt, s))).toEqual([])
      const { params, grads } = randomPair(3, { W1: [2, 2], b1: [2] })
      opt.update({ W1: params.W1! }, { W1: grads[0]!.W1! })
      for (const s of subject.state) expect(Object.keys(stateOf(opt, s))).toEqual(['W1'])
      opt.update(params, grads[1]!)
      for (const s of subject.state) {
        expect(Object.keys(stateOf(opt, s)).sort()).toEqual(['W1', 'b1'])
        expect(stateOf(opt, s).b1!.shape).toEqual([2])
      }
    })
    it('accepts keys that are names of Object.prototype members', () => {
      const [k1, k2]: string[] = ['constructor', 'toString']
      const { params, grads } = randomPair(4, { [k1!]: [2], [k2!]: [1] })
      const renamed = { a: params[k1!]!.copy(), b: params[k2!]!.copy() }
      const [opt, ref] = [make(), make()]
      for (const g of grads) {
        opt.update(params, g)
        ref.update(renamed, { a: g[k1!]!, b: g[k2!]! })
      }
      expect(values(params)).toEqual({ [k1!]: values(renamed).a, [k2!]: values(renamed).b })
    })
  })

  describe(`${tag}: errors`, () => {
    const setup = () => randomPair(5, { W1: [2, 3], b1: [3] })
    it('names the missing key, and changes nothing', () => {
      const { params } = setup()
      const before = values(params)
      expectThrows(() => make().update(params, { W1: new Rng(0).randn(2, 3) }), ValueError,
        `${name}.update: grads has no key 'b1' (params keys: W1, b1; grads keys: W1)`)
      expect(values(params)).toEqual(before)
    })
    it('names the key and both shapes when a grad does not fit its param, and changes nothing', () => {
      const { params } = setup()
      const before = values(params)
      expectThrows(() => make().update(params, { W1: new Rng(0).randn(2, 3), b1: new Rng(0).randn(1, 3) }), ShapeError,
        `${name}.update: grads['b1'] has shape (1,3) but params['b1'] has shape (3,)`)
      expect(values(params)).toEqual(before)
    })
    it('says when a grad is null (a layer whose backward did not run)', () => {
      const { params, grads } = setup()
      const bad = { ...grads[0]!, W1: null } as unknown as Params
      expectThrows(() => make().update(params, bad), ValueError, `${name}.update: grads['W1'] is null, not an NDArray (did backward run?)`)
    })
    if (subject.state.length > 0) it('says when a param changed shape under a key that already has state', () => {
      const opt = make()
      const { params, grads } = setup()
      opt.update(params, grads[0]!)
      const s = subject.state[0]
      expectThrows(() => opt.update({ ...params, b1: array([1, 2]) }, { ...grads[1]!, b1: array([1, 1]) }), ShapeError,
        `${name}.update: params['b1'] has shape (2,) but ${s}['b1'] was made for shape (3,): use a new optimizer for a new network`)
    })
    it('rejects a learning rate that is not finite and positive', () => {
      for (const lr of [0, -0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expectThrows(() => make({ lr }), ValueError, `${name}: option 'lr' must be a finite number > 0, got ${lr}`)
      }
    })
    it('rejects an unknown option, listing the valid ones', () => {
      expectThrows(() => make({ learningRate: 0.1 } as OptimizerOptions), ValueError,
        `${name}: unknown option 'learningRate' (valid options: ${Object.keys(subject.defaults).join(', ')})`)
    })
    it('rejects an option that is not a number', () => {
      expectThrows(() => make({ lr: '0.1' } as unknown as OptimizerOptions), ValueError, `${name}: option 'lr' must be a number, got string`)
    })
  })
}
