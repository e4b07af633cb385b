import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { ValueError, formatShape, sizeOf } from '@dlfs/matrix'

/**
 * The IDX format of the MNIST files (see the MNIST database's page, "FILE FORMATS"):
 *
 *   bytes 0-1   0x00 0x00
 *   byte  2     data type: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double
 *   byte  3     number of dimensions d
 *   then        d big-endian uint32 sizes, then the data, big-endian, C order.
 *
 * So MNIST's images start with magic 0x00000803 (ubyte, 3 dims: N, 28, 28) and labels with 0x00000801 (ubyte, N).
 */
export type IdxDtype = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double'

/** An IDX array: `data` holds sizeOf(shape) values in C order, typed by dtype (ubyte → Uint8Array, …). */
export interface IdxArray {
  dtype: IdxDtype
  shape: number[]
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array
}

/** What `encodeIdx` accepts: any numbers; integer dtypes require integers in range. */
export interface IdxInput {
  dtype: IdxDtype
  shape: readonly number[]
  data: ArrayLike<number>
}

interface DtypeInfo { code: number; size: number; min: number; max: number }
const DTYPES: Record<IdxDtype, DtypeInfo> = {
  ubyte: { code: 0x08, size: 1, min: 0, max: 255 },
  byte: { code: 0x09, size: 1, min: -128, max: 127 },
  short: { code: 0x0b, size: 2, min: -32768, max: 32767 },
  int: { code: 0x0c, size: 4, min: -(2 ** 31), max: 2 ** 31 - 1 },
  float: { code: 0x0d, size: 4, min: -Infinity, max: Infinity },
  double: { code: 0x0e, size: 8, min: -Infinity, max: Infinity },
}
const BY_CODE = new Map(Object.entries(DTYPES).map(([name, info]) => [info.code, name as IdxDtype]))
const TYPE_LIST = '0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double'

const hex = (n: number, digits: number): string => `0x${n.toString(16).toUpperCase().padStart(digits, '0')}`

/** What the caller expects a file to hold: its magic number is checked before anything else. */
export interface IdxExpect {
  dtype: IdxDtype
  ndim: number
  /** What the file should be, for the message: 'images', 'labels'. */
  what: string
}

const describeMagic = (code: number, ndim: number): string =>
  `${hex((code << 8) | ndim, 8)} (${BY_CODE.get(code) ?? 'unknown type'}, ${ndim} dimension${ndim === 1 ? '' : 's'})`

/** True when `bytes` start with the gzip magic 0x1F 0x8B (we gunzip by content, whatever the file is named). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

/**
 * Parse one IDX file's bytes (already gunzipped) into typed data. `name` prefixes every error
 * (a file name), which says what is wrong: magic number, truncation, or extra bytes. With `expect`,
 * a magic number of another type or rank is refused first (a labels file given for images, …).
 *
 * @example
 * const { shape, data } = parseIdx(readFileSync('train-labels-idx1-ubyte')) // shape [60000], data Uint8Array
 */
export function parseIdx(bytes: Uint8Array, name = 'IDX data', expect?: IdxExpect): IdxArray {
  const fail = (detail: string): never => { throw new ValueError('parseIdx', `${name}: ${detail}`) }
  if (bytes.length < 4) fail(`${bytes.length} bytes are too few for the 4-byte IDX magic number: the file is truncated or empty`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const magic = view.getUint32(0)
  if (isGzip(bytes)) fail(`magic number ${hex(magic, 8)} is gzip's: gunzip the bytes first (readIdxFile does)`)
  if (bytes[0] !== 0 || bytes[1] !== 0) fail(`magic number ${hex(magic, 8)} does not start with two zero bytes: not an IDX file`)
  const dtype = BY_CODE.get(bytes[2]!)
  if (dtype === undefined && expect === undefined) fail(`magic number ${hex(magic, 8)} has unknown data type ${hex(bytes[2]!, 2)} (IDX types: ${TYPE_LIST})`)
  const ndim = bytes[3]!
  if (expect !== undefined && (dtype !== expect.dtype || ndim !== expect.ndim)) {
    fail(`magic number ${describeMagic(bytes[2]!, ndim)} is not ${describeMagic(DTYPES[expect.dtype].code, expect.ndim)} as ${expect.what} need`)
  }
  const { size } = DTYPES[dtype!]
  const headerBytes = 4 + 4 * ndim
  if (bytes.length < headerBytes) {
    fail(`truncated: a header of ${ndim} dimensions needs ${headerBytes} bytes, the file has ${bytes.length}`)
  }
  const shape: number[] = []
  for (let i = 0; i < ndim; i++) shape.push(view.getUint32(4 + 4 * i))
  const dataBytes = sizeOf(shape) * size
  const actual = bytes.length - headerBytes
  if (actual < dataBytes) {
    fail(`truncated: shape ${formatShape(shape)} of ${dtype} needs ${dataBytes} data bytes after the ${headerBytes}-byte header, the file has ${actual}`)
  }
  if (actual > dataBytes) {
    fail(`${actual - dataBytes} extra bytes after the data of shape ${formatShape(shape)} (${dtype}, ${dataBytes} bytes): a corrupt file or a wrong header`)
  }
  return { dtype: dtype!, shape, data: readBigEndian(view, headerBytes, sizeOf(shape), dtype!) }
}

// IDX data is big-endian, so every multi-byte type goes through DataView (which also copies it out of `bytes`).
function readBigEndian(view: DataView, start: number, n: number, dtype: IdxDtype): IdxArray['data'] {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + start, n * DTYPES[dtype].size)
  switch (dtype) {
    case 'ubyte': return bytes.slice()
    case 'byte': return new Int8Array(bytes.slice().buffer)
    case 'short': return Int16Array.from({ length: n }, (_, i) => view.getInt16(start + 2 * i))
    case 'int': return Int32Array.from({ length: n }, (_, i) => view.getInt32(start + 4 * i))
    case 'float': return Float32Array.from({ length: n }, (_, i) => view.getFloat32(start + 4 * i))
    case 'double': return Float64Array.from({ length: n }, (_, i) => view.getFloat64(start + 8 * i))
  }
}

