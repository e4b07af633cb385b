/**
 * Which kernels run: the fast paths (default) or the plain-loop references.
 * `DLFS_REFERENCE=1` in the environment selects the references for a whole run, so a learner
 * (or a test) can check that a result does not depend on the fast path. Read without importing
 * any Node module, so the package also runs in a browser.
 */
let reference = readEnv()

function readEnv(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  const v = env?.DLFS_REFERENCE
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false'
}

/** True when every call should go to the reference kernels. */
export function useReference(): boolean {
  return reference
}

/** Switch between reference and fast kernels at run time (tests use it to compare the two). */
export function setReferenceMode(on: boolean): void {
  reference = on
}
