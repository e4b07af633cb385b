import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { NDArray, Rng, ValueError, arange } from '@dlfs/matrix'
import type { Params } from '../optimizers/optimizer.js'
import { decodeSafetensors, encodeSafetensors, loadParams, loadParamsInto, saveParams } from './safetensors.js'

// Golden files: scripts/golden/safetensors.py writes them from the format's spec with python's struct and
// json only (checked there against the reference library's own test vectors); the tests never run python.
interface Expected {
  metadata: Record<string, string>
  encodable: boolean
  tensors: Record<string, { dtype: string; shape: number[]; values: number[] }>
}
const fixtures = new URL('../../fixtures/safetensors/', import.meta.url)
const expected = JSON.parse(readFileSync(new URL('expected.json', fixtures), 'utf8')) as Record<string, Expected>
const golden = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)))

const dir = mkdtempSync(join(tmpdir(), 'dlfs-safetensors-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Element-wise Object.is, so −0 ≠ +0 and NaN = NaN: a bit-exact comparison of float64 values. */
function expectExact(actual: NDArray, shape: readonly number[], values: readonly number[]): void {
  expect(actual.shape).toEqual(shape)
  const got = Array.from(actual.copy().data)
  expect(got.length).toBe(values.length)
  got.forEach((v, i) => { if (!Object.is(v, values[i])) expect.fail(`element ${i}: ${v} is not ${values[i]}`) })
}

/** A file built by hand from the spec (length, JSON, data), to corrupt one field at a time. */
function build(header: unknown, data: Uint8Array = new Uint8Array(0), headerText = JSON.stringify(header)): Uint8Array {
  const text = new TextEncoder().encode(headerText)
  const out = new Uint8Array(8 + text.length + data.length)
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true)
  out.set(text, 8)
  out.set(data, 8 + text.length)
  return out
}
const f64 = (...v: number[]) => new Uint8Array(Float64Array.from(v).buffer) // little-endian on every Node host we run
const decodeError = (bytes: Uint8Array) => () => decodeSafetensors(bytes, 'x.safetensors')

describe('safetensors: golden files written by python (struct + json)', () => {
  for (const [file, want] of Object.entries(expected)) {
    it(`${file}: decodes every tensor exactly, with its metadata`, () => {
      const { params, metadata } = decodeSafetensors(golden(file), file)
      expect(metadata).toEqual(want.metadata)
      expect(Object.keys(params).sort()).toEqual(Object.keys(want.tensors).sort())
      for (const [name, t] of Object.entries(want.tensors)) expectExact(params[name]!, t.shape, t.values)
    })
    if (want.encodable) {
      it(`${file}: the encoder reproduces python's bytes from the same values`, () => {
        const params: Params = {}
        for (const [name, t] of Object.entries(want.tensors)) params[name] = new NDArray(Float64Array.from(t.values), t.shape)
        expect(Buffer.from(encodeSafetensors(params, want.metadata)).equals(golden(file))).toBe(true)
      })
    }
  }
})

describe('safetensors: encode', () => {
  it('aligns the data to 8 bytes, pads the header with spaces, and sorts names by UTF-8 bytes', () => {
    const bytes = encodeSafetensors({ b: arange(2), a: arange(3), '10': arange(1), '9': arange(1) })
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true))
    expect((8 + n) % 8).toBe(0)
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n))
    expect(text.trimEnd().length).toBeGreaterThan(n - 8)
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['9', '10', 'a', 'b']) // JS moves integer keys first
    expect(text.indexOf('"10"')).toBeLessThan(text.indexOf('"9"')) // …but the file keeps "10" < "9" < "a"
    expect(bytes.length).toBe(8 + n + 8 * 7)
  })

  it('writes a non-contiguous view in C order', () => {
    const x = arange(6).reshape(2, 3)
    const { params } = decodeSafetensors(encodeSafetensors({ xT: x.T }))
    expectExact(params.xT!, [3, 2], Array.from(x.T.copy().data))
  })

  it('round-trips random params, metadata, NaN, ±Infinity and −0 (property)', () => {
    const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((s) => s !== '__metadata__' && s !== '__proto__')
    const shape = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 })
    const tensor = shape.chain((s) => fc.array(fc.double(), { minLength: s.reduce((a, b) => a * b, 1), maxLength: s.reduce((a, b) => a * b, 1) })
      .map((v) => new NDArray(Float64Array.from(v), s)))
    const meta = fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 8 }), { maxKeys: 3 })
    fc.assert(fc.property(fc.dictionary(name, tensor, { maxKeys: 4 }), meta, (params, metadata) => {
      const bytes = encodeSafetensors(params, metadata)
      const back = decodeSafetensors(bytes)
      expect(back.metadata).toEqual(metadata)
      expect(Object.keys(back.params).sort()).toEqual(Object.keys(params).sort())
      for (const [k, x] of Object.entries(params)) expectExact(back.params[k]!, x.shape, Array.from(x.data))
      expect(Buffer.from(encodeSafetensors(back.params, back.metadata)).equals(Buffer.from(bytes))).toBe(true)
    }), { numRuns: 60 })
  })

  it('refuses a parameter named __metadata__, a value that is not an NDArray, and non-string metadata', () => {
    expect(() => encodeSafetensors({ __metadata__: arange(1) })).toThrow(
      "encodeSafetensors: '__metadata__' is reserved by the format and cannot name a parameter")
    expect(() => encodeSafetensors({ W: [1, 2] as unknown as NDArray })).toThrow("encodeSafetensors: params['W'] must be an NDArray, got object")
    expect(() => encodeSafetensors({}, { epochs: 20 as unknown as string })).toThrow("encodeSafetensors: metadata 'epochs' must be a string, got number")
  })
})

