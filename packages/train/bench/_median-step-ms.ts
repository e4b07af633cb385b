let sink = 0 // steps return a number that lands here, so no engine can drop a step as dead code

/** What the bench reads from `sink` at the end (so the sum is observable). */
export function stepSink(): number {
  return sink
}

/**
 * Median milliseconds per call of `step`: warm up (≥ 0.3 s and 3 calls, or 1 call when that takes over
 * 2 s, so the JIT has optimised the path), then samples of ≥ 20 ms each (several calls per sample for
 * fast steps), as many as fit in about 3 s but 3 to 25 of them (tfjs-cpu's conv step takes seconds).
 * The same scheme as numpy's side (scripts/numpy-recipes/step_bench.py); like the matmul bench's.
 */
export function medianStepMs(step: () => number): number {
  let calls = 0
  const warm = performance.now()
  const elapsed = () => performance.now() - warm
  while (calls < 1 || (calls < 3 && elapsed() < 2000) || elapsed() < 300) {
    sink += step()
    calls++
  }
  const estimate = elapsed() / calls // ms per call
  const batch = estimate < 20 ? Math.ceil(20 / estimate) : 1
  const samples = Math.max(3, Math.min(25, Math.floor(3000 / (batch * estimate))))
  const times: number[] = []
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now()
    for (let i = 0; i < batch; i++) sink += step()
    times.push((performance.now() - t0) / batch)
  }
  times.sort((x, y) => x - y)
  return times[Math.floor(samples / 2)]!
}
