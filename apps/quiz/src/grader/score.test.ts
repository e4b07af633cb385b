import { describe, expect, it } from 'vitest'
import type { CheckResult } from './result.js'
import { isNotImplemented, scoreOf, statusOf, summarise } from './score.js'

const check = (status: CheckResult['status'], weight = 1): CheckResult => ({ id: status, title: { en: '', ja: '' }, weight, status })

describe('score', () => {
  it('recognises the stub’s TODO of this exercise only', () => {
    expect(isNotImplemented('TODO(5.6.2-affine): not implemented', '5.6.2-affine')).toBe(true)
    expect(isNotImplemented('TODO(5.6.2-affine): Not Implemented yet', '5.6.2-affine')).toBe(true)
    expect(isNotImplemented('TODO(5.6.1-relu): not implemented', '5.6.2-affine')).toBe(false)
    expect(isNotImplemented('TODO(5.6.2-affine)', '5.6.2-affine')).toBe(false)
  })

  it('gives the weighted share of passed checks', () => {
    expect(scoreOf([check('passed', 2), check('failed', 1), check('not-started', 1)])).toBe(0.5)
    expect(scoreOf([])).toBe(0)
  })

  it('is not-started only when every check is, passed only when every check is', () => {
    expect(statusOf([check('not-started'), check('not-started')])).toBe('not-started')
    expect(statusOf([check('passed'), check('not-started')])).toBe('failed')
    expect(statusOf([check('passed'), check('passed')])).toBe('passed')
    expect(statusOf([check('passed')], { en: 'x', ja: 'x' })).toBe('failed')
    expect(statusOf([])).toBe('failed')
  })

  it('assembles a result', () => {
    expect(summarise('a', [check('passed', 3), check('failed', 1)], 12)).toEqual({ id: 'a', status: 'failed', score: 0.75, checks: [check('passed', 3), check('failed', 1)], durationMs: 12 })
  })
})
