import { DlfsError, Rng, ValueError, formatShape, take, type NDArray } from '@dlfs/matrix'
import type { Network } from './networks/network.js'
import type { Optimizer } from './optimizers/optimizer.js'
import { createOptimizer } from './optimizers/create-optimizer.js'

/** Options of the Trainer, the book's keyword arguments in camelCase, plus a seed and hooks. */
export interface TrainerOptions {
  /** Passes over the training set (may be fractional, as in the book). Default 20. */
  epochs?: number
  /** Samples per step. Default 100. */
  miniBatchSize?: number
  /** An optimizer name (`'SGD'`, `'Momentum'`, `'Nesterov'`, `'AdaGrad'`, `'RMSprop'`, `'Adam'`, any case) or an instance. Default `'SGD'`. */
  optimizer?: string | Optimizer
  /** Hyperparameters of a named optimizer. Default `{ lr: 0.01 }`. Ignored when `optimizer` is an instance. */
  optimizerParam?: Record<string, number>
  /** Evaluate per-epoch accuracies on only the first n train/test samples (faster); null = all. Default null. */
  evaluateSampleNumPerEpoch?: number | null
  /** Print the book's lines (`train loss:…` per step, `=== epoch:… ===` per epoch) through `log`. Default true. */
  verbose?: boolean
  /** Draws the mini-batches (and is passed to `augment`). Default `new Rng(0)`. */
  rng?: Rng
  /**
   * Data augmentation (book §8.1.3): a new version of each training mini-batch before its step, such as
   * `(x, rng) => randomShift(x, 2, rng)`. The step's gradient and its recorded loss use the augmented
   * batch; the per-epoch and final accuracies use the data as given. Default none.
   */
  augment?: (xBatch: NDArray, rng: Rng) => NDArray
  /** Where verbose lines go. Default `console.log`. */
  log?: (line: string) => void
  /** Called after every step. */
  onIteration?: (info: IterationInfo) => void
  /** Called after every per-epoch evaluation. */
  onEpoch?: (info: EpochInfo) => void
}

/** What `onIteration` receives after a step. */
export interface IterationInfo {
  /** Steps done so far, 1-based (the step that just ran). */
  iteration: number
  maxIter: number
  /** Loss on this step's mini-batch, after the update (as the book records it). */
  loss: number
  /** Epoch evaluations done so far. */
  epoch: number
}

/** What `onEpoch` receives after an evaluation. */
export interface EpochInfo {
  /** 1-based epoch number, as the book prints it. */
  epoch: number
  /** Steps done when the evaluation ran (1 for the first epoch: the book evaluates after the first step). */
  iteration: number
  maxIter: number
  trainAcc: number
  testAcc: number
}

/** What `train()` returns: the book's three lists, the final accuracies and the wall time. */
export interface TrainResult {
  /** One loss per step: length maxIter. */
  trainLossList: number[]
  /** One accuracy per epoch evaluation. */
  trainAccList: number[]
  testAccList: number[]
  /** Final train accuracy, on the per-epoch evaluation sample (all of xTrain unless evaluateSampleNumPerEpoch). */
  trainAcc: number
  /** Final test accuracy, on ALL of xTest (as the book's "Final Test Accuracy"). */
  testAcc: number
  /** Steps run (maxIter). */
  iterations: number
  /** Wall time of `train()`, evaluations included. */
  seconds: number
}

/** The loss became NaN or ±Infinity: the learning rate is very likely too large. */
export class TrainingDivergedError extends DlfsError {
  constructor(
    /** 1-based step at which the loss stopped being finite. */
    readonly iteration: number,
    readonly loss: number,
    maxIter: number,
    lr: number | undefined,
  ) {
    const lrText = lr === undefined ? 'a smaller learning rate' : `a smaller learning rate than lr=${lr}`
    super('Trainer', `training diverged at iteration ${iteration} of ${maxIter}: loss is ${loss}; try ${lrText}`)
  }
}

/**
 * The step (0-based) at which epoch k (0-based) is evaluated: floor(k · iterPerEpoch) with
 * iterPerEpoch = max(trainSize / batchSize, 1), computed on integers.
 */
export function epochBoundary(k: number, trainSize: number, batchSize: number): number {
  return trainSize >= batchSize ? Math.floor((k * trainSize) / batchSize) : k
}

