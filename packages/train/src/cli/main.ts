#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DlfsError } from '@dlfs/matrix'
import { TrainingDivergedError } from '../trainer.js'
import { UsageError, parseCliArgs } from './args.js'
import { usage } from './usage.js'
import { colorEnabled, runTrain, type CliIO, type TrainReport } from './run-train.js'
import { experimentMain } from './experiment-command.js'

/** Exit codes: 0 done, 1 training failed (diverged, unreadable file, …), 2 bad command line. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/**
 * `dlfs-train [train] [flags]`: argv without node and the script; returns the exit code. Writes only
 * through `io`, so tests run it in-process. Run from source: `tsx --conditions=@dlfs/source packages/train/src/cli/main.ts`.
 *
 * @example
 * process.exitCode = main(['--epochs', '1', '--json'])
 */
export function main(argv: readonly string[], io: CliIO = processIO()): number {
  // `dlfs-train experiment …` has its own flags (experiment-command.ts) and sets the exit code when it settles.
  const words = argv[0] === '--' ? argv.slice(1) : argv // `pnpm train -- experiment …` passes the `--`
  if (words[0] === 'experiment') return experimentMain(words.slice(1), io)
  const red = (text: string) => (colorEnabled(io.stderr, io.env) ? `\x1b[31m${text}\x1b[0m` : text)
  let json = false
  try {
    const command = parseCliArgs(argv)
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
      write(io.stderr, `${red('dlfs-train: error:')} ${e.message}\nrun dlfs-train --help for the list of flags\n`)
      return EXIT.usage
    }
    const message = e instanceof Error ? e.message : String(e)
    // DlfsError (diverged, bad file, …) and system errors (ENOENT, …) are the user's to fix: their message
    // says how. Anything else is a bug in dlfs: show the stack too.
    const expected = e instanceof DlfsError || (e instanceof Error && typeof (e as { code?: unknown }).code === 'string')
    const detail = expected || !(e instanceof Error) ? '' : `\n${e.stack ?? ''}`
    write(io.stderr, `${red(expected ? 'dlfs-train: error:' : 'dlfs-train: internal error:')} ${message}${detail}\n`)
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
