import { existsSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ValueError, formatShape } from '@dlfs/matrix'
import { readIdxFile } from './idx.js'
import { COLS, ROWS, type MnistRaw } from './_mnist-raw.js'

/** The four files of the full MNIST, as distributed; each may also be gzipped (`<name>.gz`). */
export const MNIST_IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const

type FileKey = keyof typeof MNIST_IDX_FILES

/**
 * Read the full MNIST (60,000 train / 10,000 test) from `dataDir`. Every problem gets its own message:
 * missing files (all of them listed, with the names looked for), wrong magic numbers, truncation,
 * images that are not 28 × 28, labels outside 0..9, and image/label counts that differ.
 */
export function loadIdxDir(dataDir: string): { train: MnistRaw; test: MnistRaw } {
  const fail = (detail: string): never => { throw new ValueError('loadMnist', detail) }
  if (!existsSync(dataDir)) fail(`dataDir '${dataDir}' does not exist`)
  if (!statSync(dataDir).isDirectory()) fail(`dataDir '${dataDir}' is not a directory`)
  const paths = {} as Record<FileKey, string>
  const missing: string[] = []
  for (const [key, name] of Object.entries(MNIST_IDX_FILES) as [FileKey, string][]) {
    const found = [name, `${name}.gz`].map((n) => join(dataDir, n)).find((p) => existsSync(p))
    if (found === undefined) missing.push(`${name} or ${name}.gz`)
    else paths[key] = found
  }
  if (missing.length > 0) {
    fail(`dataDir '${dataDir}' lacks ${missing.length} of the 4 MNIST IDX files; looked for: ${missing.join('; ')}`)
  }
  return {
    train: readPair(paths.trainImages, paths.trainLabels),
    test: readPair(paths.testImages, paths.testLabels),
  }
}

// One images file (N, 28, 28) and its labels file (N,), checked against each other.
function readPair(imagesPath: string, labelsPath: string): MnistRaw {
  const images = readIdxFile(imagesPath, { dtype: 'ubyte', ndim: 3, what: 'images' })
  const labels = readIdxFile(labelsPath, { dtype: 'ubyte', ndim: 1, what: 'labels' })
  const [count, rows, cols] = images.shape as [number, number, number]
  if (rows !== ROWS || cols !== COLS) {
    throw new ValueError('loadMnist', `${basename(imagesPath)}: images have shape ${formatShape(images.shape)}, MNIST's are (N,${ROWS},${COLS})`)
  }
  if (labels.shape[0] !== count) {
    throw new ValueError('loadMnist', `${basename(imagesPath)} has ${count} images but ${basename(labelsPath)} has ${labels.shape[0]} labels`)
  }
  const bad = labels.data.findIndex((t) => t > 9)
  if (bad >= 0) throw new ValueError('loadMnist', `${basename(labelsPath)}: label ${labels.data[bad]} at index ${bad} is not a digit 0..9`)
  // dtype 'ubyte' was checked with the magic number, so both are Uint8Array.
  return { images: images.data as Uint8Array, labels: labels.data as Uint8Array, count }
}
