import { describe, expect, it } from 'vitest'
import { scanImports, tokenize } from './scan-imports.js'

const specs = (src: string) => scanImports(src).map((r) => [r.kind, r.specifier, r.names, r.line])

describe('scanImports', () => {
  it('reads every static form with its names', () => {
    const src = [
      `import { Affine, Relu as R } from '@dlfs/layers'`,
      `import Def, * as all from "m2"`,
      `import './side-effect.js'`,
      `export { a, b as c } from 'm3'`,
      `export * from 'm4'`,
      `export * as ns from 'm5'`,
      `import x = require('m6')`,
      `import D, { e } from 'm7'`,
    ].join('\n')
    expect(specs(src)).toEqual([
      ['import', '@dlfs/layers', ['Affine', 'Relu'], 1],
      ['import', 'm2', '*', 2],
      ['import', './side-effect.js', [], 3],
      ['export', 'm3', ['a', 'b'], 4],
      ['export', 'm4', '*', 5],
      ['export', 'm5', '*', 6],
      ['require', 'm6', '*', 7],
      ['import', 'm7', ['default', 'e'], 8],
    ])
  })

  it('reads dynamic imports and require, literal or computed', () => {
    const src = "const a = await import('@dlfs/layers')\nconst b = await import('@dlfs/lay' + 'ers')\nconst c = require(`m`)\nconst d = import(`${x}`)"
    expect(specs(src)).toEqual([
      ['dynamic', '@dlfs/layers', '*', 1],
      ['dynamic', null, '*', 2],
      ['require', 'm', '*', 3],
      ['dynamic', null, '*', 4],
    ])
  })

  it('leaves out type-only imports, but keeps the values beside a type', () => {
    const src = "import type { Affine } from '@dlfs/layers'\nimport { type Relu, Sigmoid } from '@dlfs/layers'\nexport type { X } from 'm'\nimport type * as T from 'm'"
    expect(specs(src)).toEqual([['import', '@dlfs/layers', ['Sigmoid'], 2]])
  })

  it('is not fooled by comments, strings, templates or regular expressions', () => {
    const src = [
      `// import { Affine } from '@dlfs/layers'`,
      `/* import('@dlfs/layers') */`,
      `const s = "import { Affine } from '@dlfs/layers'"`,
      'const t = `import(${"@dlfs/layers"})` // a template',
      `const r = /import('x')/g.test(s)`,
      `obj.import('not-a-module'); obj?.require('no')`,
      `const half = a / 2, q = b / 3`,
      `import { real } from 'real'`,
    ].join('\n')
    expect(specs(src)).toEqual([['import', 'real', ['real'], 8]])
  })

  it('keeps counting lines through multi-line comments and templates', () => {
    const src = "/*\n\n*/\nconst t = `a\n${b}\nc`\nimport 'x'"
    expect(specs(src)).toEqual([['import', 'x', [], 7]])
  })

  it('treats a slash after a non-null assertion as a division that ends at the line', () => {
    const src = "const r = this.dW! / n\nimport { Affine } from '@dlfs/layers'"
    expect(specs(src)).toEqual([['import', '@dlfs/layers', ['Affine'], 2]])
  })

  it('tokenizes strings with escapes and the import.meta property', () => {
    expect(tokenize(`'a\\'b' import.meta.url`).map((t) => t.value)).toEqual(["a\\'b", 'import', '.', 'meta', '.', 'url'])
    expect(scanImports('const u = import.meta.url')).toEqual([])
  })
})
