import type { NDArray } from './ndarray.js'
/** numpy's repr of an array. */
export function formatArray(x: NDArray): string {
  return `array(${JSON.stringify(x.toArray())})`
}