/**
 * The IDX bytes of `idx` (the inverse of `parseIdx`): header, then big-endian data. Integer dtypes
 * need integers within their range, so a value is never wrapped silently.
 *
 * @example
 * const bytes = encodeIdx({ dtype: 'ubyte', shape: [2], data: [7, 3] }) // 00 00 08 01 | 00 00 00 02 | 07 03
 */
export function encodeIdx(idx: IdxInput): Uint8Array {
  const info = DTYPES[idx.dtype]
  const fail = (detail: string): never => { throw new ValueError('encodeIdx', detail) }
  if (info === undefined) fail(`unknown dtype '${String(idx.dtype)}' (IDX types: ${TYPE_LIST})`)
  const { shape, data } = idx
  if (shape.length > 255) fail(`IDX allows at most 255 dimensions, got ${shape.length}`)
  for (const d of shape) if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) fail(`shape ${formatShape(shape)}: each dimension must be an integer in [0, 2^32 - 1]`)
  if (data.length !== sizeOf(shape)) fail(`data of length ${data.length} cannot have shape ${formatShape(shape)} (size ${sizeOf(shape)})`)
  const headerBytes = 4 + 4 * shape.length
  const out = new Uint8Array(headerBytes + data.length * info.size)
  const view = new DataView(out.buffer)
  view.setUint32(0, (info.code << 8) | shape.length)
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d))
  const integer = idx.dtype !== 'float' && idx.dtype !== 'double'
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!
    if (integer && !(Number.isInteger(v) && v >= info.min && v <= info.max)) {
      fail(`data[${i}] = ${v} is not an integer in [${info.min}, ${info.max}] (dtype ${idx.dtype})`)
    }
    const at = headerBytes + i * info.size
    switch (idx.dtype) {
      case 'ubyte': view.setUint8(at, v); break
      case 'byte': view.setInt8(at, v); break
      case 'short': view.setInt16(at, v); break
      case 'int': view.setInt32(at, v); break
      case 'float': view.setFloat32(at, v); break
      case 'double': view.setFloat64(at, v); break
    }
  }
  return out
}

/** Read and parse an IDX file, plain or gzipped (detected from the content, not the name); `expect` as parseIdx. */
export function readIdxFile(path: string, expect?: IdxExpect): IdxArray {
  let bytes: Uint8Array = readFileSync(path)
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes)
    } catch (e) {
      throw new ValueError('readIdxFile', `${path}: could not gunzip (${(e as Error).message}): the download is probably truncated`)
    }
  }
  return parseIdx(bytes, basename(path), expect)
}

/**
 * Write `idx` as an IDX file; gzipped when `gzip` is true (default: when the path ends in `.gz`).
 * The file is written whole to a temporary name first, then renamed, so a reader never sees half of it.
 */
export function writeIdxFile(path: string, idx: IdxInput, options: { gzip?: boolean } = {}): void {
  const plain = encodeIdx(idx)
  const bytes = (options.gzip ?? path.endsWith('.gz')) ? gzipSync(plain) : plain
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, bytes)
  renameSync(tmp, path)
}
