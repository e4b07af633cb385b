/**
 * numpy's side of the scratch kernel harnesses (_wasm-kernel.ts, _wasm-conv.ts): median CPU seconds per
 * call of each Python expression, on one BLAS thread, after `setup` has defined what they use. Timing as
 * theirs on the JS side: warm up (≥ 3 calls and ≥ 0.2 s), batch calls to ≥ `batchSeconds`, median of `rounds`.
 */
import { spawnSync } from 'node:child_process'

const TIMER = `
import json, sys, time, statistics
import numpy as np
exprs, rounds, batch_seconds = json.loads(sys.argv[1])
exec(sys.argv[2])
out = []
for expr in exprs:
    f = eval('lambda: ' + expr)
    t0, calls = time.perf_counter(), 0
    while calls < 3 or time.perf_counter() - t0 < 0.2:
        f(); calls += 1
    batch = max(1, int(batch_seconds / ((time.perf_counter() - t0) / calls)) + 1)
    per = []
    for _ in range(rounds):
        c0 = time.process_time()
        for _ in range(batch): f()
        per.append((time.process_time() - c0) / batch)
    out.append(statistics.median(per))
print(json.dumps(out))
`

/** Median CPU seconds per call of each expression in `exprs`, evaluated after `setup` (Python source). */
export function numpyCpuSeconds(setup: string, exprs: readonly string[], rounds = 9, batchSeconds = 0.01): number[] {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }
  const run = spawnSync('python3', ['-c', TIMER, JSON.stringify([exprs, rounds, batchSeconds]), setup], { env, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
  return JSON.parse(run.stdout) as number[]
}
