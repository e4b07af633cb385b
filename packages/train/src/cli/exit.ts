import { DlfsError } from '@dlfs/matrix'
import { colorEnabled, type CliIO } from './run-train.js'

/** Exit codes of `dlfs-train` and `dlfs-train experiment`: 0 done, 1 the run failed (diverged, unreadable file, …), 2 bad command line. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** `dlfs-train: error: <text>` on stderr, the label in red when stderr takes colour (`internal error` for a bug). */
export function writeError(io: CliIO, text: string, internal = false): void {
  const label = internal ? 'dlfs-train: internal error:' : 'dlfs-train: error:'
  io.stderr.write(`${colorEnabled(io.stderr, io.env) ? `\x1b[31m${label}\x1b[0m` : label} ${text}\n`)
}

/**
 * Reports a failed run on stderr and returns its message. DlfsError (diverged, bad file, …) and system
 * errors (ENOENT, …) are the user's to fix: their message says how. Anything else is a bug in dlfs: the stack too.
 */
export function writeFailure(io: CliIO, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  const expected = e instanceof DlfsError || (e instanceof Error && typeof (e as { code?: unknown }).code === 'string')
  const detail = expected || !(e instanceof Error) ? '' : `\n${e.stack ?? ''}`
  writeError(io, `${message}${detail}`, !expected)
  return message
}