/**
 * The book's training loop (common/trainer.py): mini-batch SGD-style training with per-epoch accuracy.
 * xTrain: (N, D) or (N, C, H, W); tTrain: (N,) indices or (N, classes) one-hot; likewise the test set.
 *
 * NOTE: the book evaluates when `current_iter % iter_per_epoch == 0`, a float comparison that never holds
 * again when iterPerEpoch is fractional (8000 / 128 = 62.5: only epoch 1 would be evaluated). We evaluate
 * epoch k (k = 0, 1, …) at step floor(k · trainSize / miniBatchSize), computed on integers. When
 * iterPerEpoch is an integer this is exactly the book's `%` test, and an integer number of epochs always
 * gives that many evaluations. As in the book, epoch 1 is evaluated after the FIRST step, so the lists hold
 * accuracies from the start of each epoch; the final accuracies are measured after the last step.
 *
 * @example
 * const trainer = new Trainer(net, xTrain, tTrain, xTest, tTest, { epochs: 20, optimizer: 'Adam', optimizerParam: { lr: 0.001 } })
 * const { testAcc, trainLossList } = trainer.train()
 */
export class Trainer {
  readonly epochs: number
  readonly batchSize: number
  readonly optimizer: Optimizer
  readonly trainSize: number
  /** max(trainSize / batchSize, 1), a float as in the book. */
  readonly iterPerEpoch: number
  /** floor(epochs · iterPerEpoch). */
  readonly maxIter: number
  currentIter = 0
  currentEpoch = 0
  readonly trainLossList: number[] = []
  readonly trainAccList: number[] = []
  readonly testAccList: number[] = []

  private readonly evaluateSampleNumPerEpoch: number | null
  private readonly verbose: boolean
  private readonly rng: Rng
  private readonly log: (line: string) => void
  private readonly lr: number | undefined
  private readonly options: TrainerOptions

  constructor(
    readonly network: Network,
    readonly xTrain: NDArray,
    readonly tTrain: NDArray,
    readonly xTest: NDArray,
    readonly tTest: NDArray,
    options: TrainerOptions = {},
  ) {
    this.options = options
    this.epochs = options.epochs ?? 20
    this.batchSize = options.miniBatchSize ?? 100
    this.evaluateSampleNumPerEpoch = options.evaluateSampleNumPerEpoch ?? null
    this.verbose = options.verbose ?? true
    this.rng = options.rng ?? new Rng(0)
    this.log = options.log ?? ((line) => console.log(line))
    checkOptions(this.epochs, this.batchSize, this.evaluateSampleNumPerEpoch)
    checkData(xTrain, tTrain, 'xTrain', 'tTrain')
    checkData(xTest, tTest, 'xTest', 'tTest')

    const optimizer = options.optimizer ?? 'SGD'
    const optimizerParam = options.optimizerParam ?? { lr: 0.01 }
    this.optimizer = typeof optimizer === 'string' ? createOptimizer(optimizer, optimizerParam) : optimizer
    this.lr = typeof optimizer === 'string' ? optimizerParam.lr : undefined

    this.trainSize = xTrain.shape[0]!
    this.iterPerEpoch = Math.max(this.trainSize / this.batchSize, 1)
    this.maxIter = Math.floor(this.epochs * this.iterPerEpoch) // the book's int(epochs * iter_per_epoch)
  }

  /** One step: sample a batch WITH replacement, gradient, update, record the loss; evaluate at an epoch boundary. Returns the loss. */
  trainStep(): number {
    const batchMask = this.rng.choice(this.trainSize, this.batchSize) // np.random.choice(train_size, batch_size)
    const drawn = take(this.xTrain, batchMask, 0)
    const xBatch = this.options.augment ? this.options.augment(drawn, this.rng) : drawn
    const tBatch = take(this.tTrain, batchMask, 0)

    const grads = this.network.gradient(xBatch, tBatch)
    this.optimizer.update(this.network.params, grads)

    // As the book: the loss of this batch AFTER the update, in inference mode (a second forward pass).
    const loss = this.network.loss(xBatch, tBatch)
    const iteration = this.currentIter + 1
    if (!Number.isFinite(loss)) throw new TrainingDivergedError(iteration, loss, this.maxIter, this.lr)
    this.trainLossList.push(loss)
    if (this.verbose) this.log(`train loss:${formatPyFloat(loss)}`)
    this.options.onIteration?.({ iteration, maxIter: this.maxIter, loss, epoch: this.currentEpoch })

    if (this.currentIter >= epochBoundary(this.currentEpoch, this.trainSize, this.batchSize)) this.evaluateEpoch()
    this.currentIter++
    return loss
  }

