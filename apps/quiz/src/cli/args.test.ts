import { describe, expect, it } from 'vitest'
import { parseCliArgs } from './args.js'

describe('dlfs-quiz arguments', () => {
  it('watch takes an optional exercise id', () => {
    expect(parseCliArgs(['watch']).args).toEqual([])
    expect(parseCliArgs(['watch', '3.2.4-sigmoid'])).toMatchObject({ command: 'watch', args: ['3.2.4-sigmoid'] })
  })

  it('ignores a leading -- (as `pnpm quiz -- check` passes it)', () => {
    expect(parseCliArgs(['--', 'check', '5.6.2-affine'])).toMatchObject({ command: 'check', args: ['5.6.2-affine'] })
  })

  it('refuses a second argument to watch', () => {
    expect(() => parseCliArgs(['watch', 'a', 'b'])).toThrow()
  })
})
