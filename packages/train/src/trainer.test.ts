import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { NDArray, Rng, ValueError, concat, full, take, zeros } from '@dlfs/matrix'
import type { Labels } from '@dlfs/losses'
import type { Network } from './networks/network.js'
import type { Params } from './optimizers/optimizer.js'
import { TwoLayerNet } from './networks/two-layer-net.js'
import { MultiLayerNet } from './networks/multi-layer-net.js'
import { SGD } from './optimizers/sgd.js'
import { Trainer, TrainingDivergedError, formatPyFloat, type EpochInfo } from './trainer.js'

// Golden values: scripts/golden/trainer.py runs the book's common/trainer.py bookkeeping in Python.
interface ScheduleCase {
  trainSize: number
  miniBatchSize: number
  epochs: number
  iterPerEpoch: number
  maxIter: number
  bookEvaluatedAt: number[]
  integerIterPerEpoch: boolean
}
const golden = JSON.parse(readFileSync(new URL('../fixtures/trainer.json', import.meta.url), 'utf8')) as {
  schedule: ScheduleCase[]
  pyStr: { x: number | string; str: string }[]
  epochLines: { epoch: number; trainAcc: number; testAcc: number; line: string }[]
}

/** Three 2-D Gaussian blobs (std 0.5, centres ≥ 3 apart): x (3n, 2), t (3n,) indices 0, 1, 2. */
function blobs(n: number, rng: Rng): { x: NDArray; t: NDArray } {
  const centres = [[-2, 0], [2, 0], [0, 3]]
  const x = concat(centres.map(([cx, cy]) => rng.randn(n, 2).mul(0.5).add(new NDArray(Float64Array.of(cx!, cy!), [2]))), 0)
  const t = concat(centres.map((_, k) => full([n], k)), 0)
  return { x, t }
}

/**
 * A network that learns nothing and records what the Trainer asks of it: the batches given to `gradient`
 * and the sizes given to `accuracy`. Its loss is `lossValue` (so a test can make it NaN).
 */
class RecordingNet implements Network {
  readonly params: Params = { W: zeros([2, 2]) }
  readonly batches: NDArray[] = []
  readonly accuracySizes: number[] = []
  constructor(private readonly lossValue = 1) {}
  predict(x: NDArray): NDArray { return zeros([x.shape[0]!, 2]) }
  loss(): number { return this.lossValue }
  accuracy(x: NDArray): number {
    this.accuracySizes.push(x.shape[0]!)
    return 0.5
  }
  gradient(x: NDArray, _t: Labels): Params {
    this.batches.push(x)
    return { W: zeros([2, 2]) }
  }
  numericalGradient(): Params { return this.gradient(zeros([1, 2]), [0]) }
}

/** x: (n, 2) rows [i, i] so a batch shows which rows were picked; t: (n,) = i mod 2. */
function indexedData(n: number): { x: NDArray; t: NDArray } {
  const x = new NDArray(Float64Array.from({ length: 2 * n }, (_, k) => Math.floor(k / 2)), [n, 2])
  const t = new NDArray(Float64Array.from({ length: n }, (_, i) => i % 2), [n])
  return { x, t }
}

function scheduleRun(trainSize: number, miniBatchSize: number, epochs: number): { trainer: Trainer; at: number[]; lossCount: number } {
  const { x, t } = indexedData(trainSize)
  const at: number[] = []
  const trainer = new Trainer(new RecordingNet(), x, t, x.slice([0, 2]), t.slice([0, 2]), {
    epochs, miniBatchSize, verbose: false, onEpoch: (info: EpochInfo) => at.push(info.iteration - 1),
  })
  const result = trainer.train()
  return { trainer, at, lossCount: result.trainLossList.length }
}

