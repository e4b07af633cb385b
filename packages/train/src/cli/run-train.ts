import { Rng, type NDArray } from '@dlfs/matrix'
import { randomShift } from '../utils/random-shift.js'
import { BUNDLED_MNIST_SIZE, loadMnist } from '../datasets/load-mnist.js'
import { Trainer, type EpochInfo } from '../trainer.js'
import { UsageError, type TrainArgs } from './args.js'
import { buildNetwork, isConvNet } from './build-network.js'
import { Progress, type OutStream } from './progress.js'
import { lossChart } from './loss-chart.js'
import { loadState, saveState } from './saved-state.js'

/** Where the CLI writes and what it reads from the environment: process's by default, doubles in tests. */
export interface CliIO {
  stdout: OutStream
  stderr: OutStream
  env: Record<string, string | undefined>
}

/** The result `--json` prints: the settings, then the outcome. */
export interface TrainReport {
  net: string
  hidden: number[]
  optimizer: string
  lr: number
  epochs: number
  batchSize: number
  seed: number
  weightDecay: number
  dropout: number
  batchnorm: boolean
  /** Data augmentation: the most pixels a training image was moved by (0 = none). */
  shift: number
  trainSize: number
  testSize: number
  iterations: number
  trainAcc: number
  testAcc: number
  /** Mean loss over the last epoch's steps (at most iterPerEpoch of them); null when no step ran. */
  loss: number | null
  /** Loss of the very last step; null when no step ran. */
  lastLoss: number | null
  trainAccList: number[]
  testAccList: number[]
  seconds: number
  saved: string | null
  loaded: string | null
}

/** The bundled split's sizes when not given (load-mnist's defaults). */
const BUNDLED_TRAIN = 8000
const BUNDLED_TEST = 2000

/** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
export function colorEnabled(stream: OutStream, env: CliIO['env']): boolean {
  return stream.isTTY === true && !env.NO_COLOR
}

/**
 * One training run from validated args: load MNIST, build the net (one seed: child Rngs for the weights,
 * then the batches), optionally load params, train with progress, optionally save. Throws
 * TrainingDivergedError (from the Trainer), UsageError (sizes the data cannot meet) or I/O errors.
 */
export function runTrain(args: TrainArgs, io: CliIO, version: string): TrainReport {
  if (args.dataDir === null) checkBundledSizes(args)
  const { xTrain, tTrain, xTest, tTest } = loadMnist({
    normalize: true,
    flatten: !isConvNet(args.net),
    oneHotLabel: false,
    ...(args.trainSize !== null && { trainSize: args.trainSize }),
    ...(args.testSize !== null && { testSize: args.testSize }),
    ...(args.dataDir !== null && { dataDir: args.dataDir }),
  })

  const root = new Rng(args.seed)
  const network = buildNetwork(args, root.spawn()) // the weights (and dropout masks)
  if (args.load !== null) loadState(network, args.load, args)

  // With --json, stdout holds only the JSON: the human output goes to stderr.
  const human = args.json ? io.stderr : io.stdout
  const tty = human.isTTY === true && !args.quiet
  let bar!: Progress // made once the Trainer knows maxIter; its callbacks run only inside train()
  let lossesSeen = 0
  const trainer = new Trainer(network, xTrain, tTrain, xTest, tTest, {
    epochs: args.epochs,
    miniBatchSize: args.batchSize,
    optimizer: args.optimizer,
    optimizerParam: { lr: args.lr },
    evaluateSampleNumPerEpoch: args.evalSamples,
    verbose: false,
    rng: root.spawn(), // the mini-batches (and their shifts)
    ...(args.shift > 0 && { augment: (x: NDArray, rng: Rng) => randomShift(x, args.shift, rng) }),
    onIteration: ({ iteration, loss }) => bar.update(iteration, loss),
    onEpoch: (info) => {
      const losses = trainer.trainLossList.slice(lossesSeen)
      lossesSeen = trainer.trainLossList.length
      if (!args.quiet) bar.line(epochLine(bar, info, mean(losses), args.epochs))
    },
  })
  bar = new Progress({ stream: human, total: trainer.maxIter, tty, color: colorEnabled(human, io.env) })
  if (!args.quiet) human.write(`${header(args, xTrain.shape[0]!, xTest.shape[0]!, trainer.maxIter)}\n`)

  let result
  try {
    result = trainer.train()
  } finally {
    bar.finish()
  }
  // On a terminal, the smoothed loss curve after the run (not with --quiet; with --json the human stream is stderr: skip).
  if (tty && !args.json) human.write(lossChart(result.trainLossList, { width: human.columns ?? 80, color: colorEnabled(human, io.env) }))
  const lastEpoch = result.trainLossList.slice(-Math.ceil(trainer.iterPerEpoch))
  const report: TrainReport = {
    net: args.net, hidden: args.hidden, optimizer: args.optimizer, lr: args.lr, epochs: args.epochs,
    batchSize: args.batchSize, seed: args.seed, weightDecay: args.weightDecay, dropout: args.dropout,
    batchnorm: args.batchnorm, shift: args.shift, trainSize: xTrain.shape[0]!, testSize: xTest.shape[0]!,
    iterations: result.iterations, trainAcc: result.trainAcc, testAcc: result.testAcc,
    loss: lastEpoch.length > 0 ? mean(lastEpoch) : null, lastLoss: result.trainLossList.at(-1) ?? null,
    trainAccList: result.trainAccList, testAccList: result.testAccList,
    seconds: result.seconds, saved: args.save, loaded: args.load,
  }
  if (args.save !== null) saveState(network, args.save, saveMetadata(report, version))
  return report
}

