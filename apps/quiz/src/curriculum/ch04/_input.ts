// Shared by the chapter 4 and 7 checks: attach a readable description of the input to a failure.
import { CheckFailure } from '../../grader/types.js'

/**
 * Run `body`; if it fails a check, report `input` (e.g. "x (2, 3), stride 2") as the input the
 * failure was found on, in place of fast-check's raw record of sizes and seed.
 */
export function withInput<T>(input: string, body: () => T): T {
  try {
    return body()
  } catch (e) {
    if (e instanceof CheckFailure && e.detail.input === undefined) throw new CheckFailure({ ...e.detail, input })
    throw e
  }
}
