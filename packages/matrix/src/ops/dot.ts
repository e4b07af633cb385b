import { NDArray } from '../ndarray.js'
import { ShapeError, ValueError } from '../errors.js'
import { formatShape, sizeOf } from '../shape.js'
import { mul } from './elementwise.js'
import { useReference } from '../kernels/mode.js'
import { matmulReference } from '../kernels/matmul.js'
import { matmulFast } from '../kernels/matmul.fast.js'
import { matmulWasm, wasmMatmulAvailable, wasmMatmulBuild } from '../kernels/matmul.wasm.js'

/** numpy's matmul signature, quoted in its error messages. */
const SIGNATURE = '(n?,k),(k,m?)->(n?,m?)'

/**
 * `np.dot(a, b)`, following numpy's rules:
 * (K,)·(K,) → () inner product; (M,K)·(K,N) → (M,N); (K,)·(K,N) → (N,); (M,K)·(K,) → (M,);
 * (…,K)·(K,) → (…) (sum over the last axis of a); a 0-d operand multiplies element-wise.
 *
 * @example
 * const x = array([[1, 2], [3, 4]])
 * dot(x, array([1, 1]))  // array([3., 7.])
 */
export function dot(a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 0 || b.ndim === 0) return scale(a, b)
  if (b.ndim > 2 || (a.ndim > 2 && b.ndim !== 1)) {
    throw new ShapeError(
      'dot',
      `shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}: dot of a ${a.ndim}-D and a ${b.ndim}-D array is not supported ` +
        '(supported: 1-D and 2-D operands, N-D·1-D, and a 0-d operand)',
      [a.shape, b.shape],
    )
  }
  const k = a.shape[a.ndim - 1]!
  if (k !== b.shape[0]) {
    // numpy's dot_alignment_error: the contracted axes are a's last and b's first.
    throw new ShapeError(
      'dot',
      `shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} not aligned: ${k} (dim ${a.ndim - 1}) != ${b.shape[0]} (dim 0)`,
      [a.shape, b.shape],
    )
  }
  return product(a, b)
}

/**
 * `np.matmul(a, b)` (Python's `a @ b`) for 1-D and 2-D operands: (M,K)·(K,N) → (M,N); a 1-D
 * operand is promoted to a row (first) or a column (second) and that axis dropped from the result.
 * Stacks of matrices (3-D and more) are not supported yet.
 */
export function matmul(a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 0 || b.ndim === 0) {
    const operand = a.ndim === 0 ? 0 : 1
    throw new ValueError('matmul', `Input operand ${operand} does not have enough dimensions (has 0, gufunc core with signature ${SIGNATURE} requires 1)`)
  }
  if (a.ndim > 2 || b.ndim > 2) {
    throw new ShapeError(
      'matmul',
      `shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}: stacks of matrices (3-D and more) are not supported yet ` +
        '(supported: 1-D and 2-D operands)',
      [a.shape, b.shape],
    )
  }
  const k = a.shape[a.ndim - 1]!
  if (k !== b.shape[0]) {
    throw new ShapeError(
      'matmul',
      `Input operand 1 has a mismatch in its core dimension 0, with gufunc signature ${SIGNATURE} (size ${b.shape[0]} is different from ${k})`,
      [a.shape, b.shape],
    )
  }
  return product(a, b)
}

/**
 * The 2-D kernel for the current mode: plain loops under `DLFS_REFERENCE=1`, else the blocked
 * WebAssembly SIMD one, or where WebAssembly SIMD is unavailable the blocked JS one (matmul.fast.ts).
 * The plain loops also take the products they measured faster on: with wasm, those under 8³
 * steps (copying into WebAssembly memory costs more); with the JS kernel, those under 5³ and a
 * single row of A (a vector times a matrix, where the packed 5-row panels would be 4/5 padding;
 * wasm still wins there, 2.8× at (1,784)·(784,50)).
 */
function matmul2d(a: NDArray, b: NDArray): NDArray {
  const M = a.shape[0]!
  const steps = M * a.shape[1]! * b.shape[1]!
  if (useReference()) return matmulReference(a, b)
  if (wasmMatmulAvailable()) return steps < 512 ? matmulReference(a, b) : matmulWasm(a, b)
  return M === 1 || steps < 125 ? matmulReference(a, b) : matmulFast(a, b)
}

/**
 * Which kernel `dot` and `matmul` run for products of 8³ steps and more: 'wasm-fma' (WebAssembly relaxed SIMD:
 * Node ≥ 22, Chromium), 'wasm' (WebAssembly SIMD), 'js' where neither validates, 'reference' under DLFS_REFERENCE=1.
 */
export const matmulKernel = (): 'wasm-fma' | 'wasm' | 'js' | 'reference' => (useReference() ? 'reference' : (wasmMatmulBuild() ?? 'js'))

/** a (…,K) · b (K,N) or (K,), shapes already checked; 1-D operands go through the 2-D kernel as views. */
function product(a: NDArray, b: NDArray): NDArray {
  const B = b.ndim === 2 ? b : new NDArray(b.data, [b.shape[0]!, 1], [b.strides[0]!, 0], b.offset) // (K,1)
  let A: NDArray // (rows, K)
  if (a.ndim === 1) A = new NDArray(a.data, [1, a.shape[0]!], [0, a.strides[0]!], a.offset)
  else if (a.ndim === 2) A = a
  else {
    // (…,K) → (rows,K): merge the leading axes, which needs C order (so copy a strided view).
    const c = a.isContiguous() ? a : a.copy()
    const K = a.shape[a.ndim - 1]!
    A = new NDArray(c.data, [sizeOf(a.shape.slice(0, -1)), K], [K, 1], c.offset)
  }
  const out = matmul2d(A, B) // (rows, N or 1)
  if (a.ndim === 2 && b.ndim === 2) return out
  // Drop the axes that 1-D operands added: numpy's result shape is a.shape[:-1] + b.shape[1:].
  return new NDArray(out.data, [...a.shape.slice(0, -1), ...b.shape.slice(1)])
}

/** dot with a 0-d operand: numpy multiplies element-wise; the result has the other operand's shape (C order). */
function scale(a: NDArray, b: NDArray): NDArray {
  return a.ndim === 0 ? mul(b, a) : mul(a, b) // (×0-d broadcasts, and x·s equals s·x bit for bit)
}
