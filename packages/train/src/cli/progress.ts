/** The part of a writable stream the CLI uses (process.stdout/stderr, or a test double). */
export interface OutStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

/** How the progress looks: a redrawn bar (tty) or plain lines; colour only with `color`. */
export interface ProgressOptions {
  stream: OutStream
  /** Steps the run will take (Trainer.maxIter). */
  total: number
  tty: boolean
  color: boolean
  /** Milliseconds; injectable for tests. Default Date.now. */
  now?: () => number
}

const REDRAW_MS = 100 // at most ten redraws a second: each one writes a whole line
const ESC = '\x1b['

/**
 * Training progress. On a terminal: one bar line `[████░░░░] 640/1600 40% loss 0.2874 ETA 0:12`,
 * redrawn in place, with epoch lines printed above it. Elsewhere: only the lines.
 */
export class Progress {
  private readonly start: number
  private lastDraw = -Infinity
  private drawn = false
  private iteration = 0
  private loss = NaN
  private readonly now: () => number

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now
    this.start = this.now()
  }

  /** Seconds since the progress began. */
  elapsed(): number {
    return (this.now() - this.start) / 1000
  }

  /** After each step: redraw the bar (terminal only, throttled; always at the last step). */
  update(iteration: number, loss: number): void {
    this.iteration = iteration
    this.loss = loss
    if (!this.options.tty) return
    const t = this.now()
    if (t - this.lastDraw < REDRAW_MS && iteration < this.options.total) return
    this.lastDraw = t
    this.draw()
  }

  /** A line of text (an epoch's accuracies): above the bar on a terminal, else as is. */
  line(text: string): void {
    this.clear()
    this.options.stream.write(`${text}\n`)
    if (this.options.tty && this.iteration > 0 && this.iteration < this.options.total) this.draw()
  }

  /** Removes the bar, before the summary. */
  finish(): void {
    this.clear()
  }

  /** `text` in a colour (green, cyan, dim, bold, red), or plain without colour. */
  paint(style: 'green' | 'cyan' | 'dim' | 'bold' | 'red', text: string): string {
    if (!this.options.color) return text
    const code = { green: 32, cyan: 36, dim: 2, bold: 1, red: 31 }[style]
    return `${ESC}${code}m${text}${ESC}0m`
  }

  private draw(): void {
    const { total, stream } = this.options
    const fraction = total > 0 ? this.iteration / total : 1
    const elapsed = this.elapsed()
    const eta = this.iteration > 0 ? (elapsed / this.iteration) * (total - this.iteration) : NaN
    const status = ` ${this.iteration}/${total} ${Math.floor(fraction * 100)}% loss ${this.loss.toFixed(4)} ETA ${formatDuration(eta)}`
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - status.length - 3))
    const filled = Math.round(fraction * width)
    const bar = this.paint('cyan', '█'.repeat(filled)) + this.paint('dim', '░'.repeat(width - filled))
    stream.write(`\r[${bar}]${status}${ESC}K`)
    this.drawn = true
  }

  private clear(): void {
    if (!this.drawn) return
    this.options.stream.write(`\r${ESC}K`)
    this.drawn = false
  }
}

/** Seconds as m:ss (h:mm:ss past an hour); `--:--` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--'
  const s = Math.round(seconds)
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60]
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`
}
