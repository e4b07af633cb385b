import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { fileSummary, readTarball, tarballProblems, type TarEntry } from './pack-lib.ts'

const entry = (path: string, text = ''): TarEntry => ({ path, size: Buffer.byteLength(text), data: Buffer.from(text) })
const manifest = (pkg: object) => entry('package.json', JSON.stringify(pkg))
const map = (path: string, sources: string[]) => entry(path, JSON.stringify({ version: 3, sources, mappings: '' }))
const exportsOf = { '.': { '@dlfs/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' } }

describe('tarballProblems', () => {
  test('a clean package: targets present, maps resolve into the shipped src', () => {
    const files = [
      manifest({ exports: exportsOf, main: './dist/index.js', types: './dist/index.d.ts', bin: { x: './bin/x.js' } }),
      entry('README.md'), entry('LICENSE'), entry('bin/x.js'),
      entry('dist/index.js'), entry('dist/index.d.ts'), entry('src/index.ts'),
      map('dist/index.js.map', ['../src/index.ts']), map('dist/index.d.ts.map', ['../src/index.ts']),
    ]
    expect(tarballProblems(files)).toEqual([])
  })

  test('names tests, fixtures, build state and dev configs', () => {
    const files = [
      manifest({}), entry('src/a.test.ts'), entry('src/a.test-d.ts'), entry('fixtures/x.json'), entry('test/helper.ts'),
      entry('tsconfig.tsbuildinfo'), entry('dist/.tsbuildinfo'), entry('tsconfig.build.json'), entry('vitest.config.ts'),
      entry('src/relu.ts.bak-20250102'), entry('bench/matmul.bench.ts'),
    ]
    const problems = tarballProblems(files)
    expect(problems).toHaveLength(10)
    expect(problems[0]).toBe('src/a.test.ts: a test file')
    expect(problems).toContain('fixtures/x.json: a test, fixture, bench or scripts folder')
    expect(problems).toContain('tsconfig.tsbuildinfo: tsc build state')
  })

  test('a missing export, bin or map source is a problem; a wildcard export is left to publint', () => {
    const files = [
      manifest({ exports: { ...exportsOf, './*': './dist/*.js' }, bin: './bin/cli.js' }),
      entry('dist/index.js'), map('dist/index.js.map', ['../src/index.ts']),
    ]
    expect(tarballProblems(files)).toEqual([
      'package.json points at ./src/index.ts, which is not in the tarball',
      'package.json points at ./dist/index.d.ts, which is not in the tarball',
      'package.json points at ./bin/cli.js, which is not in the tarball',
      'dist/index.js.map: its source ../src/index.ts is not in the tarball',
    ])
    expect(tarballProblems([entry('README.md')])).toEqual(['no package.json'])
  })
})

test('fileSummary groups by the first two folders', () => {
  const files = [entry('package.json', 'abc'), entry('dist/index.js', 'x'), entry('dist/cli/main.js', 'xy'), entry('dist/cli/a/b.js', 'z')]
  expect(fileSummary(files)).toEqual([
    { folder: '.', files: 1, bytes: 3 },
    { folder: 'dist', files: 1, bytes: 1 },
    { folder: 'dist/cli', files: 2, bytes: 3 },
  ])
})

describe('readTarball', () => {
  let dir = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dlfs-pack-lib-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  // A name longer than ustar's 100 + 155 characters needs a pax (or GNU) header.
  const long = `src/${'deep/'.repeat(40)}file.ts`
  test.each(['pax', 'gnu', 'ustar'])('reads the files of a %s tarball, with long names', (format) => {
    const files: Record<string, string> = { 'package/package.json': '{"name":"x"}', 'package/dist/index.js': 'export {}\n' }
    if (format !== 'ustar') files[`package/${long}`] = 'long'
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    const tgz = join(dir, 'x.tgz')
    const r = spawnSync('tar', ['-czf', tgz, `--format=${format}`, '-C', dir, ...Object.keys(files)])
    expect(r.status).toBe(0)
    const read = readTarball(tgz)
    expect(read.map((e) => e.path)).toEqual(Object.keys(files).map((p) => p.slice('package/'.length)))
    expect(read[0]!.data.toString()).toBe('{"name":"x"}')
    expect(read[1]!.size).toBe(10)
  })
})
