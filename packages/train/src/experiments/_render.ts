import { View, Warn, logger, parse } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'

/** Options of `renderSvg`. */
export interface RenderOptions {
  /** Receives each warning of Vega-Lite's compiler and of Vega (an unknown field, a bad scale, …). Default: ignore. */
  onWarning?: (message: string) => void
}

/**
 * A Vega-Lite spec rendered to an SVG document, headless: Vega-Lite compiles it to a Vega spec, a Vega View
 * with no renderer runs the dataflow and `toSVG` writes the scene graph as SVG markup. No canvas or browser
 * is needed (text widths are estimated). Async because Vega's dataflow is.
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  const warn = options.onWarning ?? (() => {})
  // One logger for both: its handler receives what console.warn would have printed.
  const log = logger(Warn, 'warn', (_method, _level, args) => warn(args.map(String).join(' ')))
  const view = new View(parse(compile(spec, { logger: log }).spec), { renderer: 'none', logger: log })
  try {
    return await view.toSVG()
  } finally {
    view.finalize() // drop timers and listeners so the process can exit
  }
}
