import type { TopLevelSpec } from 'vega-lite'
import { toCsv } from './_csv.js'

/** One CSV cell: numbers are written in full (shortest round-trip digits), strings quoted when they need it. */
export type ExperimentCell = number | string
/** One row of an experiment's table: the CSV row and the figure's data point are this same object. */
export type ExperimentRow = Record<string, ExperimentCell>

/**
 * How big a run is. `default`: the book's settings sized to finish in about two minutes on a 2-core machine
 * with the bundled 8,000/2,000 split (each summary says what differs from the book). `quick`: a few seconds,
 * for tests. `full`: the book's iteration and epoch counts, however long they take.
 */
export type ExperimentMode = 'quick' | 'default' | 'full'

/** What an experiment gets: one seed for everything random, the run size, an optional saved network, a log. */
export interface ExperimentContext {
  seed: number
  mode: ExperimentMode
  /** A safetensors file saved by `dlfs-train --save` (experiments that show a trained network); null = train one. */
  load: string | null
  /** Progress lines (to stderr with --json, else stdout). */
  log: (line: string) => void
}

/** Curves to draw in the terminal after a run (the figure's key series, as a small line chart). */
export interface TerminalChart {
  title: string
  series: { name: string; values: number[] }[]
}

/**
 * What an experiment produces. `rows` is the figure's data: `spec.data.values` is this very array, and
 * `csv` is written from it, so the CSV holds exactly the numbers the figure shows.
 */
export interface ExperimentResult {
  /** CSV header, in order; every row has these keys. */
  columns: readonly string[]
  rows: ExperimentRow[]
  /** `columns` + `rows` as RFC 4180 CSV, header first, `\n` line ends. */
  csv: string
  /** A Vega-Lite spec whose top-level data is `{ values: rows }`. */
  spec: TopLevelSpec
  /** Human lines: the settings (and how they differ from the book's), then the key numbers beside the book's. */
  summary: string[]
  /** The key numbers by name, for `--json` (final accuracies, losses, …). */
  metrics: Record<string, number>
  terminal?: TerminalChart[]
}

/** One of the book's experiments (a script of the book's repository), runnable by name. */
export interface Experiment {
  /** The CLI name, also the output file name: `<out>/<name>.svg` and `.csv`. */
  name: string
  /** The book's script(s) it reproduces, e.g. `ch06/optimizer_compare_mnist.py`. */
  book: string
  /** One line for `--list`. */
  description: string
  /** True when it can show a saved network (`--load FILE`) instead of training one. Default false. */
  takesLoad?: boolean
  run(ctx: ExperimentContext): ExperimentResult
}

/** The summary line after the settings: `note`, how the run differs from the book's; a `quick` run never compares. */
export function differsFromBook(mode: ExperimentMode, note: string): string {
  return mode === 'quick' ? 'quick run: a tiny version, not comparable with the book' : note
}

/** Identity helper: types an experiment module's default export (as citty's `defineCommand`). */
export function defineExperiment(experiment: Experiment): Experiment {
  return experiment
}

/** An ExperimentResult with its CSV written from `rows` (the array the spec shows). */
export function makeResult(parts: Omit<ExperimentResult, 'csv'>): ExperimentResult {
  return { ...parts, csv: toCsv(parts.columns, parts.rows) }
}
