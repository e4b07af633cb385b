import { parseArgs } from 'node:util'
import { EXPERIMENTS, findExperiment } from '../experiments/experiments.js'
import type { ExperimentMode } from '../experiments/experiment.js'
import { terminalChart } from './loss-chart.js'
import { colorEnabled, type CliIO } from './run-train.js'
import { EXIT, writeError, writeFailure } from './exit.js'

/** Where figures go when `--out` is not given (relative to the working directory). */
export const DEFAULT_OUT = 'dlfs-output'

/** `dlfs-train experiment …`, validated. */
export type ExperimentCommand =
  | { kind: 'help' }
  | { kind: 'list'; json: boolean }
  | { kind: 'run'; name: string; out: string; seed: number; mode: ExperimentMode; load: string | null; json: boolean; quiet: boolean }

/** A bad `experiment` command line: exit code 2 and a hint to run --help. */
export class ExperimentUsageError extends Error {
  override name = 'ExperimentUsageError'
}

const OPTIONS = {
  list: { type: 'boolean' }, out: { type: 'string' }, seed: { type: 'string' }, quick: { type: 'boolean' },
  full: { type: 'boolean' }, load: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Parses `experiment` arguments (after the word `experiment`). Throws ExperimentUsageError. */
export function parseExperimentArgs(argv: readonly string[]): ExperimentCommand {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true })
  } catch (e) {
    const flag = /'(-[^' ]+)/.exec((e as Error).message)?.[1] ?? ''
    const code = (e as { code?: string }).code
    throw new ExperimentUsageError(code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `unknown flag ${flag}` : `flag ${flag} needs a value`)
  }
  const { values: v, positionals } = parsed
  if (v.help) return { kind: 'help' }
  if (v.list) return { kind: 'list', json: v.json ?? false }
  if (positionals.length !== 1) {
    throw new ExperimentUsageError(positionals.length === 0
      ? 'name an experiment (dlfs-train experiment --list shows them)'
      : `one experiment at a time, got ${positionals.join(' ')}`)
  }
  const name = positionals[0]!
  if (findExperiment(name) === undefined) {
    throw new ExperimentUsageError(`unknown experiment '${name}' (choose one of: ${EXPERIMENTS.map((e) => e.name).join(', ')})`)
  }
  if (v.quick && v.full) throw new ExperimentUsageError('--quick and --full exclude each other')
  if (v.load !== undefined && !findExperiment(name)!.takesLoad) {
    const takers = EXPERIMENTS.filter((e) => e.takesLoad).map((e) => e.name).join(', ')
    throw new ExperimentUsageError(`${name} trains its own networks: drop --load (only ${takers} take it)`)
  }
  const seedText = v.seed ?? '0'
  const seed = /^\d+$/.test(seedText.trim()) ? Number(seedText) : NaN
  if (!Number.isSafeInteger(seed)) throw new ExperimentUsageError(`--seed must be an integer >= 0, got '${seedText}'`)
  for (const [flag, value] of [['--out', v.out], ['--load', v.load]] as const) {
    if (value !== undefined && value.trim() === '') throw new ExperimentUsageError(`${flag} needs a path, got an empty string`)
  }
  return {
    kind: 'run', name, out: v.out ?? DEFAULT_OUT, seed, mode: v.quick ? 'quick' : v.full ? 'full' : 'default',
    load: v.load ?? null, json: v.json ?? false, quiet: v.quiet ?? false,
  }
}

