import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AddLayer } from './add-layer.js'
import { MulLayer } from './mul-layer.js'

// Golden values: scripts/golden/basic-layers.py runs the book's ch05/layer_naive.py MulLayer and
// AddLayer in ch05/buy_apple_orange.py. The same IEEE operations in the same order: bit for bit.
interface AppleOrange {
  apple: number
  appleNum: number
  orange: number
  orangeNum: number
  tax: number
  applePrice: number
  orangePrice: number
  allPrice: number
  price: number
  dprice: number
  dallPrice: number
  dtax: number
  dapplePrice: number
  dorangePrice: number
  dorange: number
  dorangeNum: number
  dapple: number
  dappleNum: number
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/basic-layers.json', import.meta.url), 'utf8')) as { appleOrangePrice: AppleOrange }

const num = fc.double({ min: -1e6, max: 1e6, noNaN: true })

describe('5.4.2-add-layer: the book\'s apple-and-orange example (ch05/buy_apple_orange.py)', () => {
  const g = fixture.appleOrangePrice

  /** The book's four layers, wired as in Figure 5-17. */
  function buy() {
    const mulAppleLayer = new MulLayer()
    const mulOrangeLayer = new MulLayer()
    const addAppleOrangeLayer = new AddLayer()
    const mulTaxLayer = new MulLayer()
    // forward
    const applePrice = mulAppleLayer.forward(g.apple, g.appleNum) // (1)
    const orangePrice = mulOrangeLayer.forward(g.orange, g.orangeNum) // (2)
    const allPrice = addAppleOrangeLayer.forward(applePrice, orangePrice) // (3)
    const price = mulTaxLayer.forward(allPrice, g.tax) // (4)
    // backward
    const [dallPrice, dtax] = mulTaxLayer.backward(g.dprice) // (4)
    const [dapplePrice, dorangePrice] = addAppleOrangeLayer.backward(dallPrice) // (3)
    const [dorange, dorangeNum] = mulOrangeLayer.backward(dorangePrice) // (2)
    const [dapple, dappleNum] = mulAppleLayer.backward(dapplePrice) // (1)
    return { applePrice, orangePrice, allPrice, price, dallPrice, dtax, dapplePrice, dorangePrice, dorange, dorangeNum, dapple, dappleNum }
  }

  it(`forward: (100 × 2 + 150 × 3) × 1.1 = ${g.price}`, () => {
    const r = buy()
    expect([r.applePrice, r.orangePrice, r.allPrice]).toEqual([g.applePrice, g.orangePrice, g.allPrice])
    expect(r.price).toBe(g.price)
    expect(r.price).toBe(715.0000000000001) // what Python prints
  })

  it(`backward: dApple_num ${g.dappleNum}, dApple ${g.dapple}, dOrange ${g.dorange}, dOrange_num ${g.dorangeNum}, dTax ${g.dtax}`, () => {
    const r = buy()
    expect([r.dallPrice, r.dapplePrice, r.dorangePrice]).toEqual([g.dallPrice, g.dapplePrice, g.dorangePrice])
    expect([r.dappleNum, r.dapple, r.dorange, r.dorangeNum, r.dtax]).toEqual([g.dappleNum, g.dapple, g.dorange, g.dorangeNum, g.dtax])
    // The book prints them rounded: 110, 2.2, 3.3, 165, 650.
    expect([r.dappleNum, r.dapple, r.dorange, r.dorangeNum, r.dtax].map((v) => Number(v.toFixed(10)))).toEqual([110, 2.2, 3.3, 165, 650])
  })
})

describe('5.4.2-add-layer: properties', () => {
  it('forward is x + y; backward passes dout to both inputs unchanged', () => {
    fc.assert(
      fc.property(num, num, num, (x, y, dout) => {
        const layer = new AddLayer()
        expect(layer.forward(x, y)).toBe(x + y)
        expect(layer.backward(dout)).toEqual([dout, dout])
      }),
    )
  })

  it('keeps no state: backward needs no forward, as the book\'s AddLayer', () => {
    expect(new AddLayer().backward(1.5)).toEqual([1.5, 1.5])
  })

  it('gradient check: backward(1) = [1, 1] matches the central difference of forward', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), (x, y) => {
        const h = 1e-4
        const f = (a: number, b: number) => new AddLayer().forward(a, b)
        const [dx, dy] = new AddLayer().backward(1)
        // Linear: only rounding of x ± h + y, ≈ ε·|x + y|/h, separates the two.
        const tol = 1e-9 * Math.max(1, Math.abs(x) + Math.abs(y))
        expect(Math.abs((f(x + h, y) - f(x - h, y)) / (2 * h) - dx)).toBeLessThanOrEqual(tol)
        expect(Math.abs((f(x, y + h) - f(x, y - h)) / (2 * h) - dy)).toBeLessThanOrEqual(tol)
      }),
    )
  })
})
