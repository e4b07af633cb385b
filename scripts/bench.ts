// `pnpm bench`: every benchmark of the repository, one after the other, each in its own process.
//
//   pnpm bench              the matmul bench's table, then the training-step bench's table
//   pnpm bench --json       the same, then ONE JSON object on the last line: issue 7's ratios at top level
//                           (matmulVsNumpy, matmulVsTfjsWasm, twoLayerStepVsNumpy, twoLayerStepVsTfjsWasm,
//                           convStepVsNumpy, convStepVsTfjsWasm, … : every `…Vs…` field the benches print,
//                           each dlfs time ÷ peer time, < 1 when dlfs is faster), then { matmul: …, trainStep: … },
//                           each the JSON line that bench prints itself with --json (unchanged)
//   pnpm bench --only trainStep
//
// The matmul bench runs through its package script (`pnpm --filter @dlfs/matrix bench`); the training
// bench from source with tsx (packages/train/bench/train-step.bench.ts). Each child's stdout is passed
// through line by line, except, with --json, its last line (its JSON), which goes into the merged object.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** One benchmark: the key of its JSON in the merged object, and how to run it from the repository root. */
export interface Bench {
  key: string
  command: string
  args: string[]
}

const ROOT = fileURLToPath(new URL('..', import.meta.url))

export const BENCHES: Bench[] = [
  { key: 'matmul', command: 'pnpm', args: ['--filter', '@dlfs/matrix', 'bench'] },
  {
    key: 'trainStep',
    command: process.execPath, // node, with tsx's loader from this process's flags
    args: [...process.execArgv, '--conditions=@dlfs/source', 'packages/train/bench/train-step.bench.ts'],
  },
]

/** Options from argv: `--json`, `--only a,b`. A literal `--` (pnpm 12 forwards it) is ignored. */
export function parseBenchArgs(argv: readonly string[], keys: readonly string[]): { json: boolean; only: string[] } {
  const args = argv.filter((a) => a !== '--')
  let only = [...keys]
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--json') continue
    if (a === '--only' || a.startsWith('--only=')) {
      const value = a === '--only' ? args[++i] : a.slice('--only='.length)
      only = (value ?? '').split(',')
      const unknown = only.filter((k) => !keys.includes(k))
      if (unknown.length > 0) throw new Error(`bench: --only takes ${keys.join(', ')}; got '${value ?? ''}'`)
      continue
    }
    throw new Error(`bench: unknown argument '${a}' (flags: --json, --only ${keys.join(',')})`)
  }
  return { json: args.includes('--json'), only }
}

/**
 * Splits a stream into lines and holds the latest one back: `push` returns the lines that can be
 * printed now, `end` the last line (or null when the stream had none).
 */
export class LastLineHolder {
  private pending = ''
  private held: string | null = null

  push(chunk: string): string[] {
    const lines = (this.pending + chunk).split('\n')
    this.pending = lines.pop()!
    const out: string[] = []
    for (const line of lines) {
      if (this.held !== null) out.push(this.held)
      this.held = line
    }
    return out
  }

  /** The final line; a trailing partial line counts, a trailing newline does not make an empty one. */
  end(): { before: string[]; last: string | null } {
    if (this.pending === '') return { before: [], last: this.held }
    const before = this.held === null ? [] : [this.held]
    return { before, last: this.pending }
  }
}

/** A top-level field of a bench's JSON that is a time ratio dlfs ÷ peer: `matmulVsNumpy`, `convStepVsTfjsWasm`, … */
const RATIO_KEY = /^[a-z][A-Za-z]*Vs[A-Z][A-Za-z]*$/

/**
 * The ratio fields (`…Vs…`, a number or null) at the top level of each bench's JSON, gathered into one flat
 * object, so that `pnpm bench --json` carries issue 7's keys where a reader looks first. Benches whose JSON
 * is missing (null) add nothing; nested objects are left where they are.
 */
export function flatRatios(results: Record<string, unknown>): Record<string, number | null> {
  const flat: Record<string, number | null> = {}
  for (const json of Object.values(results)) {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) continue
    for (const [key, value] of Object.entries(json)) {
      if (RATIO_KEY.test(key) && (value === null || typeof value === 'number')) flat[key] = value
    }
  }
  return flat
}

/** Runs one bench, echoing its stdout but the last line; resolves to its exit code and that line. */
function runBench(bench: Bench, json: boolean): Promise<{ code: number; last: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(bench.command, [...bench.args, ...(json ? ['--json'] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    const holder = new LastLineHolder()
    const print = (lines: string[]) => { for (const line of lines) process.stdout.write(`${line}\n`) }
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => print(holder.push(chunk)))
    child.on('error', (e) => {
      console.error(`bench: could not start ${bench.command}: ${e.message}`)
      resolve({ code: 127, last: null })
    })
    child.on('close', (code) => {
      const { before, last } = holder.end()
      print(before)
      resolve({ code: code ?? 1, last })
    })
  })
}

async function main(): Promise<void> {
  const { json, only } = parseBenchArgs(process.argv.slice(2), BENCHES.map((b) => b.key))
  const merged: Record<string, unknown> = {}
  let failed = false
  for (const bench of BENCHES.filter((b) => only.includes(b.key))) {
    const { code, last } = await runBench(bench, json)
    if (code !== 0) failed = true
    if (!json) {
      if (last !== null) console.log(last)
    } else {
      try {
        merged[bench.key] = JSON.parse(last ?? '')
      } catch {
        if (last !== null) console.log(last) // not JSON: the bench failed before printing it
        merged[bench.key] = null
        failed = true
      }
    }
    console.log('')
  }
  if (json) console.log(JSON.stringify({ ...flatRatios(merged), ...merged }))
  if (failed) process.exitCode = 1
}

// Run only as a script, so the test can import the helpers.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main()
