/**
 * Writes the bundled MNIST split that `loadMnist()` (and so `dlfs-train`) uses to a directory of .npy
 * files, so the numpy recipes (scripts/numpy-recipes/) train on exactly the same digits. Nothing is committed:
 * by default the files go to a fresh temp directory, whose path is the last line printed.
 *
 *   tsx --conditions=@dlfs/source packages/train/scripts/export-split.ts [--out DIR] [--train-size N] [--test-size N]
 *
 * Files: x_train.npy (N, 784) uint8 pixels 0..255, t_train.npy (N,) uint8 labels, x_test.npy, t_test.npy.
 * Raw bytes rather than floats: numpy's `x / 255.0` then gives bit for bit the float64 values loadMnist returns.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { NDArray } from '@dlfs/matrix'
import { loadMnist } from '../src/datasets/load-mnist.js'

/** A version-1.0 .npy file holding `bytes` as a C-order uint8 array of `shape`. */
function npyUint8(bytes: Uint8Array, shape: readonly number[]): Buffer {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ')
  let header = `{'descr': '|u1', 'fortran_order': False, 'shape': (${dims}), }`
  // Magic (6) + version (2) + header length (2) + header, padded with spaces and ended by \n to a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64
  header = `${header.padEnd(total - 10 - 1)}\n`
  const prefix = Buffer.alloc(10)
  prefix.write('\x93NUMPY', 0, 'latin1')
  prefix.writeUInt8(1, 6)
  prefix.writeUInt8(0, 7)
  prefix.writeUInt16LE(header.length, 8)
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])
}

/** The float64 values of `a` (pixels 0..255 or labels 0..9, all whole numbers) as bytes. */
function toBytes(a: NDArray): Uint8Array {
  const flat = a.flatten().data
  const out = new Uint8Array(flat.length)
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!
    if (!(Number.isInteger(v) && v >= 0 && v <= 255)) throw new Error(`export-split: value ${v} at ${i} is not a byte`)
    out[i] = v
  }
  return out
}

function main(): void {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'train-size': { type: 'string' }, 'test-size': { type: 'string' } },
  })
  const size = (s: string | undefined) => (s === undefined ? undefined : Number(s))
  const trainSize = size(values['train-size'])
  const testSize = size(values['test-size'])
  // normalize: false keeps the bytes; flatten: true gives (N, 784); index labels (N,).
  const data = loadMnist({
    normalize: false, flatten: true, oneHotLabel: false,
    ...(trainSize !== undefined && { trainSize }), ...(testSize !== undefined && { testSize }),
  })
  const dir = values.out ?? mkdtempSync(join(tmpdir(), 'dlfs-split-'))
  mkdirSync(dir, { recursive: true })
  const files = { x_train: data.xTrain, t_train: data.tTrain, x_test: data.xTest, t_test: data.tTest }
  for (const [name, a] of Object.entries(files)) writeFileSync(join(dir, `${name}.npy`), npyUint8(toBytes(a), a.shape))
  console.error(`wrote the bundled split (${data.xTrain.shape[0]} train, ${data.xTest.shape[0]} test) as .npy files to:`)
  console.log(dir)
}

main()
