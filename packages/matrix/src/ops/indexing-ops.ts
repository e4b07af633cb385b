import type { NDArray } from '../ndarray.js'
export type SliceSpec = number | string | null | readonly [number | null, (number | null)?, (number | null)?]
const todo = (): never => { throw new Error('not yet') }
export function slice(x: NDArray, specs: readonly SliceSpec[]): NDArray { return todo() }
export function take(x: NDArray, indices: NDArray | readonly number[], axis?: number): NDArray { return todo() }