describe('safetensors: decode errors name the file and the problem', () => {
  const ok = { W: { dtype: 'F64', shape: [2], data_offsets: [0, 16] } }
  const cases: [string, Uint8Array, string][] = [
    ['a file shorter than 8 bytes', new Uint8Array(5),
      'decodeSafetensors: x.safetensors: 5 bytes are too few for the 8-byte header length: the file is truncated or not safetensors'],
    ['a header length beyond the file', build(ok, f64(1, 2)).subarray(0, 20),
      'decodeSafetensors: x.safetensors: header length 55 is beyond the file: only 12 bytes follow the 8-byte length (a truncated file, or not safetensors)'],
    ['invalid JSON', build(null, new Uint8Array(0), '{"W": {'),
      'decodeSafetensors: x.safetensors: the 7-byte header is not valid UTF-8 JSON ('],
    ['invalid UTF-8', build(null, new Uint8Array(0), '{}').fill(0xff, 8, 9),
      'decodeSafetensors: x.safetensors: the 2-byte header is not valid UTF-8 JSON ('],
    ['a header that is not an object', build([1, 2]), 'decodeSafetensors: x.safetensors: the header must be a JSON object of tensors'],
    ['an unsupported dtype', build({ W: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, f64(1, 2)),
      "decodeSafetensors: x.safetensors: tensor 'W' has dtype 'I64': dlfs reads F64 (and F32, widened to float64)"],
    ['a tensor entry without its fields', build({ W: { dtype: 'F64' } }),
      `decodeSafetensors: x.safetensors: tensor 'W' must be {"dtype", "shape", "data_offsets"}, got {"dtype":"F64"}`],
    ['a negative dimension', build({ W: { dtype: 'F64', shape: [-2], data_offsets: [0, 16] } }, f64(1, 2)),
      "decodeSafetensors: x.safetensors: tensor 'W' has shape [-2]: dimensions must be non-negative integers"],
    ['offsets begin > end', build({ W: { dtype: 'F64', shape: [2], data_offsets: [16, 0] } }, f64(1, 2)),
      "decodeSafetensors: x.safetensors: tensor 'W' has data_offsets [16,0]: expected [begin, end] with 0 <= begin <= end"],
    ['offsets out of range', build({ W: { dtype: 'F64', shape: [3], data_offsets: [0, 24] } }, f64(1, 2)),
      "decodeSafetensors: x.safetensors: tensor 'W' has data_offsets [0, 24], out of range: the data after the header has only 16 bytes (a truncated file?)"],
    ['overlapping tensors', build({ a: { dtype: 'F64', shape: [2], data_offsets: [0, 16] }, b: { dtype: 'F64', shape: [1], data_offsets: [8, 16] } }, f64(1, 2)),
      "decodeSafetensors: x.safetensors: tensor 'b' has data_offsets [8, 16], which overlaps tensor 'a' (ending at 16)"],
    ['a gap between tensors', build({ a: { dtype: 'F64', shape: [1], data_offsets: [0, 8] }, b: { dtype: 'F64', shape: [1], data_offsets: [16, 24] } }, f64(1, 2, 3)),
      "decodeSafetensors: x.safetensors: tensor 'b' has data_offsets [16, 24], which leaves a gap of 8 bytes after tensor 'a'"],
    ['offsets that do not match the shape', build({ W: { dtype: 'F64', shape: [2, 2], data_offsets: [0, 16] } }, f64(1, 2)),
      "decodeSafetensors: x.safetensors: tensor 'W' has data_offsets [0, 16] (16 bytes), but shape (2,2) of F64 needs 32 bytes"],
    ['trailing bytes', build(ok, f64(1, 2, 3)),
      'decodeSafetensors: x.safetensors: 8 trailing bytes after the last tensor (the data should end at byte 16 after the header)'],
    ['metadata that is not strings', build({ __metadata__: { epochs: 20 } }),
      "decodeSafetensors: x.safetensors: '__metadata__' value 'epochs' must be a string, got 20"],
    ['a tensor named __proto__', build(null, f64(1), '{"__proto__":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}'),
      "decodeSafetensors: x.safetensors: a tensor named '__proto__' cannot be loaded into a JS object"],
  ]
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      expect(decodeError(bytes)).toThrow(ValueError)
      expect(decodeError(bytes)).toThrow(message)
    })
  }

  it('reads F32 by widening exactly, and a header that is not padded', () => {
    const { params } = decodeSafetensors(build({ v: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, new Uint8Array(Float32Array.of(0.1, -3).buffer)))
    expectExact(params.v!, [2], [Math.fround(0.1), -3])
  })
})

