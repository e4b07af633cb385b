import { array } from '@dlfs/matrix'
import { createOptimizer, type OptimizerName } from '../optimizers/create-optimizer.js'
import { defineExperiment, makeResult, type ExperimentRow } from './experiment.js'
import { figure, where } from './_spec.js'

// f(x, y) = x²/20 + y² and its gradient (book §6.1.2, ch06/optimizer_compare_naive.py).
const f = (x: number, y: number) => (x * x) / 20 + y * y
const df = (x: number, y: number): [number, number] => [x / 10, 2 * y]

/** The book's start and step count. */
const INIT: readonly [number, number] = [-7, 2]
const STEPS = 30

/** The book's four optimizers with its learning rates, then the two it leaves out, with rates chosen here. */
const OPTIMIZERS: readonly { name: OptimizerName; lr: number; book: boolean }[] = [
  { name: 'SGD', lr: 0.95, book: true },
  { name: 'Momentum', lr: 0.1, book: true },
  { name: 'AdaGrad', lr: 1.5, book: true },
  { name: 'Adam', lr: 0.3, book: true },
  { name: 'Nesterov', lr: 0.1, book: false },
  { name: 'RMSprop', lr: 0.1, book: false },
]

/** Contour levels of f drawn behind each path: ellipses x²/20 + y² = c (the book's plt.contour of f clipped at 7). */
const LEVELS = [0.25, 1, 2, 3, 4, 5, 6, 7]
const ELLIPSE_POINTS = 97 // 96 segments: smooth at this size

/**
 * ch06/optimizer_compare_naive.py: each optimizer's path over f(x, y) = x²/20 + y² from (−7, 2), 30 updates.
 * Rows: `series` = the optimizer, `step` 0…29, the position (x, y) BEFORE update `step` (the book's
 * x_history), `f` = f(x, y); then `series` = 'contour' rows, the level-c ellipse points (f = c).
 */
export const ch06OptimizerToy = defineExperiment({
  name: 'ch06-optimizer-toy',
  book: 'ch06/optimizer_compare_naive.py',
  description: "SGD, Momentum, AdaGrad, Adam (+ Nesterov, RMSprop) paths on f(x, y) = x²/20 + y² from (−7, 2)",
  run: () => {
    const rows: ExperimentRow[] = []
    const ends: string[] = []
    const metrics: Record<string, number> = {}
    for (const { name, lr } of OPTIMIZERS) {
      const optimizer = createOptimizer(name, { lr })
      const params = { x: array([INIT[0]]), y: array([INIT[1]]) } // (1,) each: the optimizers update arrays in place
      for (let step = 0; step < STEPS; step++) {
        const x = params.x.item()
        const y = params.y.item()
        rows.push({ series: name, step, x, y, f: f(x, y) })
        const [gx, gy] = df(x, y)
        optimizer.update(params, { x: array([gx]), y: array([gy]) })
      }
      const [x, y] = [params.x.item(), params.y.item()]
      ends.push(`${name} (${fmt(x)}, ${fmt(y)})`)
      metrics[`${name}.f`] = f(x, y)
    }
    for (const c of LEVELS) {
      // x = √(20c)·cos θ, y = √c·sin θ traces f = c
      for (let step = 0; step < ELLIPSE_POINTS; step++) {
        const theta = (2 * Math.PI * step) / (ELLIPSE_POINTS - 1)
        rows.push({ series: 'contour', step, x: Math.sqrt(20 * c) * Math.cos(theta), y: Math.sqrt(c) * Math.sin(theta), f: c })
      }
    }

    const names = OPTIMIZERS.map((o) => o.name)
    const lrs = OPTIMIZERS.map((o) => `${o.name} ${o.lr}${o.book ? '' : '*'}`).join(', ')
    const panel = (name: string, lr: number) => ({
      width: 300,
      height: 180,
      title: `${name} (lr ${lr})`,
      layer: [
        {
          transform: [where('series', 'contour')],
          mark: { type: 'line', strokeWidth: 0.8, clip: true },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: 'x', scale: { domain: [-10, 10] } },
            y: { field: 'y', type: 'quantitative', title: 'y', scale: { domain: [-5, 5] } },
            detail: { field: 'f', type: 'quantitative' },
            order: { field: 'step', type: 'quantitative' },
            color: { field: 'f', type: 'quantitative', title: 'f(x, y)', scale: { scheme: 'viridis', domain: [0, 7] } },
          },
        },
        {
          transform: [where('series', name)],
          mark: { type: 'line', color: '#d62728', strokeWidth: 1.5, clip: true, point: { color: '#d62728', size: 18 } },
          encoding: {
            x: { field: 'x', type: 'quantitative' },
            y: { field: 'y', type: 'quantitative' },
            order: { field: 'step', type: 'quantitative' },
          },
        },
        {
          data: { values: [{ x: 0, y: 0 }] },
          mark: { type: 'point', shape: 'cross', color: 'black', size: 60, filled: true },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
        },
      ],
    })
    const spec = figure('ch06 optimizer_compare_naive: paths on f(x, y) = x²/20 + y²', [
      `${STEPS} updates from (${INIT.join(', ')}); the minimum (0, 0) is marked +; lines behind are levels of f (0.25, 1 … 7)`,
      `learning rates: ${lrs} (* not in the book's script: chosen here)`,
    ], rows, {
      columns: 2,
      concat: OPTIMIZERS.map((o) => panel(o.name, o.lr)),
      resolve: { scale: { color: 'shared' } },
    })
    return makeResult({
      columns: ['series', 'step', 'x', 'y', 'f'],
      rows,
      spec,
      summary: [
        `${STEPS} updates of each optimizer from (${INIT.join(', ')}) on f(x, y) = x²/20 + y², the book's learning rates ` +
          `(${lrs}; * not in the book's script)`,
        `position after the last update (f there is in --json metrics): ${ends.join('; ')}`,
      ],
      metrics,
      terminal: [{ title: 'f(x, y) along each path', series: names.map((name) => ({ name, values: rows.filter((r) => r.series === name).map((r) => r.f as number) })) }],
    })
  },
})

function fmt(x: number): string {
  return x.toFixed(3)
}
