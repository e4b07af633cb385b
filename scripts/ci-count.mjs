// @ts-check
// Sums vitest's own counts over every JSON report that `pnpm test` wrote (or turbo restored from its
// cache): `<pkg>/.vitest/report.json` for each workspace package, and `.vitest/report.json` for the
// root project (scripts/*.test.ts). The checks of the release scripts (pack-check, install-test,
// browser-test) are added from `.vitest/checks/<script>.json`, each check counting as one test.
// The last line printed is always `N passed, N failed`.
//
//   node scripts/ci-count.mjs [root]
//
// Exits 1 when a test failed, a test file failed to load, or a package that has tests has no report.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { workspacePackages } from './workspace.mjs'

/**
 * @typedef {{ passed: number, failed: number, skipped: number, unloaded: string[], success: boolean }} Counts
 * @typedef {object} ProjectReport
 * @property {string} name     package name ('dlfs' for the root project)
 * @property {string} dir      folder from the root ('.' for the root project)
 * @property {boolean} hasTests a test file exists, so a report must exist
 * @property {null | Counts} counts  null: no report
 */

const REPORT = '.vitest/report.json'
const CHECKS = '.vitest/checks'

/**
 * True when `dir` holds a test file that vitest.shared.ts includes (`*.test.ts` under the given folders).
 * @param {string} dir
 * @param {string[]} folders
 */
function hasTestFiles(dir, folders) {
  return folders.some((folder) => {
    const path = join(dir, folder)
    if (!existsSync(path)) return false
    return readdirSync(path, { recursive: true, encoding: 'utf8' }).some(
      (f) => f.endsWith('.test.ts') && !f.split(/[\\/]/).includes('node_modules'),
    )
  })
}

/**
 * Reads one vitest JSON report.
 * @param {string} file
 * @returns {Counts}
 */
export function readReport(file) {
  const json = JSON.parse(readFileSync(file, 'utf8'))
  /** @type {{ name: string, status: string, assertionResults?: unknown[] }[]} */
  const files = json.testResults ?? []
  return {
    passed: json.numPassedTests ?? 0,
    failed: json.numFailedTests ?? 0,
    skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
    // A file that throws while loading fails with no test in it, so numFailedTests does not show it.
    unloaded: files.filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).map((f) => f.name),
    // false also for "No test files found" and for errors thrown outside any test
    success: json.success !== false,
  }
}

/**
 * Reads one check report of a release script: `{ name, checks: [{ name, ok, detail? }] }`.
 * @param {string} file
 * @returns {Counts}
 */
export function readChecks(file) {
  /** @type {{ checks?: { name: string, ok: boolean }[] }} */
  const json = JSON.parse(readFileSync(file, 'utf8'))
  const checks = json.checks ?? []
  const failed = checks.filter((c) => c.ok !== true).length
  return { passed: checks.length - failed, failed, skipped: 0, unloaded: [], success: true }
}

/**
 * The report of the root project and of every workspace package with a `test` script, then the
 * check reports of the release scripts, by file name.
 * @param {string} root
 * @returns {ProjectReport[]}
 */
export function collectReports(root) {
  /** @type {ProjectReport[]} */
  const projects = []
  const rootJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const candidates = [
    { name: rootJson.name ?? 'root', dir: '.', hasTests: hasTestFiles(root, ['scripts']) },
    ...workspacePackages(root)
      .filter((p) => p.scripts.test !== undefined)
      .map((p) => ({ name: p.name, dir: p.dir, hasTests: hasTestFiles(join(root, p.dir), ['src', 'test']) })),
  ]
  for (const c of candidates) {
    const file = join(root, c.dir, REPORT)
    projects.push({ ...c, counts: existsSync(file) ? readReport(file) : null })
  }
  const checksDir = join(root, CHECKS)
  const checkFiles = existsSync(checksDir) ? readdirSync(checksDir).filter((f) => f.endsWith('.json')).sort() : []
  for (const f of checkFiles) {
    projects.push({ name: f.replace(/\.json$/, ''), dir: '.', hasTests: false, counts: readChecks(join(checksDir, f)) })
  }
  return projects
}

/**
 * The lines to print, the counts line last, and whether everything passed.
 * @param {ProjectReport[]} projects
 * @returns {{ lines: string[], ok: boolean }}
 */
export function summarize(projects) {
  const lines = []
  let passed = 0
  let failed = 0
  let ok = true
  for (const p of projects) {
    const where = p.dir === '.' ? REPORT : `${p.dir}/${REPORT}`
    if (p.counts === null) {
      if (p.hasTests) {
        ok = false
        lines.push(`${p.name}: MISSING ${where}: its tests did not run (or did not finish)`)
      }
      continue
    }
    const c = p.counts
    passed += c.passed
    failed += c.failed
    if (c.failed > 0 || c.unloaded.length > 0) ok = false
    const skipped = c.skipped > 0 ? `, ${c.skipped} skipped` : ''
    lines.push(`${p.name}: ${c.passed} passed, ${c.failed} failed${skipped}`)
    for (const f of c.unloaded) lines.push(`${p.name}: test file failed to load (no test counted): ${f}`)
    if (!c.success && c.failed === 0 && c.unloaded.length === 0) {
      ok = false
      lines.push(`${p.name}: vitest failed outside any test (no test files found, or an unhandled error): see its log`)
    }
  }
  lines.push(`${passed} passed, ${failed} failed`)
  return { lines, ok }
}

function main() {
  const root = resolve(process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..'))
  const { lines, ok } = summarize(collectReports(root))
  for (const line of lines) console.log(line)
  process.exitCode = ok ? 0 : 1
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
