import { describe, expect, it } from 'vitest'
import { LastLineHolder, flatRatios, parseBenchArgs } from './bench.ts'

const KEYS = ['matmul', 'trainStep']

describe('parseBenchArgs', () => {
  it('runs every bench, human output, by default', () => {
    expect(parseBenchArgs([], KEYS)).toEqual({ json: false, only: KEYS })
  })

  it('reads --json and --only, and ignores the literal -- that pnpm 12 forwards', () => {
    expect(parseBenchArgs(['--', '--json'], KEYS)).toEqual({ json: true, only: KEYS })
    expect(parseBenchArgs(['--only', 'trainStep'], KEYS)).toEqual({ json: false, only: ['trainStep'] })
    expect(parseBenchArgs(['--only=matmul,trainStep', '--json'], KEYS)).toEqual({ json: true, only: KEYS })
  })

  it('names the flags when an argument is unknown', () => {
    expect(() => parseBenchArgs(['--jsn'], KEYS)).toThrow("bench: unknown argument '--jsn' (flags: --json, --only matmul,trainStep)")
    expect(() => parseBenchArgs(['--only', 'conv'], KEYS)).toThrow("bench: --only takes matmul, trainStep; got 'conv'")
  })
})

describe('LastLineHolder', () => {
  it('passes every line through but the last, across chunk boundaries', () => {
    const h = new LastLineHolder()
    expect(h.push('table\nrow 1\nro')).toEqual(['table'])
    expect(h.push('w 2\n{"a":')).toEqual(['row 1'])
    expect(h.push('1}\n')).toEqual(['row 2'])
    expect(h.end()).toEqual({ before: [], last: '{"a":1}' })
  })

  it('treats a final line without a newline as the last line', () => {
    const h = new LastLineHolder()
    expect(h.push('a\nb')).toEqual([])
    expect(h.end()).toEqual({ before: ['a'], last: 'b' })
  })

  it('has no last line for empty output', () => {
    expect(new LastLineHolder().end()).toEqual({ before: [], last: null })
  })
})

describe('flatRatios', () => {
  it("lifts every bench's top-level …Vs… ratios (numbers and nulls) into one object", () => {
    const merged = {
      matmul: { bench: 'matmul', matmulVsNumpy: 2.4, matmulVsTfjsWasm: 1.75, wasmGoal: { vsNumpy: 0.5 }, cases: [{ wasmVsNumpy: 2.4 }] },
      trainStep: { bench: 'train-step', twoLayerStepMs: 2.4, twoLayerStepVsNumpy: 3.1, twoLayerStepVsTfjsWasm: 1.2, convStepVsNumpy: 2.5, convStepVsTfjsWasm: null },
    }
    expect(flatRatios(merged)).toEqual({
      matmulVsNumpy: 2.4, matmulVsTfjsWasm: 1.75,
      twoLayerStepVsNumpy: 3.1, twoLayerStepVsTfjsWasm: 1.2, convStepVsNumpy: 2.5, convStepVsTfjsWasm: null,
    })
  })

  it('skips a bench that printed no JSON, and fields that are not ratios', () => {
    expect(flatRatios({ matmul: null, trainStep: { twoLayerStepVsNumpy: 3, notes: ['x'], Vs: 1, fooVsbar: 2, aVsB: '1' } }))
      .toEqual({ twoLayerStepVsNumpy: 3 })
  })
})
