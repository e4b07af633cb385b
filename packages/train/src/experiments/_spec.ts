import type { TopLevelSpec } from 'vega-lite'
import type { ExperimentRow } from './experiment.js'

/** The Vega-Lite schema the specs are written for (vega-lite 6). */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'

/** Subtitle lines longer than this many characters are wrapped at a space. */
const SUBTITLE_WIDTH = 95

/** Shared look: readable sizes for a figure printed at 100 %, titles left-aligned, a light grid. */
const CONFIG = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  title: { fontSize: 16, subtitleFontSize: 12, subtitleColor: '#444', anchor: 'start', offset: 14 },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e8e8e8' },
  legend: { labelFontSize: 12, titleFontSize: 12, symbolStrokeWidth: 3, labelLimit: 0 }, // labelLimit 0: never cut a label
  header: { labelFontSize: 12, titleFontSize: 13 },
  view: { stroke: '#bbb' },
  line: { strokeWidth: 2 },
} as const

/**
 * A whole figure: a title, subtitle lines, `rows` as the one data source (`data.values` IS `rows`, the array
 * the CSV is written from) and the body: a mark + encoding, or `layer`, `hconcat`, `vconcat`, `facet`.
 */
export function figure(title: string, subtitle: readonly string[], rows: ExperimentRow[], body: Record<string, unknown>): TopLevelSpec {
  // NOTE: TopLevelSpec is a union (unit, layer, concat, facet) that a spread cannot narrow: the body's shape
  // is checked when the spec compiles (tests render every experiment and fail on any Vega-Lite warning).
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: subtitle.flatMap((line) => wrap(line, SUBTITLE_WIDTH)) },
    data: { values: rows },
    background: 'white',
    padding: 12,
    config: CONFIG,
    ...body,
  } as TopLevelSpec
}

/** `filter` transform keeping the rows whose `field` equals `value`. */
export function where(field: string, value: string | number): { filter: { field: string; equal: string | number } } {
  return { filter: { field, equal: value } }
}

/** A nominal colour channel with a fixed order (and colours, when given) so every panel and legend agree. */
export function colorBy(field: string, domain: readonly string[], range?: readonly string[], title: string | null = null) {
  return {
    field, type: 'nominal', title, sort: [...domain],
    scale: range === undefined ? { domain: [...domain] } : { domain: [...domain], range: [...range] },
  }
}

/** Train in blue, test (or validation) in orange, as matplotlib's first two colours in the book's plots. */
export const TRAIN_TEST_COLORS = ['#1f77b4', '#ff7f0e'] as const

/** An accuracy axis from 0 to 1, as the book's `plt.ylim(0, 1.0)`. */
export function accuracyY(title = 'accuracy') {
  return { field: 'accuracy', type: 'quantitative', title, scale: { domain: [0, 1] } }
}

/** Same numbers, fewer digits for titles: 0.00251 → '0.00251', 1234.5 → '1234.5', 1e-7 → '1.0e-7'. */
export function short(x: number, digits = 3): string {
  if (x === 0) return '0'
  const abs = Math.abs(x)
  return abs >= 1e-4 && abs < 1e6 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 2)
}

/** `text` cut at spaces into lines of at most `width` characters (a longer word stays whole). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line === '' ? word : `${line} ${word}`
    }
  }
  return [...lines, line]
}
