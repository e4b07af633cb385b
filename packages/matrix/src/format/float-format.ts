import { formatPositional, formatScientific, positionalParts, scientificParts } from './dragon4.js'
import { printOptions } from './print-options.js'

/**
 * numpy's `FloatingFormat` (numpy/_core/arrayprint.py) for floatmode 'maxprec', sign '-',
 * suppress False. One pass over the values that will be shown (the corners only, for a
 * summarised array) picks positional or scientific notation and the column widths; the returned
 * function prints one element at that width: ' 1.5', '-inf', '1.e-05'.
 */
export function floatFormatter(values: readonly number[]): (v: number) => string {
  const finite = values.filter((v) => Number.isFinite(v))
  const magnitudes = finite.filter((v) => v !== 0).map(Math.abs)
  // scientific when some value is ≥ 1e8, some nonzero value < 1e-4, or max/min > 1000
  let scientific = false
  if (magnitudes.length > 0) {
    const max = magnitudes.reduce((a, b) => Math.max(a, b))
    const min = magnitudes.reduce((a, b) => Math.min(a, b))
    scientific = max >= 1e8 || min < 1e-4 || max / min > 1000
  }
  let padLeft = 0 // characters before the point, sign included
  let padRight = 0 // characters after the point (scientific: fraction digits plus 'e+XX')
  let precision: number = printOptions.precision // scientific: the most fraction digits any value needs
  let expDigits = 2 // 3 when some value is like 1e+100
  if (finite.length > 0 && scientific) {
    const parts = finite.map((v) => scientificParts(v, printOptions.precision))
    expDigits = widest(parts.map(([, , exponent]) => exponent)) - 1 // less the sign
    precision = widest(parts.map(([, fraction]) => fraction))
    padLeft = widest(parts.map(([integer]) => integer))
    padRight = expDigits + 2 + precision
  } else if (finite.length > 0) {
    const parts = finite.map((v) => positionalParts(v, printOptions.precision))
    padLeft = widest(parts.map(([integer]) => integer))
    padRight = widest(parts.map(([, fraction]) => fraction))
  }
  if (finite.length < values.length) {
    // widen so that 'nan', 'inf' and '-inf' fit the column (the +1 is the decimal point)
    const negInf = values.some((v) => v === -Infinity) ? 1 : 0
    padLeft = Math.max(padLeft, 3 + negInf - (padRight + 1))
  }

  return (v) => {
    if (!Number.isFinite(v)) {
      const text = Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf'
      return text.padStart(padLeft + padRight + 1)
    }
    if (scientific) return formatScientific(v, precision, padLeft, expDigits)
    return formatPositional(v, precision, padLeft, padRight)
  }
}

/** Length of the longest text (a loop, not Math.max(...), so huge summaries cannot overflow the stack). */
function widest(texts: readonly string[]): number {
  let n = 0
  for (const t of texts) n = Math.max(n, t.length)
  return n
}
