import { describe, expect, it } from 'vitest'
import { array } from '@dlfs/matrix'
import { BOOK_OUTPUT } from './three-layer-forward.js'
import { forward, initNetwork } from './reference/three-layer-forward.js'

describe('3.4.3-three-layer-forward', () => {
  it("the reference reproduces the book's printed output [0.31682708 0.69627909]", () => {
    const y = forward(initNetwork(), array([1.0, 0.5]))
    expect(y.shape).toEqual([2])
    y.data.forEach((v, i) => expect(v).toBeCloseTo(BOOK_OUTPUT[i]!, 8))
  })
})
