import { PassThrough } from 'node:stream'
import type { CliIO, InStream } from './io.js'

/** A CliIO whose output is collected, for running `main` in-process (the CLI's tests, scripts). */
export interface CapturedIO {
  io: CliIO
  stdout(): string
  stderr(): string
  /** Type keys (watch mode, a confirmation). */
  type(text: string): void
}

/**
 * In-process streams. `tty` makes stdout, stderr and stdin claim to be a terminal (colours, raw-mode
 * keys, confirmations), as a learner's terminal would.
 *
 * @example
 * const cap = captureIO({ cwd: dir, env: { NO_COLOR: '1' } })
 * const code = await main(['list'], cap.io)
 * cap.stdout() // '… 0/35 passed …'
 */
export function captureIO(opts: { cwd: string; env?: Record<string, string | undefined>; tty?: boolean; now?: () => Date }): CapturedIO {
  let out = ''
  let err = ''
  const tty = opts.tty === true
  const stdin = new PassThrough() as PassThrough & InStream
  stdin.isTTY = tty
  stdin.setRawMode = () => stdin
  const io: CliIO = {
    stdout: { write: (t: string) => (out += t), isTTY: tty },
    stderr: { write: (t: string) => (err += t), isTTY: tty },
    stdin,
    cwd: opts.cwd,
    env: opts.env ?? {},
    ...(opts.now ? { now: opts.now } : {}),
  }
  return { io, stdout: () => out, stderr: () => err, type: (text) => void stdin.write(text) }
}
