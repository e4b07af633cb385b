import { describe, expect, it } from 'vitest'
import { parseCsv, toCsv } from './_csv.js'

describe('experiments: toCsv / parseCsv', () => {
  it('writes the header, then one line per row, numbers in full, and reads them back', () => {
    const rows = [{ a: 1, b: 'x' }, { a: 0.1 + 0.2, b: 'y' }, { a: -1e-7, b: '' }]
    const text = toCsv(['a', 'b'], rows)
    expect(text).toBe('a,b\n1,x\n0.30000000000000004,y\n-1e-7,\n')
    const [header, ...body] = parseCsv(text)
    expect(header).toEqual(['a', 'b'])
    expect(body.map(([a, b]) => ({ a: Number(a), b }))).toEqual(rows)
  })

  it('quotes cells holding a comma, a quote or a line break (RFC 4180)', () => {
    const rows = [{ s: 'a,b' }, { s: 'say "hi"' }, { s: 'two\nlines' }, { s: 'plain' }]
    const text = toCsv(['s'], rows)
    expect(text).toBe('s\n"a,b"\n"say ""hi"""\n"two\nlines"\nplain\n')
    expect(parseCsv(text).slice(1).map((r) => r[0])).toEqual(rows.map((r) => r.s))
  })

  it('throws naming the row and the column when a row lacks a column', () => {
    expect(() => toCsv(['a', 'b'], [{ a: 1, b: 2 }, { a: 3 }])).toThrow("toCsv: row 1 has no column 'b' (columns: a, b)")
  })
})
