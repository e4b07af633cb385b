import { NDArray } from '../ndarray.js'

/**
 * What matmul computes, in plain i-k-j loops: a (M,K) · b (K,N) → a new C-contiguous (M,N).
 * `C[i,j] = Σ_k A[i,k]·B[k,j]`. Both operands are read through their strides and offset, so a
 * transposed view (`x.T`) or a strided slice works as it is, without a copy.
 * The caller (`ops/dot.ts`) has checked that both are 2-D and that `a.shape[1] === b.shape[0]`.
 *
 * `matmulFast` (matmul.fast.ts) must agree with this function; `DLFS_REFERENCE=1` runs this one instead.
 */
export function matmulReference(a: NDArray, b: NDArray): NDArray {
  const M = a.shape[0]!
  const K = a.shape[1]!
  const N = b.shape[1]!
  const sa0 = a.strides[0]!, sa1 = a.strides[1]! // A[i,k] at a.offset + i·sa0 + k·sa1
  const sb0 = b.strides[0]!, sb1 = b.strides[1]!
  const out = new Float64Array(M * N) // (M,N), C order: C[i,j] at i·N + j
  // i-k-j order: the innermost loop walks row i of C and row k of B, so A[i,k] is read once.
  for (let i = 0; i < M; i++) {
    for (let k = 0; k < K; k++) {
      const aik = a.data[a.offset + i * sa0 + k * sa1]! // A[i,k]
      const bk = b.offset + k * sb0 // B[k,0]
      for (let j = 0; j < N; j++) out[i * N + j]! += aik * b.data[bk + j * sb1]!
    }
  }
  return new NDArray(out, [M, N])
}
