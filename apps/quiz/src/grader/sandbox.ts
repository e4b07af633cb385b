// The sandbox of one grading: a worker thread with a heap limit, a wall-clock limit and a watch on the
// process's memory (typed arrays live outside the V8 heap, so the heap limit alone misses them). A hang,
// an out-of-memory, a crash or process.exit() in the learner's code ends the worker, never the grader;
// the results posted before that are kept.
//
// Starting a worker (Node, tsx, the grader, a chapter's definitions) costs 0.5–1 s, so after a grading
// one spare worker is started for the next one (watch mode re-grades in about 0.1 s). Each worker still
// grades once: nothing of a learner's file outlives its grading.
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import { crashed, graderFailed, outOfMemory, timedOut, unfinished } from './messages.js'
import type { HookData, HookInit } from './resolve-hook.js'
import type { CheckResult } from './result.js'
import type { Text } from './types.js'
import type { WorkerJob, WorkerMessage } from './worker.js'

export interface SandboxLimits {
  timeoutMs: number
  memoryMb: number
  /** Start a spare worker once this grading ends (default true). */
  keepWarm?: boolean
  signal?: AbortSignal
  onCheck?: (result: CheckResult, index: number) => void
}

/** What came back from the worker. `fatal` is set when it ended before reporting everything. */
export interface SandboxOutcome {
  results: (CheckResult | undefined)[]
  load?: { status: 'failed' | 'not-started'; error: Text }
  fatal?: Text
  /** Whatever the learner's code printed (console.log), truncated. */
  output: string
}

// Run from TypeScript sources (the repo) or from compiled dist: the worker and the hook follow suit.
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
// Rss the worker itself needs (a Node isolate, tsx, the kit), on top of the learner's budget.
const WORKER_OVERHEAD_MB = 256
const OUTPUT_LIMIT = 10_000
// A worker that has not taken its job after this long is stuck (the clock of the learner's code starts then).
const START_LIMIT_MS = 60_000

