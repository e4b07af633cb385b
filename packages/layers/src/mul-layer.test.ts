import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MulLayer } from './mul-layer.js'

// Golden values: scripts/golden/basic-layers.py runs the book's ch05/layer_naive.py MulLayer in
// ch05/buy_apple.py. Python floats are IEEE doubles and the layer does the same multiplications in
// the same order, so every value, 220.00000000000003 included, must match bit for bit.
interface Apple {
  apple: number
  appleNum: number
  tax: number
  applePrice: number
  price: number
  dprice: number
  dapplePrice: number
  dtax: number
  dapple: number
  dappleNum: number
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/basic-layers.json', import.meta.url), 'utf8')) as { applePrice: Apple }

/** Finite numbers of moderate size, so products stay finite. */
const num = fc.double({ min: -1e6, max: 1e6, noNaN: true })

describe('5.4.1-mul-layer: the book\'s apple example (ch05/buy_apple.py)', () => {
  const g = fixture.applePrice

  it(`forward: 100 yen × 2 apples × tax 1.1 = ${g.price}`, () => {
    const mulAppleLayer = new MulLayer()
    const mulTaxLayer = new MulLayer()
    const applePrice = mulAppleLayer.forward(g.apple, g.appleNum)
    const price = mulTaxLayer.forward(applePrice, g.tax)
    expect(applePrice).toBe(g.applePrice)
    expect(price).toBe(g.price)
    expect(price).toBe(220.00000000000003) // what Python prints
  })

  it(`backward: dApple ${g.dapple}, dApple_num ${g.dappleNum}, dTax ${g.dtax}`, () => {
    const mulAppleLayer = new MulLayer()
    const mulTaxLayer = new MulLayer()
    mulTaxLayer.forward(mulAppleLayer.forward(g.apple, g.appleNum), g.tax)
    const [dapplePrice, dtax] = mulTaxLayer.backward(g.dprice)
    const [dapple, dappleNum] = mulAppleLayer.backward(dapplePrice)
    expect([dapplePrice, dtax]).toEqual([g.dapplePrice, g.dtax])
    expect([dapple, dappleNum]).toEqual([g.dapple, g.dappleNum])
    // The book's figure rounds these to 2.2, 110 and 200.
    expect([dapple, dappleNum, dtax].map((v) => Number(v.toFixed(10)))).toEqual([2.2, 110, 200])
  })
})

describe('5.4.1-mul-layer: properties', () => {
  it('forward is x·y; backward(dout) swaps the inputs: [dout·y, dout·x], exactly', () => {
    fc.assert(
      fc.property(num, num, num, (x, y, dout) => {
        const layer = new MulLayer()
        expect(layer.forward(x, y)).toBe(x * y)
        expect(layer.backward(dout)).toEqual([dout * y, dout * x])
        expect([layer.x, layer.y]).toEqual([x, y])
      }),
    )
  })

  it('backward uses the inputs of the latest forward, and can run more than once', () => {
    const layer = new MulLayer()
    layer.forward(2, 3)
    layer.forward(5, 7)
    expect(layer.backward(1)).toEqual([7, 5])
    expect(layer.backward(2)).toEqual([14, 10])
  })

  it('gradient check: backward(1) matches the central difference of forward (exact for a bilinear map)', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), (x, y) => {
        const h = 1e-4
        const f = (a: number, b: number) => new MulLayer().forward(a, b)
        const layer = new MulLayer()
        layer.forward(x, y)
        const [dx, dy] = layer.backward(1)
        // x·y is linear in each argument: only rounding, ≈ ε·|x·y|/h, separates the two.
        const tol = 1e-9 * Math.max(1, Math.abs(x), Math.abs(y)) ** 2
        expect(Math.abs((f(x + h, y) - f(x - h, y)) / (2 * h) - dx)).toBeLessThanOrEqual(tol)
        expect(Math.abs((f(x, y + h) - f(x, y - h)) / (2 * h) - dy)).toBeLessThanOrEqual(tol)
      }),
    )
  })
})

describe('5.4.1-mul-layer: errors', () => {
  it('backward before forward throws, saying what to run first', () => {
    let message = ''
    try {
      new MulLayer().backward(1)
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toBe('MulLayer.backward: called before forward: run forward(x, y) first')
  })
})
