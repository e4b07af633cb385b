import { readFileSync } from 'node:fs'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { fromData } from './creation.js'
import { NDArray } from './ndarray.js'
import { formatArray } from './format.js'

/** One numpy repr from scripts/golden/format.py; `view` (in elements) is a view of the C-order `data`. */
interface FormatCase {
  name: string
  data: (number | string)[]
  shape: number[]
  view?: { shape: number[]; strides: number[]; offset: number }
  repr: string
}

const cases = JSON.parse(readFileSync(new URL('../fixtures/format.json', import.meta.url), 'utf8')) as FormatCase[]

/** JSON has no nan, inf or -0: the generator writes them as strings. */
function decode(v: number | string): number {
  const special: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 }
  return typeof v === 'number' ? v : special[v]!
}

function build(c: FormatCase): NDArray {
  const base = fromData(Float64Array.from(c.data, decode), c.shape)
  return c.view ? new NDArray(base.data, c.view.shape, c.view.strides, c.view.offset) : base
}

describe('formatArray matches numpy repr', () => {
  it('has the golden cases', () => {
    expect(cases.length).toBeGreaterThan(80)
    expect(cases.filter((c) => c.view).length).toBeGreaterThan(3)
  })

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(build(c).toString()).toBe(c.repr)
  })
})

describe('formatArray entry points', () => {
  const c = cases.find((k) => k.name === 'ints 2-D')!

  it('toString, formatArray and console.log (util.inspect) print the same text', () => {
    const x = build(c)
    expect(formatArray(x)).toBe(c.repr)
    expect(inspect(x)).toBe(c.repr)
    expect(`${x}`).toBe(c.repr)
  })

  it('does not change the array it prints', () => {
    const x = build(cases.find((k) => k.name === 'nan inf mixed')!)
    const before = Array.from(x.data)
    x.toString()
    expect(Array.from(x.data)).toEqual(before)
  })
})
