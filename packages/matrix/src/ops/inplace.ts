import type { NDArray, Operand } from '../ndarray.js'
export type InPlaceKind = 'add' | 'sub' | 'mul' | 'div' | 'set'
export function inPlace<T extends NDArray>(op: string, target: T, other: Operand, kind: InPlaceKind): T { throw new Error('not yet') }
