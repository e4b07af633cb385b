import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { collectReports, summarize } from './ci-count.mjs'

// A fake checkout: a root project, three packages, and the vitest JSON reports they left behind.
let root = ''
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  writeFileSync(join(root, path), text)
}
type FileResult = { name: string; status: string; assertionResults: unknown[] }
const report = (passed: number, failed: number, files: FileResult[] = []) =>
  JSON.stringify({
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: 0,
    numTodoTests: 0,
    success: failed === 0 && files.length === 0,
    testResults: files,
  })

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dlfs-ci-count-'))
  write('package.json', '{"name": "dlfs"}')
  write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n  - apps/*\n')
  write('scripts/sz.test.ts', '')
  write('.vitest/report.json', report(13, 0))
  for (const pkg of ['matrix', 'layers', 'docs']) {
    write(`packages/${pkg}/package.json`, JSON.stringify({ name: `@dlfs/${pkg}`, scripts: pkg === 'docs' ? {} : { test: 'vitest run' } }))
  }
  write('packages/matrix/src/shape.test.ts', '')
  write('packages/matrix/.vitest/report.json', report(40, 2))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('ci-count', () => {
  test('sums every report; a package without test files needs none', () => {
    const { lines, ok } = summarize(collectReports(root))
    expect(lines).toEqual(['dlfs: 13 passed, 0 failed', '@dlfs/matrix: 40 passed, 2 failed', '53 passed, 2 failed'])
    expect(ok).toBe(false) // two tests failed
  })

  test('a package with tests but no report fails, and the counts line still comes last', () => {
    write('packages/layers/test/relu.test.ts', '')
    write('packages/matrix/.vitest/report.json', report(40, 0))
    const { lines, ok } = summarize(collectReports(root))
    expect(lines.at(-1)).toBe('53 passed, 0 failed')
    expect(lines).toContain('@dlfs/layers: MISSING packages/layers/.vitest/report.json: its tests did not run (or did not finish)')
    expect(ok).toBe(false)
  })

  test('a test file that fails to load is named even though it counts no test', () => {
    const broken = { name: '/x/packages/matrix/src/dot.test.ts', status: 'failed', assertionResults: [] }
    write('packages/matrix/.vitest/report.json', report(40, 0, [broken]))
    const { lines, ok } = summarize(collectReports(root))
    expect(lines).toContain('@dlfs/matrix: test file failed to load (no test counted): /x/packages/matrix/src/dot.test.ts')
    expect(lines.at(-1)).toBe('53 passed, 0 failed')
    expect(ok).toBe(false)
  })

  test('a failed run with no failing test (no test files found) is not ok', () => {
    write('packages/layers/.vitest/report.json', JSON.stringify({ numPassedTests: 0, numFailedTests: 0, success: false, testResults: [] }))
    write('packages/matrix/.vitest/report.json', report(40, 0))
    const { lines, ok } = summarize(collectReports(root))
    expect(lines).toContain('@dlfs/layers: vitest failed outside any test (no test files found, or an unhandled error): see its log')
    expect(lines.at(-1)).toBe('53 passed, 0 failed')
    expect(ok).toBe(false)
  })

  test('the release scripts\' check reports are added, each check as one test', () => {
    write('packages/matrix/.vitest/report.json', report(40, 0))
    const checks = (name: string, oks: boolean[]) =>
      write(`.vitest/checks/${name}.json`, JSON.stringify({ name, checks: oks.map((ok, i) => ({ name: `check ${i}`, ok })) }))
    checks('pack-check', [true, true, true])
    checks('browser-test', [true, false])
    const { lines, ok } = summarize(collectReports(root))
    expect(lines).toEqual([
      'dlfs: 13 passed, 0 failed',
      '@dlfs/matrix: 40 passed, 0 failed',
      'browser-test: 1 passed, 1 failed',
      'pack-check: 3 passed, 0 failed',
      '57 passed, 1 failed',
    ])
    expect(ok).toBe(false)
  })

  test('all reports green is ok', () => {
    write('packages/matrix/.vitest/report.json', report(40, 0))
    expect(summarize(collectReports(root))).toEqual({
      lines: ['dlfs: 13 passed, 0 failed', '@dlfs/matrix: 40 passed, 0 failed', '53 passed, 0 failed'],
      ok: true,
    })
  })
})
