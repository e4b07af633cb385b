import type { NDArray } from '../ndarray.js'
import { printOptions } from './print-options.js'

/** The indices shown along an axis of length n: all, or the edges around a `null` for '...'. */
function shownIndices(n: number, summarise: boolean): (number | null)[] {
  const edge = printOptions.edgeitems
  const all = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k)
  return summarise && n > 2 * edge ? [...all(0, edge), null, ...all(n - edge, n)] : all(0, n)
}

/** The elements that will be printed, read through strides: numpy's `_leading_trailing` corners. x: any shape. */
export function shownValues(x: NDArray, summarise: boolean): number[] {
  const out: number[] = []
  const walk = (axis: number, pos: number): void => {
    if (axis === x.ndim) {
      out.push(x.data[pos]!)
      return
    }
    for (const i of shownIndices(x.shape[axis]!, summarise)) {
      if (i !== null) walk(axis + 1, pos + i * x.strides[axis]!)
    }
  }
  walk(0, x.offset)
  return out
}

/** Append `word` to `line`, first moving to a new line when it would pass `width` (numpy's `_extendLine`). */
function extendLine(text: string, line: string, word: string, width: number, indent: string): [string, string] {
  // a wrap that would leave a line holding only the indent does not help, so numpy skips it
  if (line.length + word.length > width && line.length > indent.length) {
    return [text + line.trimEnd() + '\n', indent + word]
  }
  return [text, line + word]
}

/**
 * Nested brackets with elements wrapped at `lineWidth` (numpy's `_formatArray`): rows of the
 * last axis wrap under their first element; blocks of higher axes are separated by blank lines,
 * one fewer than the axes left. x: any shape, size ≥ 1. `indent` is the text that '[' follows.
 */
export function layoutArray(
  x: NDArray,
  format: (v: number) => string,
  lineWidth: number,
  indent: string,
  summarise: boolean,
): string {
  const recurse = (axis: number, pos: number, hanging: string, width: number): string => {
    if (axis === x.ndim) return format(x.data[pos]!)
    const items = shownIndices(x.shape[axis]!, summarise)
    // an item sits one column right of its '[' and must leave room for the ']'
    const child = (i: number | null) =>
      i === null ? '...' : recurse(axis + 1, pos + i * x.strides[axis]!, hanging + ' ', width - 1)
    let text = ''
    if (axis === x.ndim - 1) {
      let line = hanging
      items.forEach((i, k) => {
        ;[text, line] = extendLine(text, line, child(i), width - 1, hanging) // - 1 for ',' or ']'
        if (k < items.length - 1) line += ', '
      })
      text += line
    } else {
      const rowSep = ',' + '\n'.repeat(x.ndim - axis - 1)
      items.forEach((i, k) => {
        text += hanging + child(i) + (k < items.length - 1 ? rowSep : '')
      })
    }
    return '[' + text.slice(hanging.length) + ']'
  }
  return recurse(0, x.offset, indent, lineWidth)
}
