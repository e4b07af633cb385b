import type { NDArray } from './ndarray.js'
import { floatFormatter } from './format/float-format.js'
import { layoutArray, shownValues } from './format/layout.js'
import { printOptions } from './format/print-options.js'

/**
 * numpy's `repr(x)` of a float64 array under the default print options (numpy 2 style), so a
 * learner can compare `console.log(x)` with the book's Python line for line. x: any shape, views
 * included. Arrays over 1000 elements are summarised with '...' and end with `shape=(...)`.
 *
 * @example
 * formatArray(array([[1, 2], [3, 4]])) // 'array([[1., 2.],\n       [3., 4.]])'
 * formatArray(array([0.1, 1 / 3]))     // 'array([0.1       , 0.33333333])'
 * formatArray(zeros([0, 3]))           // 'array([], shape=(0, 3), dtype=float64)'
 */
export function formatArray(x: NDArray): string {
  const prefix = 'array('
  const summarise = x.size > printOptions.threshold
  let body = '[]'
  if (x.size > 0) {
    const format = floatFormatter(shownValues(x, summarise))
    // lines end before the closing ')'; wrapped lines start under the first '['
    const indent = ' '.repeat(prefix.length + 1)
    body = layoutArray(x, format, printOptions.linewidth - 1, indent, summarise)
  }

  // shape and dtype are added where the brackets alone do not show them
  const extras: string[] = []
  if ((x.size === 0 && x.ndim !== 1) || summarise) extras.push(`shape=${pythonTuple(x.shape)}`)
  if (x.size === 0) extras.push('dtype=float64')
  if (extras.length === 0) return `${prefix}${body})`

  const head = `${prefix}${body},`
  const tail = `${extras.join(', ')})`
  const lastLine = head.length - (head.lastIndexOf('\n') + 1)
  const spacer = lastLine + 1 + tail.length > printOptions.linewidth ? '\n' + ' '.repeat(prefix.length) : ' '
  return head + spacer + tail
}

/** A shape as Python's tuple repr prints it, as numpy's `shape=` does: (2, 3), (5,), (). */
function pythonTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
}
