import { describe, expect, it } from 'vitest'
import { Progress, formatDuration } from './progress.js'

/** A stream double that keeps what was written, and a clock the test moves. */
function setup(tty: boolean, color: boolean, total = 100) {
  const chunks: string[] = []
  let ms = 0
  const progress = new Progress({
    stream: { write: (s: string) => chunks.push(s), isTTY: tty, columns: 80 },
    total, tty, color, now: () => ms,
  })
  return { progress, chunks, advance: (by: number) => (ms += by) }
}

const ESC = '\x1b['

describe('cli: Progress', () => {
  it('on a terminal draws one bar line in place: iterations, percent, loss, ETA', () => {
    const { progress, chunks, advance } = setup(true, false)
    advance(1000)
    progress.update(25, 0.123456)
    expect(chunks).toHaveLength(1)
    const bar = chunks[0]!
    expect(bar.startsWith('\r[')).toBe(true)
    expect(bar.endsWith(`${ESC}K`)).toBe(true) // clears what a longer previous line left
    // 25 steps in 1 s: 75 to go take 3 s.
    expect(bar).toContain('] 25/100 25% loss 0.1235 ETA 0:03')
    expect(bar.match(/█/g)).toHaveLength(bar.match(/[█░]/g)!.length / 4)
  })

  it('redraws at most every 100 ms, but always at the last step', () => {
    const { progress, chunks, advance } = setup(true, false, 3)
    progress.update(1, 1)
    advance(10)
    progress.update(2, 1)
    advance(10)
    progress.update(3, 1)
    expect(chunks.map((c) => /\d+\/3/.exec(c)?.[0])).toEqual(['1/3', '3/3'])
  })

  it('prints lines above the bar: clear it, write the line, draw it again', () => {
    const { progress, chunks } = setup(true, false)
    progress.update(10, 0.5)
    progress.line('epoch 1/2')
    expect(chunks.slice(1)).toEqual([`\r${ESC}K`, 'epoch 1/2\n', expect.stringContaining('10/100')])
    progress.finish()
    expect(chunks.at(-1)).toBe(`\r${ESC}K`)
  })

  it('elsewhere writes only the lines: no bar, no escape codes', () => {
    const { progress, chunks } = setup(false, false)
    progress.update(10, 0.5)
    progress.line('epoch 1/2')
    progress.finish()
    expect(chunks).toEqual(['epoch 1/2\n'])
  })

  it('paints only with colour on', () => {
    expect(setup(true, true).progress.paint('green', '0.9')).toBe(`${ESC}32m0.9${ESC}0m`)
    expect(setup(true, false).progress.paint('green', '0.9')).toBe('0.9')
    const { progress, chunks } = setup(true, false)
    progress.update(50, 1)
    expect(chunks[0]).not.toMatch(/\x1b\[\d+m/)
  })
})

describe('cli: formatDuration', () => {
  it.each([
    [0, '0:00'], [59.4, '0:59'], [61, '1:01'], [3600, '1:00:00'], [3725, '1:02:05'], [NaN, '--:--'], [Infinity, '--:--'], [-1, '--:--'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text)
  })
})
