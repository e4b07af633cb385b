import type { CliIO } from './io.js'

/** Ask a yes/no question on the terminal; anything but y/yes (or はい) is no. */
export function askYesNo(io: CliIO, question: string): Promise<boolean> {
  const stdin = io.stdin
  if (!stdin) return Promise.resolve(false)
  io.stdout.write(question)
  return new Promise((resolve) => {
    const onData = (chunk: Buffer | string) => {
      stdin.off('data', onData)
      stdin.pause?.()
      const answer = String(chunk).trim().toLowerCase()
      resolve(answer === 'y' || answer === 'yes' || answer === 'はい')
    }
    stdin.on('data', onData)
    stdin.resume?.()
  })
}
