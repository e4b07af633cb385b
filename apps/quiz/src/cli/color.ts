import type { OutStream } from './io.js'

/** The few styles the CLI uses. Each is the identity when colours are off. */
export interface Colors {
  enabled: boolean
  green(s: string): string
  red(s: string): string
  yellow(s: string): string
  cyan(s: string): string
  dim(s: string): string
  bold(s: string): string
}

/**
 * Colours on a terminal only: never with NO_COLOR set (no-color.org), nor when the output is piped or
 * TERM=dumb; FORCE_COLOR (other than 0) turns them on anyway, e.g. in CI logs that render ANSI.
 */
export function colorEnabled(stream: OutStream, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  return stream.isTTY === true && env.TERM !== 'dumb'
}

export function createColors(enabled: boolean): Colors {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s)
  return {
    enabled,
    green: wrap(32, 39),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  }
}
