import type { NDArray } from '@dlfs/matrix'

/** Parameters or gradients by name (`W1`, `b1`, `gamma1`, …), as the book's `params` / `grads` dicts. */
export type Params = Record<string, NDArray>

/**
 * An optimizer of book §6.1 (common/optimizer.py). `update` changes every `params[key]` IN PLACE from
 * `grads[key]`: the arrays are shared with the network's layers, so updating them is what trains the net.
 */
export interface Optimizer {
  update(params: Params, grads: Params): void
}
