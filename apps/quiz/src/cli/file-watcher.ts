import { watch, watchFile, unwatchFile, type FSWatcher, type Stats } from 'node:fs'
import { basename, dirname, extname } from 'node:path'

/** How often `--poll` (and the automatic fallback) looks at the file. */
export const POLL_INTERVAL_MS = 300
/** Editors write a file in several steps: wait for them to settle before grading. */
export const DEBOUNCE_MS = 60

export interface FileWatch {
  /** 'events' (fs.watch) or 'poll' (fs.watchFile). */
  readonly mode: 'events' | 'poll'
  close(): void
}

/**
 * Call `onChange` (debounced) whenever the exercise file changes. File events watch the file's folder,
 * not the file, so the rename-over saves of many editors are seen; any .ts file in the folder counts
 * (a learner may split out a helper). Where file events fail (no inotify watches left, some network and
 * container mounts) it falls back to polling and calls `onFallback` with the reason; `poll` forces polling.
 */
export function watchExercise(file: string, onChange: () => void, opts: { poll?: boolean; onFallback?: (reason: string) => void } = {}): FileWatch {
  let timer: NodeJS.Timeout | null = null
  let closed = false
  const fire = () => {
    if (closed) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      if (!closed) onChange()
    }, DEBOUNCE_MS)
  }
  let inner: { close(): void } | null = null
  let mode: 'events' | 'poll' = 'poll'
  const startPolling = () => {
    mode = 'poll'
    const listener = (cur: Stats, prev: Stats) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size) fire()
    }
    watchFile(file, { interval: POLL_INTERVAL_MS, persistent: true }, listener)
    inner = { close: () => unwatchFile(file, listener) }
  }
  if (opts.poll) startPolling()
  else {
    try {
      const name = basename(file)
      const w: FSWatcher = watch(dirname(file), { persistent: true }, (_event, changed) => {
        const f = changed?.toString()
        if (!f || f === name || extname(f) === '.ts') fire()
      })
      w.on('error', (e) => {
        w.close()
        if (closed) return
        startPolling()
        opts.onFallback?.(e.message)
      })
      mode = 'events'
      inner = { close: () => w.close() }
    } catch (e) {
      startPolling()
      opts.onFallback?.(e instanceof Error ? e.message : String(e))
    }
  }
  return {
    get mode() {
      return mode
    },
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      inner?.close()
    },
  }
}
