// `pnpm test:browser`: the library packages (@dlfs/matrix, @dlfs/layers, @dlfs/losses) in a browser.
//
//   tsx scripts/browser-test.ts [--no-build] [--keep]
//
// Builds the packages, then bundles their dist/ (what npm users get) for the browser with esbuild
// (`platform: 'browser'`), failing if any module imports a Node builtin (`fs`, `node:fs`, …). The page
// runs Affine → Relu → Affine → SoftmaxWithLoss forward and backward and a (64,96)·(96,40) product on
// inputs made in Node, and compares the loss, every gradient and the product with the same computation
// done here in Node, serialised into the page; and checks the page ran the WebAssembly SIMD matmul and
// which build of it: 'wasm-fma' (relaxed SIMD, Chromium's default) or 'wasm'. Where the page and Node
// ran the same build the product must match bit for bit; where they differ (Node 20 runs 'wasm'), to
// 1e-12 relative, as a fused multiply-add rounds once where a multiply and an add round twice.
// Headless Chromium (`CHROMIUM`, default /usr/bin/chromium; Debian's `chromium` package) loads the page
// from a file:// URL and prints its DOM (`--dump-dom`); the page writes its verdict into it.
// Prints PASS/FAIL per check and `browser-test: N passed, N failed`; writes
// .vitest/checks/browser-test.json for the CI counts. --keep leaves the page's folder.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type BuildOptions, type Plugin } from 'esbuild'
import { Checks, ROOT, buildAll } from './pack-lib.ts'

const argv = process.argv.slice(2)
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
const LIBRARIES = ['matrix', 'layers', 'losses']
/** Largest difference allowed between the browser's numbers and Node's (both run the same float64 code). */
const TOLERANCE = 1e-12
/** Largest difference between the products of different matmul builds, relative to the largest |entry|. */
const RELATIVE_TOLERANCE = 1e-12

/** Fails the bundle on any import of a Node builtin, naming the importer. */
const noNodeBuiltins: Plugin = {
  name: 'no-node-builtins',
  setup(b) {
    const builtins = new Set(builtinModules)
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.replace(/^node:/, '')
      if (!args.path.startsWith('node:') && !builtins.has(name) && !builtins.has(name.split('/')[0]!)) return undefined
      return { errors: [{ text: `${relative(ROOT, args.importer)} imports the Node builtin '${args.path}': the library packages must run in a browser` }] }
    })
  },
}

const bundleOptions = (dir: string, entry: string): BuildOptions => ({
  absWorkingDir: dir,
  entryPoints: [entry],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  write: false,
  metafile: true,
  logLevel: 'silent',
  plugins: [noNodeBuiltins],
})

// Shared by Node and the page: the inputs (seeded) and the forward/backward pass, returning plain arrays.
const COMPUTE = `import { Rng, fromData, matmulKernel } from '@dlfs/matrix'
import { Affine, Relu } from '@dlfs/layers'
import { SoftmaxWithLoss } from '@dlfs/losses'

const plain = (a) => ({ shape: a.shape, data: Array.from(a.copy().data) })
const nd = (p) => fromData(Float64Array.from(p.data), p.shape)

/** x (8, 6), W1 (6, 5), b1 (5,), W2 (5, 4), b2 (4,), t: class indices (8,); A (64, 96), B (96, 40) for a product large enough for the wasm kernel. */
export function makeInput() {
  const rng = new Rng(7)
  return {
    x: plain(rng.randn(8, 6)), W1: plain(rng.randn(6, 5).mul(0.5)), b1: plain(rng.randn(5).mul(0.1)),
    W2: plain(rng.randn(5, 4).mul(0.5)), b2: plain(rng.randn(4).mul(0.1)),
    t: plain(rng.integers(0, 4, [8])), A: plain(rng.randn(64, 96)), B: plain(rng.randn(96, 40)),
  }
}

/** Affine → Relu → Affine → SoftmaxWithLoss, forward then backward. */
export function forwardBackward(input) {
  const affine1 = new Affine(nd(input.W1), nd(input.b1))
  const relu = new Relu()
  const affine2 = new Affine(nd(input.W2), nd(input.b2))
  const last = new SoftmaxWithLoss()
  const loss = last.forward(affine2.forward(relu.forward(affine1.forward(nd(input.x)))), nd(input.t))
  const dx = affine1.backward(relu.backward(affine2.backward(last.backward(1))))
  const product = nd(input.A).dot(nd(input.B)) // 64·96·40 steps: not the plain loops that small products take
  return { loss, dx: plain(dx), dW1: plain(affine1.dW), db1: plain(affine1.db), dW2: plain(affine2.dW), db2: plain(affine2.db), product: plain(product) }
}

export { matmulKernel }
`