// The worker's entry, as CommonJS evaluated code: register tsx (TypeScript) and the resolve hook,
// then import the worker module, which may itself be TypeScript.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads')
const { register } = require('node:module')
import(workerData.tsx).then((tsx) => {
  tsx.register({ tsconfig: false })
  register(workerData.hook, { data: workerData.hookInit, transferList: [workerData.hookInit.port] })
  return import(workerData.worker)
})
`

interface Started {
  worker: Worker
  /** The main thread's end of the resolve hook's port: the rules of the grading go through it. */
  rules: MessagePort
  memoryMb: number
}

let spare: Started | null = null

function start(memoryMb: number, preload?: number): Started {
  const { port1, port2 } = new MessageChannel()
  port1.unref() // an idle spare must not keep the process alive
  const hookInit: HookInit = { port: port2, sourceConditions: ext === '.ts' }
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: {
      tsx: import.meta.resolve('tsx/esm/api'),
      hook: new URL(`./resolve-hook${ext}`, import.meta.url).href,
      worker: new URL(`./worker${ext}`, import.meta.url).href,
      hookInit,
      preload,
    },
    transferList: [port2],
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    stdout: true,
    stderr: true,
  })
  const started: Started = { worker, rules: port1, memoryMb }
  worker.once('exit', () => {
    if (spare === started) spare = null
  })
  return started
}

/** A started worker for this memory limit: the warm spare when it fits, else a new one. */
function take(memoryMb: number): Started {
  const warm = spare
  spare = null
  if (warm && warm.memoryMb === memoryMb) return warm
  if (warm) void warm.worker.terminate()
  return start(memoryMb)
}

/** Start the spare for the next grading, preloading a chapter; it does not keep the process alive while it waits. */
function warmUp(memoryMb: number, chapter: number): void {
  if (spare) return
  spare = start(memoryMb, chapter)
  spare.worker.unref()
}

/** End the warm spare worker (tests and one-shot commands may call this; exiting does it anyway). */
export async function closeSandbox(): Promise<void> {
  const warm = spare
  spare = null
  if (warm) await warm.worker.terminate()
}

/** Run one grading in a worker and collect what it reports. Resolves always (rejects only on abort). */
export async function runSandbox(job: Omit<WorkerJob, 'token'>, rules: HookData, limits: SandboxLimits): Promise<SandboxOutcome> {
  const token = randomUUID()
  const { worker, rules: rulesPort } = take(limits.memoryMb)
  worker.ref()
  const outcome: SandboxOutcome = { results: [], output: '' }
  // Read the worker's output only now: a reader would keep an idle spare (and the process) alive.
  const collect = (chunk: Buffer) => {
    if (outcome.output.length < OUTPUT_LIMIT) outcome.output += chunk.toString().slice(0, OUTPUT_LIMIT - outcome.output.length)
  }
  worker.stdout.on('data', collect)
  worker.stderr.on('data', collect)
  let finished = false
  let terminated: Promise<number> | undefined

  const ended = new Promise<void>((resolve, reject) => {
    const end = (fatal?: Text, abortedWith?: unknown) => {
      if (finished) return
      finished = true
      if (fatal) outcome.fatal = fatal
      clearTimeout(timer)
      clearTimeout(startTimer)
      clearInterval(watch)
      limits.signal?.removeEventListener('abort', abort)
      terminated = worker.terminate()
      if (abortedWith === undefined) resolve()
      else reject(abortedWith)
    }
    // The time limit counts from the job's start, so a slow worker start is not charged to the learner.
    let timer: NodeJS.Timeout | undefined
    let started = false
    const startTimer = setTimeout(() => end(graderFailed(`the worker did not start within ${START_LIMIT_MS / 1000} s`)), START_LIMIT_MS)
    const startClock = () => {
      started = true
      clearTimeout(startTimer)
      timer = setTimeout(() => end(timedOut(Math.round(limits.timeoutMs / 100) / 10)), limits.timeoutMs)
    }
    const baseline = process.memoryUsage.rss()
    const budget = (limits.memoryMb + WORKER_OVERHEAD_MB) * 2 ** 20
    const watch = setInterval(() => {
      if (process.memoryUsage.rss() - baseline > budget) end(outOfMemory(limits.memoryMb))
    }, 50)
    const abort = () => end(undefined, limits.signal?.reason ?? new Error('aborted'))
    if (limits.signal?.aborted) return abort()
    limits.signal?.addEventListener('abort', abort, { once: true })

    worker.on('message', (raw: WorkerMessage & { token?: string }) => {
      if (raw?.token !== token || finished) return
      if (raw.type === 'started') startClock()
      else if (raw.type === 'check') {
        outcome.results[raw.index] = raw.result
        limits.onCheck?.(raw.result, raw.index)
      } else if (raw.type === 'load') {
        outcome.load = { status: raw.status, error: raw.error }
        end()
      } else end() // done
    })
    worker.on('error', (error: Error & { code?: string }) => {
      const what = `${error.name}: ${error.message.split('\n')[0]}`
      end(!started ? graderFailed(what) : error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory(limits.memoryMb) : crashed(what))
    })
    worker.on('exit', (code) => end(!started ? graderFailed(`the worker exited with code ${code}`) : code === 0 || code === 13 ? unfinished : crashed(`process.exit(${code}) was called`)))
  })

  // The rules reach the resolve hook before the job reaches the worker: nothing of the learner's loads before.
  rulesPort.postMessage(rules)
  await Promise.race([once(rulesPort, 'message'), ended])
  rulesPort.close()
  if (!finished) worker.postMessage({ ...job, token } satisfies WorkerJob)
  try {
    await ended
    await terminated // the last of the output arrives before the exit
  } finally {
    if (limits.keepWarm !== false) warmUp(limits.memoryMb, job.chapter)
  }
  return outcome
}
