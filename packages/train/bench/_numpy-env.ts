/**
 * The environment for a python3 child that runs numpy: BLAS on one thread (dlfs runs on one), and without
 * OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, so OpenBLAS picks its kernels for this CPU (this subprocess only),
 * as packages/matrix/bench/matmul.bench.ts does.
 */
export function numpyEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }
  delete env.OPENBLAS_CORETYPE
  delete env.OPENBLAS_L2_SIZE
  return env
}
