import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { NDArray, array } from '@dlfs/matrix'
import type { Network } from './network.js'
import { TwoLayerNet, type TwoLayerNetOptions } from './two-layer-net.js'
import { TwoLayerNetSigmoid } from './two-layer-net-sigmoid.js'
import { MultiLayerNet, type MultiLayerNetOptions } from './multi-layer-net.js'
import { MultiLayerNetExtend, type MultiLayerNetExtendOptions } from './multi-layer-net-extend.js'
import { SimpleConvNet, type SimpleConvNetOptions } from './simple-conv-net.js'

// Golden values: scripts/golden/networks.py runs the book's network classes (ch04 and ch05 two_layer_net.py,
// common/multi_layer_net.py, common/multi_layer_net_extend.py, ch07/simple_convnet.py) on fixed weights, which
// each test assigns into params in place, then replays the generator's sequence of calls.
interface Arr {
  shape: number[]
  data: number[]
}
interface Case {
  name: string
  options: Record<string, unknown>
  params: Record<string, Arr>
  x: Arr
  t: number[]
  tOneHot: Arr
  lossTrain: number
  grads: Record<string, Arr>
  predict: Arr
  loss: number
  accuracy: number
  numericalGrads: Record<string, Arr>
  lossIndex?: number
  gradsIndex?: Record<string, Arr>
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/networks.json', import.meta.url), 'utf8')) as { cases: Case[] }
const fromArr = (a: Arr) => new NDArray(Float64Array.from(a.data), a.shape)

/** Every element of `actual` within tol·(1 + |expected|) of `expected`, and the same shape. */
function expectClose(actual: NDArray, expected: Arr, tol: number, what: string): void {
  expect(actual.shape, what).toEqual(expected.shape)
  actual.flatten().data.forEach((v, i) => {
    const e = expected.data[i]!
    expect(Math.abs(v - e), `${what}[${i}]: ${v} vs ${e}`).toBeLessThanOrEqual(tol * (1 + Math.abs(e)))
  })
}

/** The network class of each case, built from the fixture's options (the weights are assigned afterwards). */
const builders: [prefix: string, tag: string, build: (options: Record<string, unknown>) => Network][] = [
  ['TwoLayerNet ', '5.7-two-layer-net', (o) => new TwoLayerNet(o as unknown as TwoLayerNetOptions)],
  ['TwoLayerNetSigmoid ', '4.5-two-layer-net', (o) => new TwoLayerNetSigmoid(o as unknown as TwoLayerNetOptions)],
  ['MultiLayerNet ', '6.2-multi-layer-net', (o) => new MultiLayerNet(o as unknown as MultiLayerNetOptions)],
  ['MultiLayerNetExtend ', '6.3-multi-layer-net-extend', (o) => new MultiLayerNetExtend(o as unknown as MultiLayerNetExtendOptions)],
  ['SimpleConvNet ', '7.5-simple-conv-net', (o) => new SimpleConvNet(o as SimpleConvNetOptions)],
]

describe.each(fixture.cases)('golden values from the book\'s numpy code: $name', (golden) => {
  const [, tag, build] = builders.find(([prefix]) => golden.name.startsWith(prefix))!
  const x = fromArr(golden.x)
  const tOneHot = fromArr(golden.tOneHot)
  // Bit-for-bit equality is not expected: numpy's BLAS sums in another order. Forward and backprop values agree to
  // ~1e-15; numerical gradients divide the loss's rounding by 2h = 2e-4, so they agree to ~1e-12.
  const [tol, numericalTol] = [1e-13, 1e-10]

  it(`${tag}: the same calls in the same order give numpy's loss, gradient, predict, accuracy, numerical gradient`, () => {
    const net = build(golden.options)
    expect(Object.keys(net.params).sort()).toEqual(Object.keys(golden.params).sort())
    for (const [key, value] of Object.entries(golden.params)) net.params[key]!.assign(fromArr(value))
    // BatchNormalization's running statistics move on every training forward: keep the generator's order.
    expect(net.loss(x, tOneHot, true)).toBeCloseTo(golden.lossTrain, 13)
    const grads = net.gradient(x, tOneHot)
    expect(Object.keys(grads).sort()).toEqual(Object.keys(golden.grads).sort())
    for (const [key, value] of Object.entries(golden.grads)) expectClose(grads[key]!, value, tol, `grads.${key}`)
    expectClose(net.predict(x, false), golden.predict, tol, 'predict')
    expect(net.loss(x, tOneHot, false)).toBeCloseTo(golden.loss, 13)
    expect(net.accuracy(x, tOneHot)).toBe(golden.accuracy)
    expect(net.accuracy(x, golden.t)).toBe(golden.accuracy)
    const numerical = net.numericalGradient(x, tOneHot)
    for (const [key, value] of Object.entries(golden.numericalGrads)) expectClose(numerical[key]!, value, numericalTol, `numericalGrads.${key}`)
    if (golden.gradsIndex) {
      // The book's SoftmaxWithLoss with class indices: y with 1 subtracted at each label, / N.
      expect(net.loss(x, golden.t)).toBeCloseTo(golden.lossIndex!, 13)
      const gradsIndex = net.gradient(x, array(golden.t))
      for (const [key, value] of Object.entries(golden.gradsIndex)) expectClose(gradsIndex[key]!, value, tol, `gradsIndex.${key}`)
    }
  })

  it(`${tag}: index labels give what one-hot labels give`, () => {
    const net = build(golden.options)
    for (const [key, value] of Object.entries(golden.params)) net.params[key]!.assign(fromArr(value))
    expect(net.loss(x, golden.t, true)).toBeCloseTo(golden.lossTrain, 13)
    const grads = net.gradient(x, golden.t)
    for (const [key, value] of Object.entries(golden.grads)) expectClose(grads[key]!, value, tol, `grads.${key}`)
  })
})
