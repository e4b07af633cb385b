#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { TrainingDivergedError } from '../trainer.js'
import { UsageError, parseCliArgs } from './args.js'
import { usage } from './usage.js'
import { runTrain, type CliIO, type TrainReport } from './run-train.js'
import { experimentMain } from './experiment-command.js'
import { EXIT, writeError, writeFailure } from './exit.js'

/**
 * `dlfs-train [train] [flags]`: argv without node and the script; returns the exit code. Writes only
 * through `io`, so tests run it in-process. Run from source: `tsx --conditions=@dlfs/source packages/train/src/cli/main.ts`.
 *
 * @example
 * process.exitCode = main(['--epochs', '1', '--json'])
 */
export function main(argv: readonly string[], io: CliIO = processIO()): number {
  const words = argv[0] === '--' ? argv.slice(1) : argv // `pnpm train -- …` hands the `--` through: it means nothing
  // `dlfs-train experiment …` has its own flags (experiment-command.ts) and sets the exit code when it settles.
  if (words[0] === 'experiment') return experimentMain(words.slice(1), io)
  let json = false
  try {
    const command = parseCliArgs(words)
    if (command.kind !== 'train') {
      write(io.stdout, command.kind === 'help' ? usage() : `${version()}\n`)
      return EXIT.ok
    }
    const { args } = command
    json = args.json
    const report = runTrain(args, io, version())
    if (!args.quiet || !args.json) write(args.json ? io.stderr : io.stdout, `${summary(report)}\n`)
    if (args.json) write(io.stdout, `${JSON.stringify(report)}\n`)
    return EXIT.ok
  } catch (e) {
    if (e instanceof UsageError) {
      writeError(io, `${e.message}\nrun dlfs-train --help for the list of flags`)
      return EXIT.usage
    }
    const message = writeFailure(io, e)
    if (json) write(io.stdout, `${JSON.stringify(failureReport(e, message))}\n`)
    return EXIT.failed
  }
}

/** The last stdout line of a failed `--json` run, so scripts (hyperparameter searches) can read it too. */
function failureReport(e: unknown, message: string): Record<string, unknown> {
  if (e instanceof TrainingDivergedError) return { error: 'diverged', message, iteration: e.iteration, loss: String(e.loss) }
  return { error: 'failed', message }
}

function summary(r: TrainReport): string {
  const loss = r.loss === null ? '' : `, loss ${r.loss.toFixed(4)}`
  const saved = r.saved === null ? '' : `\nsaved to ${r.saved}`
  return `done: train acc ${r.trainAcc.toFixed(4)}, test acc ${r.testAcc.toFixed(4)}${loss} ` +
    `(${r.iterations} iterations in ${r.seconds.toFixed(1)}s)${saved}`
}

function write(stream: CliIO['stdout'], text: string): void {
  stream.write(text)
}

/** This package's version, from its package.json (two levels up from src/cli and from dist/cli alike). */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env }
}

// Run when executed directly (tsx …/main.ts, node dist/cli/main.js); bin/dlfs-train.js calls main itself.
const entry = process.argv[1]
if (entry !== undefined && realpathOrSelf(entry) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2))

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}