/** The bundled set has 10,000 digits: say so as a usage error before loading anything. */
function checkBundledSizes(args: TrainArgs): void {
  const train = args.trainSize ?? BUNDLED_TRAIN
  const test = args.testSize ?? BUNDLED_TEST
  if (train + test > BUNDLED_MNIST_SIZE) {
    throw new UsageError(`--train-size ${train} plus --test-size ${test} exceeds the ${BUNDLED_MNIST_SIZE} bundled digits: lower them, or use --data-dir with the full MNIST`)
  }
}

/** What `--save` stores beside the params (safetensors metadata: strings only). */
function saveMetadata(r: TrainReport, version: string): Record<string, string> {
  return {
    format: 'dlfs-train', dlfsVersion: version, net: r.net, hidden: r.hidden.join(','),
    weightDecay: String(r.weightDecay), dropout: String(r.dropout), batchnorm: String(r.batchnorm), shift: String(r.shift),
    optimizer: r.optimizer, lr: String(r.lr), epochs: String(r.epochs), batchSize: String(r.batchSize),
    seed: String(r.seed), iterations: String(r.iterations), trainAcc: String(r.trainAcc), testAcc: String(r.testAcc),
  }
}

function header(a: TrainArgs, trainSize: number, testSize: number, maxIter: number): string {
  const shape = a.net === 'deep-conv' ? '' : ` (hidden ${a.hidden.join(',')})`
  const extras = [a.weightDecay > 0 && `weight decay ${a.weightDecay}`, a.dropout > 0 && `dropout ${a.dropout}`, a.batchnorm && 'batchnorm', a.shift > 0 && `images shifted by up to ${a.shift} px`]
  const extra = extras.filter(Boolean).join(', ')
  return `training ${a.net}${shape}${extra ? `, ${extra}` : ''} with ${a.optimizer} lr ${a.lr}, batch ${a.batchSize}, ` +
    `${a.epochs} epochs = ${maxIter} iterations on ${trainSize} train / ${testSize} test samples, seed ${a.seed}`
}

function epochLine(p: Progress, info: EpochInfo, loss: number, epochs: number): string {
  const acc = (x: number) => p.paint('green', x.toFixed(4))
  return `epoch ${info.epoch}/${Math.ceil(epochs)}  train acc ${acc(info.trainAcc)}  test acc ${acc(info.testAcc)}  ` +
    `loss ${loss.toFixed(4)}  ${p.paint('dim', `(iteration ${info.iteration}/${info.maxIter}, ${p.elapsed().toFixed(1)}s)`)}`
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length
}
