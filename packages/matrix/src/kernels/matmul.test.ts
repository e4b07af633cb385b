import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NDArray } from '../ndarray.js'
import { matmulReference } from './matmul.js'
import { BLOCKING, matmulFast } from './matmul.fast.js'
import { LAYOUTS, dim, expectMatchesReference, matrix, operandsArb, smallDim, values } from '../../test/matmul-operands.js'

const { MR, NR, KC, MC, NC } = BLOCKING

/** fast equals the reference (test/matmul-operands.ts: NaN, infinities, finite values within 1e-12 of Σ|a|·|b|). */
const expectAgreement = (a: NDArray, b: NDArray): void => expectMatchesReference('fast', matmulFast, a, b)

describe('3.3-dot: matmulFast against matmulReference', () => {
  it('agrees within 1e-12 on random shapes (0, 1, odd, past MC) and contiguous, x.T, strided and reversed operands', () => {
    // K reaches past KC sometimes, so the sums over k run in several packed blocks.
    const k = fc.oneof({ weight: 4, arbitrary: dim }, { weight: 1, arbitrary: fc.integer({ min: KC - 6, max: KC + 40 }) })
    fc.assert(fc.property(operandsArb(dim, k), ({ a, b }) => expectAgreement(a, b)), { numRuns: 150 })
  })

  it('agrees when every block boundary is crossed: M > 2·MC, K > 2·KC, N > NC, none a tile multiple', () => {
    const [M, K, N] = [2 * MC + MR + 2, 2 * KC + 7, NC + NR + 1]
    const a = matrix(values(M * K, 1), M, K, 'transposed') // x.T: the Affine backward operand
    const b = matrix(values(K * N, 2), K, N, 'strided')
    expectAgreement(a, b)
  })

  it('handles every shape with sides 0, 1 and 2, in every layout; K = 0 gives zeros', () => {
    for (const [M, K, N] of [0, 1, 2].flatMap((m) => [0, 1, 2].flatMap((k) => [0, 1, 2].map((n) => [m, k, n] as const)))) {
      for (const la of LAYOUTS) {
        const a = matrix(values(M * K, M + 3 * K), M, K, la, 1)
        const b = matrix(values(K * N, N + 5 * K), K, N, LAYOUTS[(M + N) % LAYOUTS.length]!, 2)
        expectAgreement(a, b)
        if (K === 0) expect(Array.from(matmulFast(a, b).data)).toEqual(new Array(M * N).fill(0))
      }
    }
  })

  it('propagates NaN and ±Infinity exactly as the reference (NaN·0 is NaN, inf·0 is NaN, inf − inf is NaN)', () => {
    fc.assert(fc.property(operandsArb(smallDim, smallDim, true), ({ a, b }) => expectAgreement(a, b)), { numRuns: 200 })
  })

  it('never skips a zero: NaN or ±Infinity in A (or B) makes its row (column) of C NaN, even against zeros', () => {
    // (7,3)·(3,5): rows 5-6 and column 4 fall in edge tiles of the 5×2 micro-kernel.
    for (const [where, value] of [[6, NaN], [2, Infinity], [5, -Infinity], [4, NaN], [0, Infinity]] as const) {
      const special = values(21, 7)
      special[where * 3 + 1] = value // A[where, 1]
      const c = matmulFast(matrix(special, 7, 3, 'contiguous'), matrix(new Array(15).fill(0), 3, 5, 'strided'))
      for (let i = 0; i < 7; i++) {
        for (let j = 0; j < 5; j++) expect(c.get(i, j)).toBe(i === where ? NaN : 0)
      }
      const specialB = values(15, 8)
      specialB[1 * 5 + where % 5] = value // B[1, where % 5]
      const d = matmulFast(matrix(new Array(21).fill(0), 7, 3, 'transposed'), matrix(specialB, 3, 5, 'contiguous'))
      for (let i = 0; i < 7; i++) {
        for (let j = 0; j < 5; j++) expect(d.get(i, j)).toBe(j === where % 5 ? NaN : 0)
      }
    }
  })

  it('reuses its packing buffer safely: a large product, then small ones with edge tiles', () => {
    const big = [matrix(values(130 * 300, 3), 130, 300, 'contiguous'), matrix(values(300 * 129, 4), 300, 129, 'transposed')] as const
    expectAgreement(...big)
    for (const [M, K, N] of [[3, 7, 1], [6, 2, 3], [11, 5, 7]] as const) {
      expectAgreement(matrix(values(M * K, M), M, K, 'reversed'), matrix(values(K * N, N), K, N, 'contiguous'))
    }
  })

  it('leaves its operands unchanged and returns a fresh C-contiguous array', () => {
    const a = matrix(values(12 * 9, 5), 12, 9, 'transposed')
    const b = matrix(values(9 * 4, 6), 9, 4, 'strided')
    const [aData, bData] = [a.data.slice(), b.data.slice()]
    for (const c of [matmulFast(a, b), matmulReference(a, b)]) {
      expect(c.shape).toEqual([12, 4])
      expect(c.isContiguous()).toBe(true)
      expect(c.data.buffer).not.toBe(a.data.buffer)
      expect(c.data.buffer).not.toBe(b.data.buffer)
    }
    expect(a.data).toEqual(aData)
    expect(b.data).toEqual(bData)
  })
})

describe('3.3-dot: matmulReference', () => {
  it('computes Σ_k A[i,k]·B[k,j] on a hand-checked product, read through views', () => {
    // [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]]
    for (const la of LAYOUTS) {
      for (const lb of LAYOUTS) {
        const c = matmulReference(matrix([1, 2, 3, 4], 2, 2, la, 1), matrix([5, 6, 7, 8], 2, 2, lb, 3))
        expect(c.toArray()).toEqual([[19, 22], [43, 50]])
      }
    }
  })
})
