// Every experiment runs in its --quick size, in-process: its figure must render without a Vega warning into a
// well-formed SVG with marks, and its CSV must hold exactly the rows the figure shows.
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../cli/main.js'
import type { ExperimentContext, ExperimentResult } from './experiment.js'
import { EXPERIMENTS, findExperiment } from './experiments.js'
import { parseCsv } from './_csv.js'
import { renderSvg } from './_render.js'

const ctx: ExperimentContext = { seed: 0, mode: 'quick', load: null, log: () => {} }

/**
 * Rows each quick run must produce, from the quick sizes in each module (not from the result):
 * training curves 2 per step + 2 per epoch point (epochs + 1 points); loss comparisons one per step and net.
 */
const EXPECTED_ROWS: Record<string, number> = {
  'ch04-train': 2 * 30 + 2 * (10 + 1), // 30 iterations = 10 epochs of 300 digits, batch 100
  'ch05-train': 2 * 30 + 2 * (10 + 1),
  'ch06-optimizer-toy': 6 * 30 + 8 * 97, // 6 paths of 30 points, 8 contour ellipses of 97 points
  'ch06-optimizer-mnist': 4 * 25, // 4 optimizers × 25 iterations
  'ch06-weight-init': 3 * 25, // 3 initialisations × 25 iterations
  'ch06-activation-histogram': 7 * 5 * 30, // 7 settings × 5 layers × 30 bins
  'ch06-batchnorm': 2 * 3 * 2, // 2 weight scales × 3 epochs × (with, without)
  'ch06-overfit': 3 * (4 + 1) * 2, // 3 configs × (4 epochs + final) × (train, test)
  'ch06-hyperparameter-search': 3 * 2 * (2 + 1), // 3 trials × (val, train) × (2 epochs + final)
  'ch07-train': 2 * 2 + 2 * (1 + 1), // 2 iterations = 1 epoch of 20 digits, batch 10
  'ch07-filters': 2 * 30 * 5 * 5, // (before, after) × 30 filters of 5×5
}

/** Tag balance of an XML document (no DTD, no CDATA): throws on a stray or unclosed tag. */
function checkWellFormed(xml: string): void {
  const stack: string[] = []
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|<!--[\s\S]*?-->|[<>]/g)) {
    if (m[0] === '<' || m[0] === '>') throw new Error(`stray '${m[0]}' at ${m.index}: ${xml.slice(m.index, m.index + 60)}`)
    if (m[0].startsWith('<!--')) continue
    const [, close, name, , selfClose] = m
    if (selfClose) continue
    if (!close) stack.push(name!)
    else if (stack.pop() !== name) throw new Error(`</${name}> at ${m.index} closes the wrong element`)
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(' > ')}`)
}

const results = new Map<string, ExperimentResult>()
function quickRun(name: string): ExperimentResult {
  if (!results.has(name)) results.set(name, findExperiment(name)!.run(ctx))
  return results.get(name)!
}

describe('experiments: the list', () => {
  it('holds every experiment file of this folder once, named as its file', () => {
    const files = readdirSync(new URL('.', import.meta.url))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('_'))
      .filter((f) => !['experiment.ts', 'experiments.ts', 'run-experiment.ts'].includes(f))
      .map((f) => f.replace(/\.ts$/, ''))
    expect(EXPERIMENTS.map((e) => e.name).sort()).toEqual(files.sort())
    for (const e of EXPERIMENTS) expect(e.book).toMatch(/^ch0\d\/\w+\.py/)
  })
})

describe.each(EXPERIMENTS.map((e) => e.name))('experiment %s --quick', (name) => {
  it('renders a well-formed SVG with marks, without Vega warnings', async () => {
    const result = quickRun(name)
    const warnings: string[] = []
    const svg = await renderSvg(result.spec, { onWarning: (w) => warnings.push(w) })
    expect(warnings).toEqual([])
    expect(svg.startsWith('<svg')).toBe(true)
    checkWellFormed(svg)
    expect(svg).toMatch(/class="mark-(line|rect|symbol|area)/)
    expect(svg).toMatch(/class="mark-text role-title-text"/)
  }, 30_000)

  it('writes a CSV of exactly the rows the figure shows', () => {
    const result = quickRun(name)
    const data = (result.spec as { data?: { values?: unknown } }).data
    expect(data?.values).toBe(result.rows) // the same array: the figure cannot show other numbers
    const [header, ...body] = parseCsv(result.csv)
    expect(header).toEqual([...result.columns])
    if (name in EXPECTED_ROWS) expect(body).toHaveLength(EXPECTED_ROWS[name]!)
    expect(body).toHaveLength(result.rows.length)
    body.forEach((cells, i) => expect(cells).toEqual(result.columns.map((c) => String(result.rows[i]![c]))))
    for (const line of result.summary) expect(line).not.toBe('')
  }, 30_000)
})

describe('experiment ch06-optimizer-toy', () => {
  it("follows numpy running the book's optimizers and script (the toy section of fixtures/optimizers.json)", () => {
    const golden = JSON.parse(readFileSync(new URL('../../fixtures/optimizers.json', import.meta.url), 'utf8')) as {
      toy: { name: string; lr: number; xHistory: number[]; yHistory: number[] }[]
    }
    const rows = quickRun('ch06-optimizer-toy').rows
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set([...golden.toy.map((g) => g.name), 'contour']))
    for (const { name, xHistory, yHistory } of golden.toy) {
      const mine = rows.filter((r) => r.series === name)
      expect(mine.map((r) => r.step)).toEqual(xHistory.map((_, i) => i))
      mine.forEach((r, i) => {
        expect(r.x).toBeCloseTo(xHistory[i]!, 10)
        expect(r.y).toBeCloseTo(yHistory[i]!, 10)
        expect(r.f).toBeCloseTo(xHistory[i]! ** 2 / 20 + yHistory[i]! ** 2, 10)
      })
    }
  })
})

describe('experiment misclassified', () => {
  it('shows the first 20 wrong test digits, inked pixels only, captions naming true and predicted labels', () => {
    const { rows, metrics } = quickRun('misclassified')
    const views = [...new Set(rows.map((r) => r.view))]
    expect(views).toEqual(Array.from({ length: Math.min(20, metrics.wrong!) }, (_, i) => i + 1))
    for (const r of rows) {
      expect(r.label).not.toBe(r.predicted)
      expect(r.caption).toBe(`${r.view}. ${r.label} → ${r.predicted}`)
      expect(r.shade).toBeGreaterThan(0)
      expect(r.shade).toBe(r.value) // pixels already in [0, 1]: drawn as they are
    }
  })
})

describe('experiment ch05-train', () => {
  it('is the same run as dlfs-train with the same sizes and seed (one seed, the same child Rngs)', () => {
    let stdout = ''
    const sink = { write: () => true }
    main(['--train-size', '300', '--test-size', '100', '--epochs', '10', '--json'], { stdout: { write: (s: string) => (stdout += s) }, stderr: sink, env: {} })
    const cli = JSON.parse(stdout.trim()) as { testAcc: number; trainAcc: number; lastLoss: number; testAccList: number[] }
    const { rows, metrics } = quickRun('ch05-train')
    expect(metrics.testAcc).toBe(cli.testAcc)
    expect(metrics.trainAcc).toBe(cli.trainAcc)
    expect(rows.filter((r) => r.metric === 'loss' && r.series === 'loss').at(-1)!.y).toBe(cli.lastLoss)
    expect(rows.filter((r) => r.series === 'test').slice(0, -1).map((r) => r.y)).toEqual(cli.testAccList)
  })
})
