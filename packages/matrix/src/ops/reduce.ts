import type { NDArray } from '../ndarray.js'
export type Axis = number | readonly number[] | null
export interface ReduceOptions { axis?: Axis; keepdims?: boolean; ddof?: number }
const todo = (): never => { throw new Error('not yet') }
export function sum(x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return todo() }
export function mean(x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return todo() }
export function max(x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return todo() }
export function min(x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return todo() }
export function variance(x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return todo() }
export function std(x: NDArray, axis?: Axis | ReduceOptions, keepdims?: boolean): NDArray { return todo() }
export function argmax(x: NDArray, axis?: number | null, keepdims?: boolean): NDArray { return todo() }
export function argmin(x: NDArray, axis?: number | null, keepdims?: boolean): NDArray { return todo() }