describe('safetensors: files', () => {
  const rng = new Rng(3)
  const net = (): Params => ({ W1: rng.randn(4, 3), b1: rng.randn(3), W2: rng.randn(3, 2), b2: rng.randn(2) })

  it('saveParams → loadParams returns the same values; no temporary file is left', () => {
    const params = net()
    const path = join(dir, 'nested', 'run', 'net.safetensors')
    saveParams(path, params, { net: 'TwoLayerNet' })
    const back = loadParams(path)
    for (const [k, x] of Object.entries(params)) expectExact(back[k]!, x.shape, Array.from(x.data))
    expect(decodeSafetensors(new Uint8Array(readFileSync(path))).metadata).toEqual({ net: 'TwoLayerNet' })
    expect(readdirSync(join(dir, 'nested', 'run'))).toEqual(['net.safetensors'])
  })

  it('loadParamsInto assigns in place (the same arrays, so layers sharing them see it) and returns the metadata', () => {
    const saved = net()
    const path = join(dir, 'into.safetensors')
    saveParams(path, saved, { epochs: '20' })
    const target = net()
    const arrays = { ...target }
    expect(loadParamsInto(target, path)).toEqual({ epochs: '20' })
    for (const [k, x] of Object.entries(target)) {
      expect(x).toBe(arrays[k]) // same object
      expectExact(x, saved[k]!.shape, Array.from(saved[k]!.data))
    }
  })

  it('loadParamsInto lists missing and extra names and shape mismatches, and changes nothing', () => {
    const path = join(dir, 'mismatch.safetensors')
    saveParams(path, { W1: rng.randn(4, 3), b1: rng.randn(3), W3: rng.randn(2) })
    const target = { W1: rng.randn(4, 5), b1: rng.randn(3), W2: rng.randn(3, 2) }
    const before = Object.fromEntries(Object.entries(target).map(([k, x]) => [k, Array.from(x.data)]))
    expect(() => loadParamsInto(target, path)).toThrow(
      `loadParamsInto: ${path} does not fit these parameters (nothing was loaded): missing from the file: W2; not in the network: W3; W1: file (4,3) but network (4,5)`)
    for (const [k, x] of Object.entries(target)) expect(Array.from(x.data)).toEqual(before[k])
  })

  it('a missing or corrupt file gets an error naming the function and the path', () => {
    const missing = join(dir, 'nope.safetensors')
    expect(() => loadParams(missing)).toThrow(`loadParams: cannot read '${missing}': ENOENT`)
    const corrupt = join(dir, 'corrupt.safetensors')
    writeFileSync(corrupt, encodeSafetensors({ W: arange(4) }).subarray(0, 8 + 56 + 16)) // the 56-byte header, half the data
    expect(() => loadParamsInto({ W: arange(4) }, corrupt)).toThrow(`loadParamsInto: decodeSafetensors: ${corrupt}: tensor 'W' has data_offsets [0, 32], out of range: the data after the header has only 16 bytes`)
    expect(existsSync(missing)).toBe(false)
  })
})
