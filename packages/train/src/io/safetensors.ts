import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { NDArray, ValueError, formatShape, shapesEqual, sizeOf, withContext } from '@dlfs/matrix'
import type { Params } from '../optimizers/optimizer.js'

/**
 * The safetensors format (huggingface/safetensors, README "Format"), which numpy, PyTorch and JAX read:
 *
 *   8 bytes   N, the header length: unsigned 64-bit little-endian
 *   N bytes   UTF-8 JSON: { "__metadata__": { string: string }, "W1": { "dtype": "F64", "shape": [784, 50],
 *             "data_offsets": [begin, end] }, … }, padded with spaces so that 8 + N is a multiple of 8
 *   the rest  the tensors' bytes, little-endian, C order; offsets count from the end of the header, and the
 *             tensors tile the data exactly (no gap, no overlap, nothing after the last one).
 *
 * We write what the reference library (`safetensors.serialize`) writes: compact JSON, tensors sorted by
 * name (byte order of UTF-8; all ours are F64, so its first sort key, dtype, never decides), laid out in that
 * order, `__metadata__` first. Its metadata is a hash map whose order is arbitrary; ours is sorted by key.
 */
export type SafetensorsMetadata = Record<string, string>

/** What `decodeSafetensors` returns: the tensors as float64 NDArrays, and `__metadata__` ({} when absent). */
export interface DecodedSafetensors {
  params: Params
  metadata: SafetensorsMetadata
}

/** Element size in bytes of the dtypes we read: F64, and F32 widened to float64 (exactly). Others are refused. */
const READABLE: Record<string, number> = { F64: 8, F32: 4 }
/** The reference library refuses headers over 100 MB; so do we, before allocating anything that large. */
const MAX_HEADER_BYTES = 100_000_000

const utf8 = new TextEncoder()
const byUtf8 = (a: string, b: string): number => Buffer.compare(utf8.encode(a), utf8.encode(b))

/**
 * The safetensors bytes of `params` (each (…) float64 array stored as F64) and optional string metadata,
 * written only when it has at least one key. Pure: the inverse of `decodeSafetensors`.
 *
 * @example
 * const bytes = encodeSafetensors({ W1: net.params.W1, b1: net.params.b1 }, { format: 'np' })
 */
