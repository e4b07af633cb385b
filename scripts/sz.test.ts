import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { BUDGETS, checkBudgets, codeLineNumbers, countCodeLines, countWorkspace, formatReport, isCountedSource } from './sz.ts'
import type { SourceCount } from './sz.ts'

// Each case is a few lines of TypeScript and the numbers of the lines that hold code.
const lines = (...rows: string[]) => rows.join('\n')

describe('countCodeLines: blanks and comments', () => {
  test('blank and whitespace-only lines do not count; a last line without newline does', () => {
    expect(codeLineNumbers(lines('const a = 1', '', '   \t', 'const b = 2'))).toEqual([1, 4])
    expect(countCodeLines('')).toBe(0)
    expect(countCodeLines('\n\n')).toBe(0)
  })

  test('// lines do not count, code followed by // does', () => {
    expect(codeLineNumbers(lines('// a comment', '  // indented', 'x() // trailing', '//'))).toEqual([3])
  })

  test('block comments and JSDoc do not count, code before or after them does', () => {
    const text = lines(
      '/**', //                               1
      ' * Softmax over the last axis.', //    2
      ' * x: (N, C)', //                      3
      ' */', //                               4
      'export function f() {}', //            5
      '/* one line */', //                    6
      'g() /* opens', //                      7
      '   still a comment', //                8
      '*/ h()', //                            9
      '/* a */ /* b */', //                   10
      '/* c */ k()', //                       11
    )
    expect(codeLineNumbers(text)).toEqual([5, 7, 9, 11])
  })

  test('CRLF line ends are blank space', () => {
    expect(codeLineNumbers('a\r\n\r\n// c\r\nb\r\n')).toEqual([1, 4])
  })
})

describe('countCodeLines: comment markers that are not comments', () => {
  test('// and /* inside strings are code', () => {
    const text = lines(
      "const glob = 'src/**/*.ts'", //        1: a naive scanner opens a block comment here
      'const url = "https://example.com"', // 2
      "const q = 'it\\'s // not a comment'", // 3: escaped quote
      '// a real comment */', //              4
      'done()', //                            5
    )
    expect(codeLineNumbers(text)).toEqual([1, 2, 3, 5])
  })

  test('template literals: multi-line, nested ${}, and blank lines inside', () => {
    const text = lines(
      'const s = `first /* not a comment', // 1
      '', //                                    2: blank inside the template
      '  ${a ? `inner ${b}` : { c: 1 }.c} // still text', // 3
      'last`', //                               4
      '// comment', //                          5
      'const t = `${x}`', //                    6
      '/* closes */ y()', //                    7
    )
    expect(codeLineNumbers(text)).toEqual([1, 3, 4, 6, 7])
  })

  test('regex literals with slashes and stars are code', () => {
    const text = lines(
      'const r = /x\\/*/g', //                 1: "x" then slashes; read as code, `/*` would open a comment
      'a()', //                                 2
      'const s = /[/*]+/', //                   3: '/' inside a class does not close it
      'b()', //                                 4
      'if (ok) return /\\/*/.test(v)', //      5: after `return` a slash opens a regex
      'c()', //                                 6
      '// comment', //                          7
    )
    expect(codeLineNumbers(text)).toEqual([1, 2, 3, 4, 5, 6])
  })

  test('a division is not a regex, so a later // still starts a comment', () => {
    const text = lines(
      'const half = total / 2', //              1
      '// a comment with a / slash', //         2
      'const r = f(x) / g[0] / 3', //           3
      '// another', //                          4
      'const q = a /* why */ / b', //           5
    )
    expect(codeLineNumbers(text)).toEqual([1, 3, 5])
  })
})

describe('countCodeLines: TypeScript non-null assertions', () => {
  test("a division after `x!` is not a regex, so a later comment is still a comment", () => {
    expect(codeLineNumbers(lines('const a = b[0]! / c', '}', '/** doc */', 'const d = e! / f', '// note'))).toEqual([1, 2, 4])
  })
})

describe('isCountedSource', () => {
  test('counts .ts sources, not unit or type tests', () => {
    expect(isCountedSource('ops/reduce.ts')).toBe(true)
    expect(isCountedSource('ops/reduce.test.ts')).toBe(false)
    expect(isCountedSource('index.test-d.ts')).toBe(false)
    expect(isCountedSource('README.md')).toBe(false)
  })
})

describe('checkBudgets', () => {
  const file = (pkg: string, f: string, n: number): SourceCount => ({ pkg, name: pkg, file: f, lines: n })

  test('any file may have 300 lines, not 301', () => {
    const overruns = checkBudgets([file('packages/train', 'src/a.ts', 300), file('apps/quiz', 'src/cli.ts', 301)])
    expect(overruns).toEqual([{ where: 'apps/quiz/src/cli.ts', lines: 301, limit: 300, rule: 'any source file' }])
  })

  test('a file directly in packages/layers/src may have 120 lines; nested files follow the 300 rule', () => {
    const overruns = checkBudgets([
      file('packages/layers', 'src/relu.ts', 120),
      file('packages/layers', 'src/affine.ts', 121),
      file('packages/layers', 'src/util/helpers.ts', 200),
    ])
    expect(overruns.map((o) => [o.where, o.limit])).toEqual([['packages/layers/src/affine.ts', BUDGETS.layerFile]])
  })

  test('packages/matrix/src may have 2,000 lines in all', () => {
    const matrix = (n: number) => Array.from({ length: 10 }, (_, i) => file('packages/matrix', `src/f${i}.ts`, n))
    expect(checkBudgets(matrix(200))).toEqual([])
    const overruns = checkBudgets([...matrix(200), file('packages/matrix', 'src/extra.ts', 1)])
    expect(overruns).toEqual([{ where: 'packages/matrix/src', lines: 2001, limit: 2000, rule: 'the matrix core in all' }])
    expect(formatReport(matrix(200), overruns)).toContain('sz: over budget: packages/matrix/src has 2001 lines')
  })
})

describe('countWorkspace', () => {
  let root = ''
  afterEach(() => rmSync(root, { recursive: true, force: true }))
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }

  test('finds src/ of every package under packages/ and apps/, skipping tests', () => {
    root = mkdtempSync(join(tmpdir(), 'dlfs-sz-'))
    write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n  - apps/*\n\nupdateNotifier: false\n')
    write('packages/layers/package.json', '{"name": "@dlfs/layers"}')
    write('packages/layers/src/relu.ts', '// Relu\nexport class Relu {\n}\n')
    write('packages/layers/src/relu.test.ts', 'test()\n')
    write('packages/layers/src/types.test-d.ts', 'expectTypeOf()\n')
    write('packages/layers/src/conv/im2col.ts', 'a\n\nb\n')
    write('apps/quiz/package.json', '{"name": "@dlfs/quiz"}')
    write('apps/quiz/src/cli.ts', 'run()\n')
    write('packages/no-src/package.json', '{"name": "no-src"}')
    write('other/x/src/skipped.ts', 'not in the workspace\n')
    expect(countWorkspace(root)).toEqual([
      { pkg: 'apps/quiz', name: '@dlfs/quiz', file: 'src/cli.ts', lines: 1 },
      { pkg: 'packages/layers', name: '@dlfs/layers', file: 'src/conv/im2col.ts', lines: 2 },
      { pkg: 'packages/layers', name: '@dlfs/layers', file: 'src/relu.ts', lines: 2 },
    ])
  })
})
