/**
 * Everything the CLI touches outside its arguments: streams, working directory, environment, clock.
 * `main` takes one of these so the tests run every command in-process, without spawning.
 */
export interface OutStream {
  write(text: string): unknown
  isTTY?: boolean
}

/** Keys typed in watch mode. A TTY stdin is put in raw mode so single keys arrive without Enter. */
export interface InStream {
  isTTY?: boolean
  setRawMode?(on: boolean): unknown
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown
  resume?(): unknown
  pause?(): unknown
}

export interface CliIO {
  stdout: OutStream
  stderr: OutStream
  stdin?: InStream
  /** Where the user ran the command: paths printed for them are relative to it. */
  cwd: string
  env: Record<string, string | undefined>
  /** Injectable clock for timestamps (state file, backup names). */
  now?: () => Date
}

/**
 * The real process. `pnpm quiz` runs scripts from the repository root; pnpm passes the folder the user
 * typed the command in as INIT_CWD, so paths are shown relative to that folder.
 */
export function processIO(): CliIO {
  const env = process.env
  const cwd = env.npm_lifecycle_event === 'quiz' && env.INIT_CWD ? env.INIT_CWD : process.cwd()
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd, env }
}