describe('6-trainer: learning', () => {
  it('TwoLayerNet with SGD separates three Gaussian blobs (test accuracy > 0.95) in well under 2 s', () => {
    const rng = new Rng(1)
    const train = blobs(100, rng)
    const test = blobs(50, rng)
    const net = new TwoLayerNet({ inputSize: 2, hiddenSize: 16, outputSize: 3, weightInitStd: 0.5, rng: new Rng(2) })
    const trainer = new Trainer(net, train.x, train.t, test.x, test.t, {
      epochs: 5, miniBatchSize: 30, optimizerParam: { lr: 0.2 }, verbose: false, rng: new Rng(3),
    })
    const result = trainer.train()
    expect(result.testAcc).toBeGreaterThan(0.95)
    expect(result.trainAcc).toBeGreaterThan(0.95)
    expect(result.seconds).toBeLessThan(2)
    // The loss falls: the last epoch's mean is far below the first's.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean(result.trainLossList.slice(-10))).toBeLessThan(0.5 * mean(result.trainLossList.slice(0, 10)))
    expect(result.trainLossList).toHaveLength(50)
  })

  it('takes an optimizer by name (any case) or as an instance, which then ignores optimizerParam', () => {
    const { x, t } = blobs(20, new Rng(4))
    const run = (optimizer: string | SGD, optimizerParam?: Record<string, number>) => {
      const net = new TwoLayerNet({ inputSize: 2, hiddenSize: 4, outputSize: 3, rng: new Rng(5) })
      const options = { epochs: 2, miniBatchSize: 10, optimizer, verbose: false, rng: new Rng(6), ...(optimizerParam && { optimizerParam }) }
      return new Trainer(net, x, t, x, t, options).train().trainLossList
    }
    const byName = run('sgd', { lr: 0.3 })
    expect(run('SGD', { lr: 0.3 })).toEqual(byName)
    expect(run(new SGD({ lr: 0.3 }), { lr: 99 })).toEqual(byName)
    expect(run('Adam', { lr: 0.3 })).not.toEqual(byName)
  })
})

