import type { ExerciseDef } from '../../grader/types.js'
import type { ParsedArgs } from '../args.js'
import { watchExercise, type FileWatch } from '../file-watcher.js'
import { getGrader, gradeOne, gradeOptions } from '../grading.js'
import { renderResult } from '../render.js'
import { findExercise, learnerFile, nextExercise, openSession, rel, type Session } from '../session.js'
import { recordResult } from '../state.js'
import { exerciseBlock, progressBlock } from './home.js'
import { runHint } from './hint.js'
import { runList } from './list.js'

/**
 * `watch`: grade the current exercise (the first not passed) now and on every save. Keys on a terminal:
 * n next, h hint, l list, r re-check, q quit. Without a terminal there are no keys: it moves on by
 * itself after a pass, and runs until interrupted. Resolves with the exit code when the learner quits.
 */
export async function runWatch(s: Session, parsed: ParsedArgs): Promise<number> {
  const opts = gradeOptions(s, parsed.values)
  const opened = openSession(s)
  const grader = await getGrader(s)
  const stdin = s.io.stdin
  const keys = stdin?.isTTY === true
  // `watch <id>` starts at that exercise; plain `watch` at the next one not passed.
  let current = parsed.args[0] !== undefined ? findExercise(s, parsed.args[0]) : nextExercise(s, opened.state)
  if (!current) {
    s.out(`${s.c.green(s.m.allPassed(s.curriculum.length, s.bin))}\n`)
    return 0
  }
  return new Promise<number>((resolve) => {
    let watcher: FileWatch | null = null
    let running = false
    let pending = false
    let first = true
    let done = false

    const grade = async () => {
      if (running) {
        pending = true
        return
      }
      running = true
      do {
        pending = false
        const def = current!
        let result
        try {
          result = await gradeOne(s, grader, opened.ws, def, opts)
        } catch (e) {
          // The file was deleted or renamed mid-save: say so and keep watching (a later save brings it back).
          s.err(`${s.ce.yellow('!')} ${e instanceof Error ? e.message : String(e)}\n`)
          continue
        }
        if (done || def !== current) continue
        recordResult(opened.state, result, s.now())
        opened.save()
        if (!first && keys && s.io.stdout.isTTY) s.out('\x1b[2J\x1b[H')
        first = false
        s.out(`${renderResult(s, def, result, rel(s, learnerFile(opened.ws, def)))}\n`)
        if (result.status === 'passed') {
          s.out(`${s.c.green(keys ? s.m.watchPassedKeys : s.m.watchPassed)}\n`)
          if (!keys) {
            switchTo(nextExercise(s, opened.state))
            continue
          }
        }
        s.out(`${s.c.dim(keys ? s.m.watchKeys : s.m.watchNoKeys)}\n`)
      } while (pending && !done)
      running = false
    }

    const switchTo = (def: ExerciseDef<any> | null) => {
      watcher?.close()
      watcher = null
      if (!def) {
        s.out(`\n${s.c.green(s.m.allPassed(s.curriculum.length, s.bin))}\n`)
        quit()
        return
      }
      current = def
      first = true
      s.out(`\n${progressBlock(s, opened)}\n${exerciseBlock(s, opened, def)}\n`)
      const file = learnerFile(opened.ws, def)
      watcher = watchExercise(file, () => void grade(), {
        poll: parsed.values.poll === true,
        onFallback: (reason) => s.err(`${s.ce.yellow('!')} ${s.m.watchFallback(reason)}\n`),
      })
      s.out(`${s.c.dim(s.m.watching(rel(s, file), watcher.mode))}\n\n`)
      pending = true
      if (!running) void grade()
    }

    /** The exercise after the current one that has not passed (wrapping round), or null when all passed. */
    const following = (): ExerciseDef<any> | null => {
      const list = s.curriculum
      const at = list.indexOf(current!)
      for (let k = 1; k <= list.length; k++) {
        const d = list[(at + k) % list.length]!
        if (opened.state.exercises[d.id]?.status !== 'passed') return d
      }
      return null
    }

    const onKey = (chunk: Buffer | string) => {
      for (const key of String(chunk)) {
        if (key === 'q' || key === '\u0003' || key === '\u0004') return quit()
        if (key === 'n') return switchTo(following())
        if (key === 'r') return void grade()
        if (key === 'h' || key === 'l') {
          s.out('\n')
          if (key === 'h') runHint(s, { args: [current!.id] }, opened)
          else runList(s, opened)
          s.out(`${s.c.dim(s.m.watchKeys)}\n`)
          return
        }
      }
    }

    const onSigint = () => quit()
    function quit() {
      if (done) return
      done = true
      watcher?.close()
      process.off('SIGINT', onSigint)
      if (keys && stdin) {
        stdin.off('data', onKey)
        stdin.setRawMode?.(false)
        stdin.pause?.()
      }
      resolve(0)
    }

    process.on('SIGINT', onSigint)
    if (keys && stdin) {
      stdin.setRawMode?.(true)
      stdin.on('data', onKey)
      stdin.resume?.()
    }
    switchTo(current)
  })
}