  /** Runs maxIter steps, then measures the final accuracies. Throws TrainingDivergedError on a NaN/±Infinity loss. */
  train(): TrainResult {
    const start = Date.now()
    for (let i = 0; i < this.maxIter; i++) this.trainStep()

    const testAcc = this.network.accuracy(this.xTest, this.tTest)
    const trainAcc = this.network.accuracy(...this.trainSample())
    if (this.verbose) {
      this.log('=============== Final Test Accuracy ===============')
      this.log(`test acc:${formatPyFloat(testAcc)}`)
    }
    return {
      trainLossList: this.trainLossList,
      trainAccList: this.trainAccList,
      testAccList: this.testAccList,
      trainAcc,
      testAcc,
      iterations: this.currentIter,
      seconds: (Date.now() - start) / 1000,
    }
  }

  private evaluateEpoch(): void {
    this.currentEpoch++
    const trainAcc = this.network.accuracy(...this.trainSample())
    const testAcc = this.network.accuracy(...this.testSample())
    this.trainAccList.push(trainAcc)
    this.testAccList.push(testAcc)
    if (this.verbose) {
      this.log(`=== epoch:${this.currentEpoch}, train acc:${formatPyFloat(trainAcc)}, test acc:${formatPyFloat(testAcc)} ===`)
    }
    const info = { epoch: this.currentEpoch, iteration: this.currentIter + 1, maxIter: this.maxIter, trainAcc, testAcc }
    this.options.onEpoch?.(info)
  }

  // x[:t], t[:t] of the book, or the whole set.
  private trainSample(): [NDArray, NDArray] {
    return firstRows(this.xTrain, this.tTrain, this.evaluateSampleNumPerEpoch)
  }
  private testSample(): [NDArray, NDArray] {
    return firstRows(this.xTest, this.tTest, this.evaluateSampleNumPerEpoch)
  }
}

function firstRows(x: NDArray, t: NDArray, n: number | null): [NDArray, NDArray] {
  if (n === null || n >= x.shape[0]!) return [x, t]
  return [x.slice([0, n]), t.slice([0, n])]
}

function checkOptions(epochs: number, batchSize: number, sampleNum: number | null): void {
  if (!(Number.isFinite(epochs) && epochs >= 0)) {
    throw new ValueError('Trainer', `option 'epochs' must be a finite number >= 0, got ${epochs}`)
  }
  if (!(Number.isSafeInteger(batchSize) && batchSize >= 1)) {
    throw new ValueError('Trainer', `option 'miniBatchSize' must be an integer >= 1, got ${batchSize}`)
  }
  if (sampleNum !== null && !(Number.isSafeInteger(sampleNum) && sampleNum >= 1)) {
    throw new ValueError('Trainer', `option 'evaluateSampleNumPerEpoch' must be an integer >= 1 or null, got ${sampleNum}`)
  }
}

function checkData(x: NDArray, t: NDArray, xName: string, tName: string): void {
  if (x.ndim < 2) {
    throw new ValueError('Trainer', `argument '${xName}' must have a batch axis, (N, D) or (N, C, H, W), got ${formatShape(x.shape)}`)
  }
  if (t.ndim < 1 || t.shape[0] !== x.shape[0]) {
    throw new ValueError('Trainer', `'${tName}' ${formatShape(t.shape)} must have one label row per sample of '${xName}' ${formatShape(x.shape)}`)
  }
  if (xName === 'xTrain' && x.shape[0] === 0) throw new ValueError('Trainer', `argument 'xTrain' is empty, ${formatShape(x.shape)}`)
}

/**
 * Python's `str(float)`, so verbose lines read as the book's: `1.0` not `1`, `nan`, `inf`, and scientific
 * notation below 1e-4 or from 1e16 (`1.5e-05`), where JavaScript would switch at other thresholds.
 */
export function formatPyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0'
  const [mantissa, exp] = x.toExponential().split('e') as [string, string] // shortest round-trip digits
  const e = Number(exp)
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  const fixed = String(x) // fixed notation here: JavaScript switches to exponents only below 1e-6 or from 1e21
  return fixed.includes('.') ? fixed : `${fixed}.0`
}