const PAGE = `import { forwardBackward, matmulKernel } from './compute.mjs'

const read = (id) => JSON.parse(document.getElementById(id).textContent)
const out = document.getElementById('result')
try {
  const input = read('input')
  const expected = read('expected')
  const got = forwardBackward(input)
  const diffs = {}
  for (const key of Object.keys(expected)) {
    const e = expected[key]
    const g = got[key]
    if (typeof e === 'number') diffs[key] = Math.abs(e - g)
    else if (JSON.stringify(e.shape) !== JSON.stringify(g.shape)) diffs[key] = 'shape ' + JSON.stringify(g.shape)
    else diffs[key] = e.data.reduce((m, v, i) => Math.max(m, Math.abs(v - g.data[i])), 0)
  }
  out.textContent = JSON.stringify({ ran: true, userAgent: navigator.userAgent, diffs, loss: got.loss, kernel: matmulKernel() })
} catch (e) {
  out.textContent = JSON.stringify({ ran: false, error: String(e && e.stack || e) })
}
`

const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')
const html = (input: unknown, expected: unknown) => `<!doctype html>
<html><head><meta charset="utf-8"><title>dlfs browser test</title></head>
<body>
<pre id="result">not run</pre>
<script type="application/json" id="input">${json(input)}</script>
<script type="application/json" id="expected">${json(expected)}</script>
<script src="bundle.js"></script>
</body></html>
`

interface PageResult {
  ran: boolean
  error?: string
  userAgent?: string
  loss?: number
  diffs?: Record<string, number | string>
  /** What `matmulKernel()` said in the page: 'wasm-fma' or 'wasm' when a WebAssembly SIMD kernel runs there. */
  kernel?: string
}

