import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Experiment, ExperimentContext, ExperimentResult } from './experiment.js'
import { renderSvg } from './_render.js'

/** Where `runExperiment` wrote, and what it measured. */
export interface ExperimentOutput {
  result: ExperimentResult
  /** The SVG markup written to `svgPath`. */
  svg: string
  svgPath: string
  csvPath: string
  /** Wall time of the whole run (training, rendering and writing). */
  seconds: number
}

/**
 * Runs `experiment` and writes its figure and numbers as `<outDir>/<name>.svg` and `<outDir>/<name>.csv`
 * (creating outDir). The CSV is written from the rows the figure shows.
 *
 * @example
 * const { svgPath, result } = await runExperiment(ch06OptimizerToy, 'dlfs-output', { seed: 0, mode: 'quick', load: null, log: console.log })
 */
export async function runExperiment(experiment: Experiment, outDir: string, ctx: ExperimentContext): Promise<ExperimentOutput> {
  const start = Date.now()
  const result = experiment.run(ctx)
  const svg = await renderSvg(result.spec)
  mkdirSync(outDir, { recursive: true })
  const svgPath = resolve(join(outDir, `${experiment.name}.svg`))
  const csvPath = resolve(join(outDir, `${experiment.name}.csv`))
  writeFileSync(svgPath, svg)
  writeFileSync(csvPath, result.csv)
  return { result, svg, svgPath, csvPath, seconds: (Date.now() - start) / 1000 }
}
