import type { ExperimentRow } from './experiment.js'

/** One small image of a grid: `pixels` (h·w, row-major) with a caption drawn above it. */
export interface GridImage {
  caption: string
  pixels: ArrayLike<number>
  h: number
  w: number
}

/**
 * One row per pixel: `{ ...extra(image), caption, row, col, value, shade }` where `shade` ∈ [0, 1] is what is
 * drawn (0 white, 1 black: matplotlib's gray_r, as the book's imshow calls). `scale`: 'each' stretches each
 * image's own min…max to 0…1 (imshow's default, for filters); 'unit' keeps values already in [0, 1] (pixels).
 * Pixels whose shade is 0 (white, the background) are left out when `skipWhite`: the figure looks the same.
 */
export function imageRows(
  images: readonly GridImage[],
  options: { scale: 'each' | 'unit'; skipWhite: boolean; extra?: (image: GridImage, index: number) => ExperimentRow },
): ExperimentRow[] {
  const rows: ExperimentRow[] = []
  images.forEach((image, index) => {
    let lo = 0
    let hi = 1
    if (options.scale === 'each') {
      lo = Math.min(...Array.from(image.pixels))
      hi = Math.max(...Array.from(image.pixels))
    }
    const extra = options.extra?.(image, index) ?? {}
    for (let row = 0; row < image.h; row++) {
      for (let col = 0; col < image.w; col++) {
        const value = image.pixels[row * image.w + col]!
        const shade = hi > lo ? (value - lo) / (hi - lo) : 0
        if (options.skipWhite && shade === 0) continue
        rows.push({ ...extra, caption: image.caption, row, col, value, shade })
      }
    }
  })
  return rows
}

/**
 * A faceted grid of the images in `captions` order, `columns` per line, each pixel a `cell`-pixel square.
 * `filter`: a Vega-Lite predicate choosing the rows of this grid (for two grids from one table).
 */
export function imageGridSpec(options: { captions: readonly string[]; h: number; w: number; cell: number; columns: number; showCaptions: boolean; title?: string; filter?: unknown }) {
  const { captions, h, w, cell, columns, showCaptions } = options
  const range = (n: number) => Array.from({ length: n }, (_, i) => i)
  return {
    ...(options.title !== undefined && { title: options.title }),
    ...(options.filter !== undefined && { transform: [{ filter: options.filter }] }),
    facet: {
      field: 'caption', type: 'nominal', title: null, sort: [...captions],
      // NOTE: { labels: false } still draws the labels of a wrapped facet (vega-lite 6.5): blank them instead
      header: showCaptions ? { labelFontSize: 12, labelPadding: 3 } : { labelExpr: "''", labelPadding: 0 },
    },
    columns,
    spacing: showCaptions ? 8 : 4,
    spec: {
      width: w * cell,
      height: h * cell,
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'col', type: 'ordinal', axis: null, scale: { domain: range(w), paddingInner: 0, paddingOuter: 0 } },
        y: { field: 'row', type: 'ordinal', axis: null, scale: { domain: range(h), paddingInner: 0, paddingOuter: 0 } },
        color: { field: 'shade', type: 'quantitative', legend: null, scale: { domain: [0, 1], range: ['white', 'black'] } },
      },
    },
  }
}
