import { describe, expect, it } from 'vitest'
import { smoothCurve } from '../utils/smooth-curve.js'
import { main } from './main.js'
import { lossChart, resample, terminalChart } from './loss-chart.js'

const ESC = '\x1b['

describe('cli: resample', () => {
  it('averages buckets when longer: n points, same mean for even buckets', () => {
    expect(resample([1, 3, 5, 7, 9, 11], 3)).toEqual([2, 6, 10])
    const long = Array.from({ length: 1000 }, (_, i) => Math.sin(i / 50))
    const short = resample(long, 80)
    expect(short).toHaveLength(80)
    expect(Math.max(...short)).toBeLessThanOrEqual(Math.max(...long))
  })

  it('interpolates linearly when shorter, keeping both ends', () => {
    expect(resample([0, 10], 5)).toEqual([0, 2.5, 5, 7.5, 10])
    expect(resample([4], 3)).toEqual([4, 4, 4])
    expect(resample([], 3)).toEqual([])
  })
})

describe('cli: terminalChart / lossChart', () => {
  const losses = Array.from({ length: 300 }, (_, i) => 2.3 * Math.exp(-i / 60) + 0.1 * Math.sin(i))

  it('draws a title, `height + 1` plot rows that fit the width, and no colour unless asked', () => {
    const text = lossChart(losses, { width: 60, height: 8 })
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toBe('loss (smoothed) over 300 iterations')
    expect(lines).toHaveLength(1 + 9)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60)
    expect(text).not.toContain(ESC)
    expect(lossChart(losses, { width: 60, color: true })).toContain(`${ESC}34m`)
  })

  it("plots smoothCurve of the losses (the book's smoothing), its top label the curve's maximum", () => {
    const smooth = smoothCurve(losses)
    expect(lossChart(losses, { width: 70 })).toBe(terminalChart('loss (smoothed) over 300 iterations', [{ name: 'loss', values: smooth }], { width: 70 }))
    const firstLabel = Number(lossChart(losses, { width: 70 }).split('\n')[1]!.trim().split(' ')[0])
    expect(firstLabel).toBeCloseTo(Math.max(...resample(smooth, 58)), 3)
  })

  it('adds a legend line for several curves; a too-narrow or zero width falls back to 80 columns', () => {
    const text = terminalChart('accuracy', [{ name: 'train', values: [0.1, 0.5, 0.9] }, { name: 'test', values: [0.1, 0.4, 0.8] }], { width: 0 })
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/── train {3}── test$/)
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeGreaterThan(40)
    expect(terminalChart('empty', [{ name: 'x', values: [NaN] }])).toBe('empty: nothing to draw\n')
  })
})

describe('cli: dlfs-train shows the loss chart at the end of a terminal run', () => {
  const run = (argv: string[], tty: boolean) => {
    let stdout = ''
    let stderr = ''
    const code = main(['--train-size', '200', '--test-size', '50', '--epochs', '2', ...argv], {
      stdout: { write: (s: string) => (stdout += s), isTTY: tty, columns: 80 },
      stderr: { write: (s: string) => (stderr += s), isTTY: tty, columns: 80 },
      env: {},
    })
    return { code, stdout, stderr }
  }

  it('on a terminal only, and not with --quiet or --json', () => {
    expect(run([], true).stdout).toContain('loss (smoothed) over 4 iterations')
    expect(run([], false).stdout).not.toContain('loss (smoothed)')
    expect(run(['--quiet'], true).stdout).not.toContain('loss (smoothed)')
    const json = run(['--json'], true)
    expect(json.code).toBe(0)
    expect(json.stdout + json.stderr).not.toContain('loss (smoothed)')
  })
})
