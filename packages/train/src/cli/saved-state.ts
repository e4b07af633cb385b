import { readFileSync } from 'node:fs'
import { zeros, type NDArray } from '@dlfs/matrix'
import { BatchNormalization, type Layer } from '@dlfs/layers'
import type { Network } from '../networks/network.js'
import type { Params } from '../optimizers/optimizer.js'
import { decodeSafetensors, loadParamsInto, saveParams } from '../io/safetensors.js'
import { UsageError } from './args.js'

/**
 * What `--save` writes and `--load` reads: the network's params, plus each BatchNormalization layer's
 * running statistics as `runningMean{idx}` / `runningVar{idx}` (numbered like its `gamma{idx}`). The book's
 * params leave those out, yet inference (trainFlg = false) normalises with them, so a net saved without them
 * would load with zero statistics. Nets without BatchNormalization store exactly their params.
 * The arrays are the layers' own, so loading into them in place updates the layers.
 */
export function savedState(network: Network): Params {
  const state: Params = { ...network.params }
  const layers = (network as { layers?: unknown }).layers
  if (!(layers instanceof Map)) return state
  for (const [name, layer] of layers as Map<string, Layer>) {
    if (!(layer instanceof BatchNormalization)) continue
    const idx = /\d+$/.exec(name)?.[0] ?? name
    // Before the first forward the layer has none yet: give it zeros, as its forward would.
    layer.runningMean ??= zeros([layer.gamma.size])
    layer.runningVar ??= zeros([layer.gamma.size])
    state[`runningMean${idx}`] = layer.runningMean as NDArray
    state[`runningVar${idx}`] = layer.runningVar as NDArray
  }
  return state
}

/** `--save`: the network's saved state (params and running statistics) and `metadata`, as safetensors. */
export function saveState(network: Network, path: string, metadata: Record<string, string>): void {
  saveParams(path, savedState(network), metadata)
}

/**
 * `--load`: the file's tensors into the network, in place, all or nothing. A file saved by dlfs-train with other
 * network flags gets a UsageError naming them (even when the shapes fit: two-layer and two-layer-sigmoid share
 * theirs); other problems keep the loader's error (names, shapes, corruption).
 */
export function loadState(network: Network, path: string, wanted: SavedSettings): void {
  const why = settingsMismatch(readMetadata(path), wanted)
  if (why !== null) throw new UsageError(`--load ${path}: ${why}`)
  loadParamsInto(savedState(network), path)
}

function readMetadata(path: string): Record<string, string> {
  try {
    return decodeSafetensors(readFileSync(path), path).metadata
  } catch {
    return {} // unreadable: the loader's own error says why
  }
}

/** The settings `--save` records that decide the parameter names and shapes. */
export interface SavedSettings {
  net: string
  hidden: readonly number[]
  batchnorm: boolean
}

/**
 * Why a saved file does not fit: its metadata names other `--net/--hidden/--batchnorm` flags than `wanted`
 * (null when it has no dlfs-train metadata or the flags match, so the loader's own error stands).
 */
export function settingsMismatch(metadata: Record<string, string>, wanted: SavedSettings): string | null {
  if (metadata.format !== 'dlfs-train' || metadata.net === undefined) return null
  const saved = { net: metadata.net, hidden: metadata.hidden ?? '', batchnorm: metadata.batchnorm === 'true' }
  const flags = (s: { net: string; hidden: string; batchnorm: boolean }): string =>
    `--net ${s.net}${s.hidden ? ` --hidden ${s.hidden}` : ''}${s.batchnorm ? ' --batchnorm' : ''}`
  const want = { net: wanted.net, hidden: wanted.hidden.join(','), batchnorm: wanted.batchnorm }
  if (flags(saved) === flags(want)) return null
  return `it was saved with ${flags(saved)}, not ${flags(want)}: pass the same flags`
}
