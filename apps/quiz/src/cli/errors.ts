/** What went wrong, as a stable code scripts and tests can rely on. */
export type QuizErrorCode =
  | 'USAGE'
  | 'UNKNOWN_COMMAND'
  | 'UNKNOWN_EXERCISE'
  | 'NO_WORKSPACE'
  | 'WORKSPACE_NOT_EMPTY'
  | 'MISSING_FILE'
  | 'KIT_FILE_MISSING'
  | 'GRADER_UNAVAILABLE'

/**
 * An error the learner can fix: the message says how (in the chosen language). `main` prints it without
 * a stack and exits with `exitCode` (2 for a bad command line, 1 otherwise). After citty's CLIError.
 */
export class QuizError extends Error {
  override name = 'QuizError'
  constructor(
    readonly code: QuizErrorCode,
    message: string,
    readonly exitCode = code === 'USAGE' || code === 'UNKNOWN_COMMAND' ? 2 : 1,
  ) {
    super(message)
  }
}
