import { describe, expect, it } from 'vitest'
import { checkImports, matchesModule, reusedExports } from './imports.js'

const affineRule = [{ specifier: '@dlfs/layers', names: ['Affine'] }]

describe('checkImports', () => {
  it('refuses the forbidden name, with the line and the reason in both languages', () => {
    const { violations } = checkImports("import type { NDArray } from '@dlfs/matrix'\nimport { Affine as A } from '@dlfs/layers'", affineRule)
    expect(violations).toHaveLength(1)
    expect(violations[0]!.message.en).toBe(
      "importing Affine from '@dlfs/layers' is not allowed (line 2): this exercise asks you to write Affine yourself. Other modules (such as @dlfs/matrix) are fine.",
    )
    expect(violations[0]!.message.ja).toContain('2 行目')
    expect(violations[0]!.message.ja).toContain('この演習では Affine を自分で実装します')
  })

  it('approves other names of a names-limited rule, and refuses whole-module forms', () => {
    expect(checkImports("import { Relu } from '@dlfs/layers'", affineRule)).toEqual({ violations: [], approved: ['@dlfs/layers'] })
    for (const src of ["import * as L from '@dlfs/layers'", "const L = await import('@dlfs/layers')", "export * from '@dlfs/layers'", "export { Affine } from '@dlfs/layers'"]) {
      expect(checkImports(src, affineRule).violations, src).toHaveLength(1)
    }
  })

  it('refuses any import of a module banned as a whole, subpaths included', () => {
    const rule = [{ specifier: '@dlfs/losses' }]
    expect(checkImports("import '@dlfs/losses'", rule).violations[0]!.message.en).toContain("importing '@dlfs/losses' is not allowed (line 1): this exercise asks you to write it yourself, without @dlfs/losses")
    expect(checkImports("import { x } from '@dlfs/losses/src/softmax.ts'", rule).violations).toHaveLength(1)
    expect(checkImports("import { x } from '@dlfs/lossesX'", rule).violations).toHaveLength(0)
  })

  it('leaves computed dynamic imports to the worker', () => {
    expect(checkImports("await import('@dlfs/lay' + 'ers')", affineRule)).toEqual({ violations: [], approved: [] })
  })

  it('matches a module or a path inside it', () => {
    expect(matchesModule('@dlfs/layers', '@dlfs/layers')).toBe(true)
    expect(matchesModule('@dlfs/layers/src/affine', '@dlfs/layers')).toBe(true)
    expect(matchesModule('@dlfs/layers-extra', '@dlfs/layers')).toBe(false)
  })
})

describe('reusedExports', () => {
  class Ref {}
  it('catches the reference itself and a subclass of it', () => {
    expect(reusedExports({ Affine: Ref }, { Affine: Ref }, affineRule)?.en).toContain("your `Affine` is the kit's own Affine, re-exported")
    expect(reusedExports({ Affine: class extends Ref {} }, { Affine: Ref }, affineRule)?.en).toContain("your `Affine` extends the kit's own Affine")
    expect(reusedExports({ Affine: class extends Ref {} }, { Affine: Ref }, affineRule)?.ja).toContain('継承しています')
  })
  it('lets an own implementation and equal plain values through', () => {
    expect(reusedExports({ Affine: class {} }, { Affine: Ref }, affineRule)).toBeNull()
    expect(reusedExports({ h: 1e-4 }, { h: 1e-4 }, [])).toBeNull()
  })
})