describe('6-trainer: schedule (iterPerEpoch, maxIter, epoch boundaries)', () => {
  for (const c of golden.schedule) {
    it(`trainSize ${c.trainSize}, batch ${c.miniBatchSize}, epochs ${c.epochs}: the book's maxIter and list lengths`, () => {
      const { x, t } = indexedData(c.trainSize)
      const built = new Trainer(new RecordingNet(), x, t, x, t, { epochs: c.epochs, miniBatchSize: c.miniBatchSize })
      expect(built.iterPerEpoch).toBe(c.iterPerEpoch)
      expect(built.maxIter).toBe(c.maxIter)
      if (c.maxIter > 200) return // the long runs only check the arithmetic: the short ones below check the loop
      const { trainer, at, lossCount } = scheduleRun(c.trainSize, c.miniBatchSize, c.epochs)
      expect(lossCount).toBe(c.maxIter)
      expect(trainer.trainAccList).toHaveLength(at.length)
      expect(trainer.testAccList).toHaveLength(at.length)
      if (c.integerIterPerEpoch) {
        expect(at).toEqual(c.bookEvaluatedAt) // exactly the book's `current_iter % iter_per_epoch == 0`
      } else {
        // The book's float test misses boundaries here; we evaluate epoch k in the step where k · iterPerEpoch falls.
        expect(at.length).toBeGreaterThan(c.bookEvaluatedAt.length)
        at.forEach((i, k) => {
          expect(i).toBeLessThanOrEqual(k * c.iterPerEpoch)
          expect(i + 1).toBeGreaterThan(k * c.iterPerEpoch)
        })
        expect(at.length).toBe(c.epochs) // whole epochs: one evaluation each
      }
    })
  }

  it('samples each batch WITH replacement as rng.choice(trainSize, batchSize), then take(…, 0)', () => {
    const { x, t } = indexedData(50)
    const net = new RecordingNet()
    new Trainer(net, x, t, x, t, { epochs: 1, miniBatchSize: 10, verbose: false, rng: new Rng(7) }).train()
    const oracle = new Rng(7)
    expect(net.batches).toHaveLength(5)
    for (const batch of net.batches) expect(batch.toArray()).toEqual(take(x, oracle.choice(50, 10), 0).toArray())
    const picked = net.batches.flatMap((b) => Array.from(b.slice(null, 0).copy().data))
    expect(new Set(picked).size).toBeLessThan(picked.length) // repeats: with replacement
  })

  it('evaluates per-epoch accuracies on the first evaluateSampleNumPerEpoch samples, the final test accuracy on all', () => {
    const train = indexedData(40)
    const test = indexedData(30)
    const net = new RecordingNet()
    new Trainer(net, train.x, train.t, test.x, test.t, { epochs: 2, miniBatchSize: 10, verbose: false, evaluateSampleNumPerEpoch: 7 }).train()
    // Two epochs of (train, test) on 7 samples, then the final test (all 30) and train (the 7-sample slice).
    expect(net.accuracySizes).toEqual([7, 7, 7, 7, 30, 7])
  })

  it('calls onIteration once per step with 1-based iterations', () => {
    const { x, t } = indexedData(30)
    const seen: number[] = []
    new Trainer(new RecordingNet(), x, t, x, t, { epochs: 2, miniBatchSize: 10, verbose: false, onIteration: (i) => seen.push(i.iteration) }).train()
    expect(seen).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('trains each step on the batch as augment returns it, given the drawn batch and the trainer rng; accuracies on the data as given', () => {
    const { x, t } = indexedData(30)
    const net = new RecordingNet()
    const rng = new Rng(5)
    const drawn: NDArray[] = []
    const augment = (batch: NDArray, r: Rng) => {
      expect(r).toBe(rng)
      drawn.push(batch)
      return batch.mul(-1)
    }
    new Trainer(net, x, t, x, t, { epochs: 1, miniBatchSize: 10, verbose: false, rng, augment }).train()
    expect(drawn).toHaveLength(3)
    expect(net.batches.map((b) => b.toArray())).toEqual(drawn.map((b) => b.mul(-1).toArray()))
    expect(drawn.every((b) => b.shape[0] === 10 && b.min().item() >= 0)).toBe(true) // rows of x, not negated
  })

  it('with epochs 0 only evaluates: no steps, no epoch lines, final accuracies', () => {
    const { x, t } = indexedData(30)
    const result = new Trainer(new RecordingNet(), x, t, x, t, { epochs: 0, verbose: false }).train()
    expect(result.iterations).toBe(0)
    expect(result.trainLossList).toEqual([])
    expect(result.testAcc).toBe(0.5)
  })
})

describe('6-trainer: determinism', () => {
  const run = (seed: number) => {
    const rng = new Rng(10)
    const train = blobs(30, rng)
    const test = blobs(10, rng)
    const root = new Rng(seed)
    const net = new MultiLayerNet({ inputSize: 2, hiddenSizeList: [8, 8], outputSize: 3, rng: root.spawn() })
    return new Trainer(net, train.x, train.t, test.x, test.t, { epochs: 3, miniBatchSize: 15, optimizer: 'Momentum', verbose: false, rng: root.spawn() }).train()
  }

  it('the same seed gives identical loss and accuracy lists; another seed does not', () => {
    const a = run(0)
    const b = run(0)
    expect(b.trainLossList).toEqual(a.trainLossList)
    expect(b.trainAccList).toEqual(a.trainAccList)
    expect(b.testAccList).toEqual(a.testAccList)
    expect([b.trainAcc, b.testAcc]).toEqual([a.trainAcc, a.testAcc])
    expect(run(1).trainLossList).not.toEqual(a.trainLossList)
  })
})

describe('6-trainer: divergence', () => {
  it('stops with TrainingDivergedError naming the iteration when the loss overflows (huge lr)', () => {
    const { x, t } = blobs(20, new Rng(11))
    const net = new TwoLayerNet({ inputSize: 2, hiddenSize: 4, outputSize: 3, weightInitStd: 1, rng: new Rng(12) })
    const trainer = new Trainer(net, x, t, x, t, { epochs: 5, miniBatchSize: 10, optimizerParam: { lr: 1e200 }, verbose: false })
    let error: unknown
    try {
      trainer.train()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TrainingDivergedError)
    const e = error as TrainingDivergedError
    expect(Number.isFinite(e.loss)).toBe(false)
    expect(e.iteration).toBeGreaterThanOrEqual(1)
    expect(trainer.trainLossList).toHaveLength(e.iteration - 1) // the bad loss is not recorded
    expect(e.message).toBe(`Trainer: training diverged at iteration ${e.iteration} of 30: loss is ${e.loss}; try a smaller learning rate than lr=1e+200`)
  })

  it('says the same for ±Infinity, without an lr when the optimizer is an instance', () => {
    const { x, t } = indexedData(10)
    const trainer = new Trainer(new RecordingNet(Infinity), x, t, x, t, { optimizer: new SGD(), verbose: false })
    expect(() => trainer.trainStep()).toThrow('Trainer: training diverged at iteration 1 of 20: loss is Infinity; try a smaller learning rate')
  })
})

describe('6-trainer: verbose output (the book\'s wording, through the injected logger)', () => {
  it('prints formatPyFloat as Python\'s str(float)', () => {
    for (const { x, str } of golden.pyStr) expect(formatPyFloat(typeof x === 'string' ? Number(x) : x)).toBe(str)
  })

  it('logs a train loss per step, an epoch line per evaluation, then the final test accuracy', () => {
    const { x, t } = blobs(10, new Rng(13))
    const lines: string[] = []
    const net = new TwoLayerNet({ inputSize: 2, hiddenSize: 4, outputSize: 3, rng: new Rng(14) })
    const result = new Trainer(net, x, t, x, t, { epochs: 2, miniBatchSize: 10, log: (l) => lines.push(l) }).train()
    const epoch = (k: number) => `=== epoch:${k}, train acc:${formatPyFloat(result.trainAccList[k - 1]!)}, test acc:${formatPyFloat(result.testAccList[k - 1]!)} ===`
    const loss = (i: number) => `train loss:${formatPyFloat(result.trainLossList[i]!)}`
    expect(lines).toEqual([
      loss(0), epoch(1), loss(1), loss(2), loss(3), epoch(2), loss(4), loss(5), // 30 samples, batch 10: epochs at steps 0 and 3
      '=============== Final Test Accuracy ===============',
      `test acc:${formatPyFloat(result.testAcc)}`,
    ])
  })

  it('matches the book\'s epoch line character for character', () => {
    for (const g of golden.epochLines) {
      const { x, t } = indexedData(10)
      const lines: string[] = []
      const net = Object.assign(new RecordingNet(), { accuracy: (xs: NDArray) => (xs === x ? g.trainAcc : g.testAcc) })
      const trainer = new Trainer(net, x, t, x.copy(), t, { epochs: 1, miniBatchSize: 10, log: (l) => lines.push(l) })
      // As if epochs 1 … epoch−1 had run (one step each: 10 samples, batch 10).
      trainer.currentEpoch = g.epoch - 1
      trainer.currentIter = g.epoch - 1
      trainer.trainStep()
      expect(lines[1]).toBe(g.line)
    }
  })
})

describe('6-trainer: errors', () => {
  const { x, t } = indexedData(10)
  const make = (options: object, xt: NDArray = x, tt: NDArray = t) => () => new Trainer(new RecordingNet(), xt, tt, x, t, options)

  it('rejects bad options and mismatched data with the argument named', () => {
    expect(make({ miniBatchSize: 0 })).toThrow("Trainer: option 'miniBatchSize' must be an integer >= 1, got 0")
    expect(make({ epochs: -1 })).toThrow("Trainer: option 'epochs' must be a finite number >= 0, got -1")
    expect(make({ evaluateSampleNumPerEpoch: 2.5 })).toThrow("option 'evaluateSampleNumPerEpoch' must be an integer >= 1 or null, got 2.5")
    expect(make({}, x, t.slice([0, 9]))).toThrow("Trainer: 'tTrain' (9,) must have one label row per sample of 'xTrain' (10,2)")
    expect(make({}, x.reshape(-1))).toThrow(ValueError)
    expect(make({ optimizer: 'Adagrad2' })).toThrow("unknown optimizer 'Adagrad2'")
  })
})
