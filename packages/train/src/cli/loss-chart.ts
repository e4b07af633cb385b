import { blue, green, magenta, plot, red, yellow, cyan, type Color } from 'asciichart'
import { smoothCurve } from '../utils/smooth-curve.js'

/** One curve of a terminal chart. */
export interface ChartSeries {
  name: string
  values: readonly number[]
}

/** How a terminal chart is drawn. */
export interface TerminalChartOptions {
  /** Terminal columns available (process.stdout.columns); the plot fits in them. Default (and below 30) 80. */
  width?: number
  /** Rows of the plot area. Default 10. */
  height?: number
  /** ANSI colours per series (and in the legend). Default false. */
  color?: boolean
}

const COLORS: readonly Color[] = [blue, red, green, magenta, yellow, cyan]
const LABEL_WIDTH = 10 // the y labels ("    0.1234") plus asciichart's axis: the plot gets the rest
const MAX_POINTS = 100

/**
 * A line chart for the terminal (asciichart): the title, the curves resampled to the width (a point per
 * column, at most 100: bucket means when a curve is longer, linear interpolation when shorter, so curves of
 * different lengths share the x axis from start to end), and a legend line when there are several curves.
 *
 * @example
 * process.stdout.write(terminalChart('accuracy', [{ name: 'train', values: trainAccList }], { width: 80 }))
 */
export function terminalChart(title: string, series: readonly ChartSeries[], options: TerminalChartOptions = {}): string {
  const { height = 10, color = false } = options
  // A pseudo-terminal may report 0 columns: then (and for anything too narrow to plot) assume 80.
  const width = options.width !== undefined && options.width >= 30 ? options.width : 80
  const drawn = series.filter((s) => s.values.some(Number.isFinite))
  if (drawn.length === 0) return `${title}: nothing to draw\n`
  const points = Math.min(MAX_POINTS, width - LABEL_WIDTH - 2)
  const curves = drawn.map((s) => resample(s.values.filter(Number.isFinite), points))
  const paint = (i: number, text: string) => (color ? `${COLORS[i % COLORS.length]}${text}\x1b[0m` : text)
  const chart = plot(curves, {
    height,
    format: (x) => formatLabel(x).padStart(LABEL_WIDTH - 2),
    ...(color && { colors: curves.map((_, i) => COLORS[i % COLORS.length]) }),
  })
  const legend = drawn.length > 1 ? `\n${' '.repeat(LABEL_WIDTH)}${drawn.map((s, i) => paint(i, `── ${s.name}`)).join('   ')}` : ''
  return `${title}\n${chart}${legend}\n`
}

/**
 * The loss curve of a training run for the terminal: smoothCurve (the book's smoothing for loss plots) of
 * every step's loss, as a terminalChart titled with the run's length.
 */
export function lossChart(losses: readonly number[], options: TerminalChartOptions = {}): string {
  return terminalChart(`loss (smoothed) over ${losses.length} iterations`, [{ name: 'loss', values: smoothCurve(losses) }], options)
}

/** `values` as exactly `n` points: bucket means when longer, linear interpolation when shorter. */
export function resample(values: readonly number[], n: number): number[] {
  const m = values.length
  if (m === 0) return []
  if (m === 1) return new Array<number>(n).fill(values[0]!)
  if (m >= n) {
    return Array.from({ length: n }, (_, i) => {
      const from = Math.floor((i * m) / n)
      const to = Math.max(from + 1, Math.floor(((i + 1) * m) / n))
      let sum = 0
      for (let j = from; j < to; j++) sum += values[j]!
      return sum / (to - from)
    })
  }
  return Array.from({ length: n }, (_, i) => {
    const pos = (i * (m - 1)) / (n - 1)
    const lo = Math.floor(pos)
    const hi = Math.min(m - 1, lo + 1)
    return values[lo]! + (values[hi]! - values[lo]!) * (pos - lo)
  })
}

/** Four significant digits, without exponent for the usual loss and accuracy ranges. */
function formatLabel(x: number): string {
  const abs = Math.abs(x)
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return x.toExponential(2)
  return x.toFixed(abs >= 100 ? 1 : 4)
}