async function main(): Promise<void> {
  const checks = new Checks('browser-test')
  if (!argv.includes('--no-build') && !(await checks.check('pnpm build', () => buildAll()))) return checks.finish()
  const dir = mkdtempSync(join(tmpdir(), 'dlfs-browser-'))
  try {
    // The page's folder resolves @dlfs/* to the workspace packages, through their default (dist) export.
    mkdirSync(join(dir, 'node_modules', '@dlfs'), { recursive: true })
    for (const name of LIBRARIES) symlinkSync(join(ROOT, 'packages', name), join(dir, 'node_modules', '@dlfs', name), 'dir')
    writeFileSync(join(dir, 'compute.mjs'), COMPUTE)
    writeFileSync(join(dir, 'page.mjs'), PAGE)

    await checks.check('a Node builtin import fails the browser bundle (the guard works)', async () => {
      writeFileSync(join(dir, 'uses-fs.mjs'), "import { readFileSync } from 'fs'\nimport { join } from 'node:path'\nconsole.log(readFileSync, join)\n")
      const failed = await build(bundleOptions(dir, 'uses-fs.mjs')).then(() => null, (e: { errors?: { text: string }[] }) => e.errors ?? [])
      if (failed === null) throw new Error('the bundle of a file importing fs succeeded')
      if (failed.length !== 2 || !failed.every((e) => e.text.includes('imports the Node builtin'))) throw new Error(JSON.stringify(failed))
      return `${failed.length} errors`
    })

    let bundled = false
    await checks.check(`esbuild --platform=browser bundle of ${LIBRARIES.map((n) => `@dlfs/${n}`).join(', ')} (dist): no Node builtin`, async () => {
      const result = await build(bundleOptions(dir, 'page.mjs'))
      const inputs = Object.keys(result.metafile!.inputs)
      for (const name of LIBRARIES) {
        if (!inputs.some((i) => i.includes(`packages/${name}/dist/`))) throw new Error(`@dlfs/${name}'s dist is not in the bundle: ${inputs.join(', ')}`)
      }
      const fromSource = inputs.filter((i) => i.includes('/src/'))
      if (fromSource.length > 0) throw new Error(`bundled from src instead of dist: ${fromSource.join(', ')}`)
      writeFileSync(join(dir, 'bundle.js'), result.outputFiles![0]!.contents)
      bundled = true
      return `${inputs.length} modules, ${(result.outputFiles![0]!.contents.length / 1024).toFixed(1)} kB`
    })
    if (!bundled) return

    // The same computation in Node, from the same dist modules, serialised into the page.
    const compute = (await import(pathToFileURL(join(dir, 'compute.mjs')).href)) as {
      makeInput(): unknown
      forwardBackward(input: unknown): Record<string, unknown>
      matmulKernel(): string
    }
    const input = compute.makeInput()
    const expected = compute.forwardBackward(input)
    const nodeKernel = compute.matmulKernel()
    writeFileSync(join(dir, 'index.html'), html(input, expected))

    let page: PageResult | undefined
    await checks.check('headless Chromium ran the page', () => {
      if (!existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM`)
      const flags = [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`,
        '--allow-file-access-from-files', '--dump-dom', pathToFileURL(join(dir, 'index.html')).href,
      ]
      const r = spawnSync(CHROMIUM, flags, { encoding: 'utf8', timeout: 120_000 })
      if (r.error) throw r.error
      const text = /<pre id="result">([\s\S]*?)<\/pre>/.exec(r.stdout ?? '')?.[1]
      if (r.status !== 0 || text === undefined) throw new Error(`chromium exited with ${r.status}; stderr:\n${(r.stderr ?? '').slice(-2000)}`)
      page = JSON.parse(text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as PageResult
      if (!page.ran) throw new Error(`the page threw: ${page.error}`)
      return page.userAgent?.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0]
    })
    if (!page?.ran) return
    const pageKernel = page.kernel
    await checks.check('the browser runs a WebAssembly SIMD matmul (wasm-fma or wasm)', () => {
      if (pageKernel !== 'wasm-fma' && pageKernel !== 'wasm') throw new Error(`the page ran the '${pageKernel}' matmul`)
      return `${pageKernel} (Node: ${nodeKernel})`
    })
    for (const [key, diff] of Object.entries(page.diffs ?? {})) {
      if (key === 'product') {
        // The one product the wasm kernel computes: the same build gives the same bits.
        const scale = Math.max(...(expected.product as { data: number[] }).data.map(Math.abs))
        const same = pageKernel === nodeKernel
        await checks.check(`browser product equals Node's (${same ? `both ${nodeKernel}: bit for bit` : `${pageKernel} vs ${nodeKernel}: to ${RELATIVE_TOLERANCE} relative`})`, () => {
          if (typeof diff !== 'number' || !(same ? diff === 0 : diff <= RELATIVE_TOLERANCE * scale)) throw new Error(`differs by ${diff} (largest |entry| ${scale})`)
          return `max |diff| ${diff}, relative ${diff / scale}`
        })
        continue
      }
      const what = key === 'loss' ? `loss (${(expected.loss as number).toFixed(6)})` : key
      await checks.check(`browser ${what} equals Node's`, () => {
        if (typeof diff !== 'number' || !(diff <= TOLERANCE)) throw new Error(`differs by ${diff}`)
        return `max |diff| ${diff}`
      })
    }
  } finally {
    if (argv.includes('--keep')) console.log(`\nkept ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
    checks.finish()
  }
}

await main()