export function encodeSafetensors(params: Params, metadata: SafetensorsMetadata = {}): Uint8Array {
  const op = 'encodeSafetensors'
  const names = Object.keys(params).sort(byUtf8)
  const entries: string[] = []
  const metaKeys = Object.keys(metadata).sort(byUtf8)
  for (const key of metaKeys) {
    if (typeof metadata[key] !== 'string') throw new ValueError(op, `metadata '${key}' must be a string, got ${typeof metadata[key]}`)
  }
  // Built by hand, not JSON.stringify(object): a JS object would move integer-like keys ("0", "1") first.
  if (metaKeys.length > 0) {
    entries.push(`"__metadata__":{${metaKeys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`)
  }
  const arrays: NDArray[] = []
  let offset = 0
  for (const name of names) {
    const x = params[name]
    if (name === '__metadata__') throw new ValueError(op, `'__metadata__' is reserved by the format and cannot name a parameter`)
    if (!(x instanceof NDArray)) throw new ValueError(op, `params['${name}'] must be an NDArray, got ${typeof x}`)
    const info = { dtype: 'F64', shape: x.shape, data_offsets: [offset, offset + 8 * x.size] }
    entries.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`)
    arrays.push(x.isContiguous() ? x : x.copy()) // C order, the format's
    offset += 8 * x.size
  }
  const json = utf8.encode(`{${entries.join(',')}}`)
  const headerBytes = json.length + ((8 - (json.length % 8)) % 8) // pad with spaces to 8-byte alignment
  const out = new Uint8Array(8 + headerBytes + offset)
  const view = new DataView(out.buffer)
  view.setBigUint64(0, BigInt(headerBytes), true)
  out.set(json, 8)
  out.fill(0x20, 8 + json.length, 8 + headerBytes)
  let at = 8 + headerBytes
  for (const x of arrays) {
    for (let i = 0; i < x.size; i++, at += 8) view.setFloat64(at, x.data[x.offset + i]!, true)
  }
  return out
}

interface TensorEntry { name: string; dtype: string; shape: number[]; begin: number; end: number }

/**
 * Parse safetensors bytes into float64 NDArrays and the metadata. Checks everything the format fixes and
 * says what is wrong: a file under 8 bytes, a header length beyond the file, a header that is not UTF-8 JSON
 * (object), an unsupported dtype (we read F64, and F32 widened exactly to float64), data offsets that are out
 * of range, overlap, leave gaps or do not match the shape, and bytes after the last tensor.
 * `source` (a file name) prefixes the messages.
 *
 * @example
 * const { params, metadata } = decodeSafetensors(readFileSync('net.safetensors'))
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data'): DecodedSafetensors {
  const fail = (detail: string): never => { throw new ValueError('decodeSafetensors', `${source}: ${detail}`) }
  if (bytes.length < 8) fail(`${bytes.length} bytes are too few for the 8-byte header length: the file is truncated or not safetensors`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const n = view.getBigUint64(0, true)
  if (n > BigInt(bytes.length - 8)) {
    fail(`header length ${n} is beyond the file: only ${bytes.length - 8} bytes follow the 8-byte length (a truncated file, or not safetensors)`)
  }
  const headerBytes = Number(n)
  if (headerBytes > MAX_HEADER_BYTES) fail(`header length ${headerBytes} exceeds the format's limit of ${MAX_HEADER_BYTES} bytes`)
  let header: unknown
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerBytes)))
  } catch (e) {
    fail(`the ${headerBytes}-byte header is not valid UTF-8 JSON (${(e as Error).message})`)
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('the header must be a JSON object of tensors')
  const { __metadata__: rawMeta, ...tensors } = header as Record<string, unknown>
  const metadata = checkMetadata(rawMeta, fail)
  const entries = Object.entries(tensors).map(([name, info]) => checkEntry(name, info, fail))
  const dataStart = 8 + headerBytes
  const dataBytes = bytes.length - dataStart
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end)
  let expected = 0
  let previous = ''
  for (const t of entries) {
    const where = `tensor '${t.name}' has data_offsets [${t.begin}, ${t.end}]`
    if (t.end > dataBytes) fail(`${where}, out of range: the data after the header has only ${dataBytes} bytes (a truncated file?)`)
    if (t.begin < expected) fail(`${where}, which overlaps tensor '${previous}' (ending at ${expected})`)
    if (t.begin > expected) fail(`${where}, which leaves a gap of ${t.begin - expected} bytes after ${previous ? `tensor '${previous}'` : 'the header'}`)
    const need = sizeOf(t.shape) * READABLE[t.dtype]!
    if (t.end - t.begin !== need) fail(`${where} (${t.end - t.begin} bytes), but shape ${formatShape(t.shape)} of ${t.dtype} needs ${need} bytes`)
    expected = t.end
    previous = t.name
  }
  if (expected !== dataBytes) fail(`${dataBytes - expected} trailing bytes after the last tensor (the data should end at byte ${expected} after the header)`)
  const params: Params = {}
  for (const t of entries) params[t.name] = readTensor(view, dataStart, t)
  return { params, metadata }
}

function checkMetadata(meta: unknown, fail: (detail: string) => never): SafetensorsMetadata {
  if (meta === undefined) return {}
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) fail(`'__metadata__' must be an object of strings`)
  for (const [k, v] of Object.entries(meta as object)) if (typeof v !== 'string') fail(`'__metadata__' value '${k}' must be a string, got ${JSON.stringify(v)}`)
  return { ...(meta as SafetensorsMetadata) }
}

