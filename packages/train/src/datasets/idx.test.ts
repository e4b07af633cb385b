import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ValueError } from '@dlfs/matrix'
import { encodeIdx, isGzip, parseIdx, readIdxFile, writeIdxFile, type IdxDtype, type IdxInput } from './idx.js'

const dir = mkdtempSync(join(tmpdir(), 'dlfs-idx-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Values each dtype holds exactly, so a round trip must give them back unchanged.
const values: Record<IdxDtype, fc.Arbitrary<number>> = {
  ubyte: fc.integer({ min: 0, max: 255 }),
  byte: fc.integer({ min: -128, max: 127 }),
  short: fc.integer({ min: -32768, max: 32767 }),
  int: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  float: fc.float({ noNaN: true }).map(Math.fround),
  double: fc.double({ noNaN: true }),
}
const idxInput = fc.constantFrom(...(Object.keys(values) as IdxDtype[])).chain((dtype) =>
  fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) => {
    const n = shape.reduce((a, b) => a * b, 1)
    return fc.array(values[dtype], { minLength: n, maxLength: n }).map((data): IdxInput => ({ dtype, shape, data }))
  }))

describe('3.6.1-mnist: the IDX format', () => {
  it('writes the header the format defines: 0x00 0x00, type, ndim, then big-endian uint32 sizes, then big-endian data', () => {
    const bytes = encodeIdx({ dtype: 'short', shape: [2, 1], data: [258, -2] })
    expect(Array.from(bytes)).toEqual([0, 0, 0x0b, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0x01, 0x02, 0xff, 0xfe])
    expect(Array.from(encodeIdx({ dtype: 'ubyte', shape: [3], data: [7, 0, 255] }))).toEqual([0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 255])
  })

  it('parseIdx inverts encodeIdx for every dtype and shape (property)', () => {
    fc.assert(fc.property(idxInput, (input) => {
      const back = parseIdx(encodeIdx(input))
      expect(back.dtype).toBe(input.dtype)
      expect(back.shape).toEqual(input.shape)
      expect(Array.from(back.data)).toEqual(Array.from(input.data))
    }), { numRuns: 200 })
  })

  it('round-trips through files, plain and gzipped (gzip detected from the content, whatever the name)', () => {
    const input: IdxInput = { dtype: 'ubyte', shape: [2, 28, 28], data: Array.from({ length: 2 * 784 }, (_, i) => (i * 7) % 256) }
    const plain = join(dir, 'plain-idx3-ubyte')
    const gz = join(dir, 'images-idx3-ubyte.gz')
    const misnamed = join(dir, 'actually-gzipped-idx3-ubyte')
    writeIdxFile(plain, input)
    writeIdxFile(gz, input)
    writeIdxFile(misnamed, input, { gzip: true })
    expect(isGzip(readFileSync(plain))).toBe(false)
    expect(isGzip(readFileSync(gz))).toBe(true)
    for (const path of [plain, gz, misnamed]) {
      const back = readIdxFile(path)
      expect(back.shape).toEqual([2, 28, 28])
      expect(back.data).toBeInstanceOf(Uint8Array)
      expect(Array.from(back.data)).toEqual(input.data)
    }
  })
})

describe('3.6.1-mnist: IDX errors say what is wrong', () => {
  const good = encodeIdx({ dtype: 'ubyte', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] })
  const cases: [string, () => unknown, string][] = [
    ['fewer than 4 bytes', () => parseIdx(new Uint8Array(3), 'f'),
      'parseIdx: f: 3 bytes are too few for the 4-byte IDX magic number: the file is truncated or empty'],
    ['gzipped bytes', () => parseIdx(gzipSync(good), 'f'), 'parseIdx: f: magic number 0x1F8B0800 is gzip\'s: gunzip the bytes first (readIdxFile does)'],
    ['not starting with two zero bytes', () => parseIdx(Uint8Array.of(1, 0, 8, 1, 0, 0, 0, 0), 'f'),
      'parseIdx: f: magic number 0x01000801 does not start with two zero bytes: not an IDX file'],
    ['an unknown data type', () => parseIdx(Uint8Array.of(0, 0, 7, 1, 0, 0, 0, 0), 'f'),
      'parseIdx: f: magic number 0x00000701 has unknown data type 0x07 (IDX types: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double)'],
    ['a magic number other than expected', () => parseIdx(good, 'train-images-idx3-ubyte', { dtype: 'ubyte', ndim: 3, what: 'images' }),
      'parseIdx: train-images-idx3-ubyte: magic number 0x00000802 (ubyte, 2 dimensions) is not 0x00000803 (ubyte, 3 dimensions) as images need'],
    ['a truncated header', () => parseIdx(good.subarray(0, 10), 'f'),
      'parseIdx: f: truncated: a header of 2 dimensions needs 12 bytes, the file has 10'],
    ['truncated data', () => parseIdx(good.subarray(0, 16), 'f'),
      'parseIdx: f: truncated: shape (2,3) of ubyte needs 6 data bytes after the 12-byte header, the file has 4'],
    ['extra bytes', () => parseIdx(Uint8Array.of(...good, 0, 0), 'f'),
      'parseIdx: f: 2 extra bytes after the data of shape (2,3) (ubyte, 6 bytes): a corrupt file or a wrong header'],
    ['a value out of the dtype\'s range', () => encodeIdx({ dtype: 'ubyte', shape: [2], data: [3, 256] }),
      'encodeIdx: data[1] = 256 is not an integer in [0, 255] (dtype ubyte)'],
    ['data that does not fit the shape', () => encodeIdx({ dtype: 'double', shape: [2, 2], data: [1, 2, 3] }),
      'encodeIdx: data of length 3 cannot have shape (2,2) (size 4)'],
  ]
  for (const [what, fn, message] of cases) {
    it(what, () => {
      expect(fn).toThrow(ValueError)
      expect(fn).toThrow(message)
    })
  }

  it('a truncated .gz file', () => {
    const path = join(dir, 'cut.gz')
    writeFileSync(path, gzipSync(good).subarray(0, 20))
    expect(() => readIdxFile(path)).toThrow(`readIdxFile: ${path}: could not gunzip (`)
  })
})
