/**
 * Where the time goes in a V8 CPU profile (`node --cpu-prof`): the functions with the most self time, and
 * the same summed per source file. Used on the dlfs SimpleConvNet step (docs/results.md, "Profile"):
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --conditions=@dlfs/source --import tsx \
 *     packages/train/bench/train-step.bench.ts --peer dlfs --cases simple-conv-net   (or conv-layer: the Convolution layer alone)
 *   tsx packages/train/bench/cpuprofile-top.ts /tmp/prof/*.cpuprofile [--top 25]
 *
 * Given several files (tsx's loader thread writes its own profile), it reads the busiest (least idle) one.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}

/** The parts of the .cpuprofile JSON this reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[]
  samples: number[]
  timeDeltas: number[]
}

interface Row {
  name: string
  ms: number
}

/** Self time per key (µs deltas summed onto the sampled node), sorted, as ms. */
function selfTime(profile: CpuProfile, key: (stack: CallFrame[]) => string): Row[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  // The sampled frame first, then its callers up to the root.
  const stackOf = (id: number): CallFrame[] => {
    const stack: CallFrame[] = []
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!.callFrame)
    return stack
  }
  const totals = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const k = key(stackOf(id))
    totals.set(k, (totals.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  return [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms)
}

/** `name  file` of a frame (tsx compiles each file, so V8's line numbers are not the source's). */
function frameName(f: CallFrame | undefined): string {
  return f === undefined ? '(root)' : `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}`
}

/** A short location: the path from `packages/` or the package name in node_modules. */
function shortUrl(url: string): string {
  const at = url.lastIndexOf('/packages/')
  if (at >= 0) return url.slice(at + 1)
  return url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '') || '(native)'
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, callers: { type: 'string', default: '8' } },
  })
  if (positionals.length === 0) throw new Error('cpuprofile-top: give the .cpuprofile file(s) that node --cpu-prof wrote')
  const profiles = positionals.map((file) => ({ file, profile: JSON.parse(readFileSync(file, 'utf8')) as CpuProfile }))
  const busy = (p: CpuProfile) => selfTime(p, (s) => s[0]!.functionName).filter((r) => r.name !== '(idle)').reduce((a, r) => a + r.ms, 0)
  const { file, profile } = profiles.sort((a, b) => busy(b.profile) - busy(a.profile))[0]!
  const top = Number(values.top)
  const total = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000
  const show = (title: string, rows: Row[]) => {
    console.log(`\n${title}`)
    for (const r of rows.slice(0, top)) console.log(`${r.ms.toFixed(0).padStart(8)} ms ${((100 * r.ms) / total).toFixed(1).padStart(5)}%  ${r.name}`)
  }
  console.log(`${file}: ${total.toFixed(0)} ms sampled, ${busy(profile).toFixed(0)} ms not idle`)
  const byFunction = selfTime(profile, (s) => frameName(s[0]))
  show('self time by function', byFunction)
  show('self time by file', selfTime(profile, (s) => shortUrl(s[0]!.url)))
  // Who calls the hottest functions: self time split by the direct caller and the nearest frame outside
  // packages/matrix (the layer or network that asked for the op).
  // (native and wasm frames, such as the wasm matmul, count as inside: they are attributed to their caller)
  const outsideMatrix = (s: CallFrame[], from = 1) => {
    const owner = s.slice(from).find((f) => f.url.includes('/packages/') && !f.url.includes('/packages/matrix/'))
    return owner === undefined ? frameName(s[from]) : frameName(owner)
  }
  show('self time by the nearest frame outside packages/matrix (the layer, loss or optimizer that ran the op)',
    selfTime(profile, (s) => outsideMatrix(s, 0)))
  for (const hot of byFunction.filter((r) => !r.name.startsWith('(')).slice(0, Number(values.callers))) {
    const callers = selfTime(profile, (s) => (frameName(s[0]) === hot.name ? `${frameName(s[1])}  ⇐  ${outsideMatrix(s)}` : ''))
    show(`callers of ${hot.name}`, callers.filter((r) => r.name !== '').slice(0, 6))
  }
}

main()