function checkEntry(name: string, info: unknown, fail: (detail: string) => never): TensorEntry {
  const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0
  const o = (typeof info === 'object' && info !== null ? info : {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown }
  if (typeof o.dtype !== 'string' || !Array.isArray(o.shape) || !Array.isArray(o.data_offsets)) {
    fail(`tensor '${name}' must be {"dtype", "shape", "data_offsets"}, got ${JSON.stringify(info)}`)
  }
  const { dtype, shape, data_offsets: offsets } = o as { dtype: string; shape: unknown[]; data_offsets: unknown[] }
  if (name === '__proto__') fail(`a tensor named '__proto__' cannot be loaded into a JS object`)
  if (!Object.hasOwn(READABLE, dtype)) fail(`tensor '${name}' has dtype '${dtype}': dlfs reads F64 (and F32, widened to float64)`)
  if (!shape.every(isCount)) fail(`tensor '${name}' has shape ${JSON.stringify(shape)}: dimensions must be non-negative integers`)
  if (offsets.length !== 2 || !offsets.every(isCount) || offsets[0]! > offsets[1]!) {
    fail(`tensor '${name}' has data_offsets ${JSON.stringify(offsets)}: expected [begin, end] with 0 <= begin <= end`)
  }
  return { name, dtype, shape: shape as number[], begin: offsets[0] as number, end: offsets[1] as number }
}

// Little-endian F64 or F32 → a fresh float64 array (DataView: any alignment, any host byte order).
function readTensor(view: DataView, dataStart: number, t: TensorEntry): NDArray {
  const size = sizeOf(t.shape)
  const data = new Float64Array(size)
  const at = dataStart + t.begin
  if (t.dtype === 'F64') for (let i = 0; i < size; i++) data[i] = view.getFloat64(at + 8 * i, true)
  else for (let i = 0; i < size; i++) data[i] = view.getFloat32(at + 4 * i, true)
  return new NDArray(data, t.shape)
}

/**
 * Write `params` (name → float64 array of any shape) to `path` as safetensors, with optional string metadata.
 * Parent folders are created; the bytes go to a temporary file that is then renamed, so an interrupted save
 * never leaves a half-written file under `path`.
 *
 * @example
 * saveParams('runs/two-layer.safetensors', net.params, { net: 'TwoLayerNet', hidden: '50' })
 * // numpy: from safetensors.numpy import load_file; load_file('runs/two-layer.safetensors')['W1']
 */
export function saveParams(path: string, params: Params, metadata?: SafetensorsMetadata): void {
  const bytes = withContext('saveParams', () => encodeSafetensors(params, metadata))
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, bytes)
  renameSync(tmp, path)
}

/** Read a safetensors file into float64 NDArrays by name (F64, or F32 widened); see `decodeSafetensors` for the checks. */
export function loadParams(path: string): Params {
  return readSafetensors('loadParams', path).params
}

/**
 * Load a safetensors file INTO existing parameters (`network.params`), in place, so the layers that share
 * those arrays use the loaded values. Every name and shape is checked before anything is copied: on any
 * missing or extra name or shape mismatch, the error lists them all and `target` is untouched (never a
 * half-loaded net). Returns the file's metadata.
 *
 * @example
 * const net = new TwoLayerNet(784, 50, 10)
 * loadParamsInto(net.params, 'runs/two-layer.safetensors')
 */
export function loadParamsInto(target: Params, path: string): SafetensorsMetadata {
  const { params, metadata } = readSafetensors('loadParamsInto', path)
  const problems: string[] = []
  const missing = Object.keys(target).filter((k) => !Object.hasOwn(params, k))
  const extra = Object.keys(params).filter((k) => !Object.hasOwn(target, k))
  if (missing.length > 0) problems.push(`missing from the file: ${missing.join(', ')}`)
  if (extra.length > 0) problems.push(`not in the network: ${extra.join(', ')}`)
  for (const [k, x] of Object.entries(target)) {
    const y = params[k]
    if (y !== undefined && !shapesEqual(x.shape, y.shape)) problems.push(`${k}: file ${formatShape(y.shape)} but network ${formatShape(x.shape)}`)
  }
  if (problems.length > 0) {
    throw new ValueError('loadParamsInto', `${path} does not fit these parameters (nothing was loaded): ${problems.join('; ')}`)
  }
  for (const [k, x] of Object.entries(target)) x.assign(params[k]!)
  return metadata
}

function readSafetensors(op: string, path: string): DecodedSafetensors {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(path)
  } catch (e) {
    throw new ValueError(op, `cannot read '${path}': ${(e as Error).message}`)
  }
  return withContext(op, () => decodeSafetensors(bytes, path))
}