/** The `dlfs-train experiment --help` text. */
export function experimentUsage(): string {
  const width = Math.max(...EXPERIMENTS.map((e) => e.name.length))
  return `dlfs-train experiment: run one of the book's experiments, writing <out>/<name>.svg and .csv

Usage: dlfs-train experiment NAME [--out DIR] [--seed N] [--quick | --full] [--load FILE]
                                  [--json] [--quiet]
       dlfs-train experiment --list [--json]

  --out DIR     where the figure and the numbers go (default ./${DEFAULT_OUT})
  --seed N      one seed for everything random (default 0)
  --quick       a tiny version that runs in seconds (for trying things and for tests)
  --full        the book's full iteration and epoch counts, however long they take (default: sized
                to finish in about two minutes; each summary says what differs from the book)
  --load FILE   ${EXPERIMENTS.filter((e) => e.takesLoad).map((e) => e.name).join(', ')}: show a net saved by dlfs-train --save
  --json        the result as one JSON object on the last line of stdout (the rest goes to stderr)
  --quiet       no progress lines or terminal charts
  --list        list the experiments
  -h, --help    show this text

Experiments
${EXPERIMENTS.map((e) => `  ${e.name.padEnd(width)}  ${e.book}`).join('\n')}
`
}

/**
 * `dlfs-train experiment …` (argv after `experiment`): runs it and returns the exit code. Writes only through
 * `io`, so tests run it in-process.
 */
export async function runExperimentCommand(argv: readonly string[], io: CliIO): Promise<number> {
  let json = false
  try {
    const command = parseExperimentArgs(argv)
    if (command.kind === 'help') {
      io.stdout.write(experimentUsage())
      return EXIT.ok
    }
    if (command.kind === 'list') {
      io.stdout.write(command.json ? `${JSON.stringify(EXPERIMENTS.map(({ name, book, description }) => ({ name, book, description })))}\n` : listText())
      return EXIT.ok
    }
    json = command.json
    const experiment = findExperiment(command.name)!
    const human = command.json ? io.stderr : io.stdout
    const say = (line: string) => human.write(`${line}\n`)
    if (!command.quiet) say(`experiment ${experiment.name} (book: ${experiment.book}), ${command.mode} run, seed ${command.seed}`)
    // Loaded here, not at the top: Vega takes ~0.3 s to import, which `dlfs-train` training runs need not pay.
    const { runExperiment } = await import('../experiments/run-experiment.js')
    const output = await runExperiment(experiment, command.out, {
      seed: command.seed, mode: command.mode, load: command.load, log: command.quiet ? () => {} : (line) => say(`  ${line}`),
    })
    const { result } = output
    for (const line of result.summary) say(line)
    say(`wrote ${output.svgPath} and ${output.csvPath} (${result.rows.length} rows) in ${output.seconds.toFixed(1)}s`)
    if (human.isTTY === true && !command.quiet && !command.json) {
      const options = { width: human.columns ?? 80, color: colorEnabled(human, io.env) }
      for (const chart of result.terminal ?? []) human.write(`\n${terminalChart(chart.title, chart.series, options)}`)
    }
    if (command.json) {
      io.stdout.write(`${JSON.stringify({
        experiment: experiment.name, book: experiment.book, mode: command.mode, seed: command.seed, svg: output.svgPath,
        csv: output.csvPath, rows: result.rows.length, seconds: output.seconds, metrics: result.metrics, summary: result.summary,
      })}\n`)
    }
    return EXIT.ok
  } catch (e) {
    if (e instanceof ExperimentUsageError) {
      writeError(io, `${e.message}\nrun dlfs-train experiment --help for the flags and names`)
      return EXIT.usage
    }
    const message = writeFailure(io, e)
    if (json) io.stdout.write(`${JSON.stringify({ error: 'failed', message })}\n`)
    return EXIT.failed
  }
}

/**
 * main's entry for `experiment`: main (and the bin) return an exit code synchronously, but Vega renders
 * SVG asynchronously. So this starts the run, returns 0 for now, and sets `process.exitCode` when the
 * run settles (Node exits with the last value set). In-process callers should await runExperimentCommand.
 */
export function experimentMain(argv: readonly string[], io: CliIO): number {
  void runExperimentCommand(argv, io).then((code) => {
    process.exitCode = code
  })
  return EXIT.ok
}

function listText(): string {
  const width = Math.max(...EXPERIMENTS.map((e) => e.name.length))
  return `${EXPERIMENTS.map((e) => `${e.name.padEnd(width)}  ${e.description}\n${' '.repeat(width + 2)}(book: ${e.book})`).join('\n')}\n`
}
