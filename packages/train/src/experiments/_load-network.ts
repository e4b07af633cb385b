import { readFileSync } from 'node:fs'
import { ValueError, type Rng } from '@dlfs/matrix'
import { decodeSafetensors } from '../io/safetensors.js'
import type { Network } from '../networks/network.js'
import { NETS, type NetName } from '../cli/args.js'
import { buildNetwork, type NetworkSpec } from '../cli/build-network.js'
import { loadState } from '../cli/saved-state.js'

/** A network opened from a `dlfs-train --save` file, with the settings its metadata records. */
export interface SavedNetwork {
  network: Network
  spec: NetworkSpec
  metadata: Record<string, string>
}

/**
 * The network a `dlfs-train --save` file holds: its metadata names the `--net` and the flags that shape it,
 * so the same network is built (weights drawn from `rng`, then overwritten) and the file's tensors loaded
 * into it, all or nothing. Throws ValueError for a file without dlfs-train metadata (other safetensors
 * files do not say which network they belong to), and the loader's errors for a corrupt or mismatched file.
 */
export function loadSavedNetwork(path: string, rng: Rng): SavedNetwork {
  const op = 'experiment --load'
  const metadata = decodeSafetensors(readFileSync(path), path).metadata
  const net = metadata.net
  if (metadata.format !== 'dlfs-train' || net === undefined || !(NETS as readonly string[]).includes(net)) {
    throw new ValueError(op, `${path} has no dlfs-train network settings in its metadata: use a file written by dlfs-train --save`)
  }
  const spec: NetworkSpec = {
    net: net as NetName,
    hidden: metadata.hidden ? metadata.hidden.split(',').map(Number) : [],
    weightDecay: Number(metadata.weightDecay ?? 0),
    dropout: Number(metadata.dropout ?? 0),
    batchnorm: metadata.batchnorm === 'true',
  }
  const network = buildNetwork(spec, rng)
  loadState(network, path, spec)
  return { network, spec, metadata }
}
