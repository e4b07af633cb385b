import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ValueError } from '@dlfs/matrix'
import { convOutputSize } from './conv-output-size.js'

interface SizeCase {
  inputSize: number
  filterSize: number
  stride: number
  pad: number
  expected: number
  /** The book's conv_output_size, a float under Python 3's true division. */
  book: number
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/cnn-layers.json', import.meta.url), 'utf8')) as {
  convOutputSize: SizeCase[]
}

describe('7.2.4-conv-output-size: golden values from the book\'s common/util.py', () => {
  for (const c of fixture.convOutputSize) {
    it(`input ${c.inputSize}, filter ${c.filterSize}, stride ${c.stride}, pad ${c.pad} → ${c.expected} (book: ${c.book})`, () => {
      expect(convOutputSize(c.inputSize, c.filterSize, c.stride, c.pad)).toBe(c.expected)
      // The book's division is not floored; ours is its floor, which is what im2col produces.
      expect(c.expected).toBe(Math.floor(c.book))
    })
  }

  it('stride 1 and pad 0 by default', () => {
    expect(convOutputSize(28, 5)).toBe(24)
    expect(convOutputSize(28, 5, 2)).toBe(12)
  })
})

describe('7.2.4-conv-output-size: properties', () => {
  const sizes = fc
    .record({
      inputSize: fc.integer({ min: 1, max: 64 }),
      stride: fc.integer({ min: 1, max: 5 }),
      pad: fc.integer({ min: 0, max: 4 }),
    })
    .chain((r) => fc.integer({ min: 1, max: r.inputSize + 2 * r.pad }).map((filterSize) => ({ ...r, filterSize })))

  it('the output is the number of window positions: the last window fits, one more stride would not', () => {
    fc.assert(
      fc.property(sizes, ({ inputSize, filterSize, stride, pad }) => {
        const out = convOutputSize(inputSize, filterSize, stride, pad)
        expect(Number.isInteger(out)).toBe(true)
        expect(out).toBeGreaterThanOrEqual(1)
        const padded = inputSize + 2 * pad
        expect((out - 1) * stride + filterSize).toBeLessThanOrEqual(padded)
        expect(out * stride + filterSize).toBeGreaterThan(padded)
      }),
    )
  })
})

describe('7.2.4-conv-output-size: errors', () => {
  it.each([
    [4, 5, 1, 0, 'convOutputSize: filter size 5 is larger than the padded input size 4 (input 4, pad 0)'],
    [2, 5, 1, 1, 'convOutputSize: filter size 5 is larger than the padded input size 4 (input 2, pad 1)'],
    [0, 1, 1, 0, 'convOutputSize: filter size 1 is larger than the padded input size 0 (input 0, pad 0)'],
  ])('input %s, filter %s, stride %s, pad %s', (inputSize, filterSize, stride, pad, text) => {
    expect(() => convOutputSize(inputSize, filterSize, stride, pad)).toThrow(ValueError)
    expect(() => convOutputSize(inputSize, filterSize, stride, pad)).toThrow(text)
  })

  // BUG (minor): stride and pad are not checked, so stride 0 returns Infinity (or NaN for 0/0) and a
  // fractional stride a fractional count of windows' floor. im2col words the same check this way.
  it.each([0, -1, 1.5])('stride %s', (stride) => {
    expect(() => convOutputSize(5, 3, stride)).toThrow(`convOutputSize: stride must be a positive integer, got ${stride}`)
  })
})
