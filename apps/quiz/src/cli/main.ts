#!/usr/bin/env node
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { curriculum as bookCurriculum } from '../curriculum/index.js'
import type { ExerciseDef, Lang } from '../grader/types.js'
import { detectLang } from '../i18n/detect-lang.js'
import { messages, type Messages } from '../i18n/messages.js'
import { usage } from '../i18n/usage.js'
import { ArgsError, TYPED_COMMANDS, parseCliArgs, type ParsedArgs } from './args.js'
import { closeMatches } from './close-matches.js'
import { colorEnabled, createColors } from './color.js'
import { runCheck } from './commands/check.js'
import { runDevCheck } from './commands/dev-check.js'
import { runGrade } from './commands/grade.js'
import { runHint } from './commands/hint.js'
import { runHome } from './commands/home.js'
import { runInit } from './commands/init.js'
import { runList } from './commands/list.js'
import { runReset } from './commands/reset.js'
import { runSolution } from './commands/solution.js'
import { runWatch } from './commands/watch.js'
import { QuizError } from './errors.js'
import { loadGrader, type Grader } from './grader-api.js'
import { processIO, type CliIO } from './io.js'
import { locateKit, type Kit } from './kit.js'
import type { Session } from './session.js'

/** What tests replace: the kit's location, the exercise list, the grading engine. */
export interface Deps {
  kit?: Kit
  curriculum?: readonly ExerciseDef<any>[]
  loadGrader?: () => Promise<Grader>
}

/**
 * `dlfs-quiz [command] [options]`: argv without node and the script; resolves with the exit code
 * (0 ok; 1 not passed or an error the message explains; 2 a bad command line). Writes only through `io`,
 * so the tests run it in-process. From source: `tsx --conditions=@dlfs/source apps/quiz/src/cli/main.ts`.
 *
 * @example
 * process.exitCode = await main(['check', '5.6.2-affine'])
 */
export async function main(argv: readonly string[], io: CliIO = processIO(), deps: Deps = {}): Promise<number> {
  const bin = io.env.npm_lifecycle_event === 'quiz' ? 'pnpm quiz' : 'dlfs-quiz'
  const ce = createColors(colorEnabled(io.stderr, io.env))
  const envLang = detectLang(undefined, io.env) ?? 'en'
  let m: Messages = messages(envLang)
  try {
    let parsed: ParsedArgs
    try {
      parsed = parseCliArgs(argv)
    } catch (e) {
      if (e instanceof ArgsError) throw argsError(e, messages(langFromArgv(argv) ?? envLang), bin)
      throw e
    }
    const lang = detectLang(parsed.values.lang, io.env)
    if (!lang) throw new QuizError('USAGE', m.badLang(parsed.values.lang ?? ''))
    m = messages(lang)
    const kit = deps.kit ?? locateKit()
    if (parsed.values.version) {
      io.stdout.write(`${kit.version}\n`)
      return 0
    }
    if (parsed.values.help) {
      io.stdout.write(usage(parsed.command, lang, bin))
      return 0
    }
    const s: Session = {
      io,
      lang,
      m,
      c: createColors(colorEnabled(io.stdout, io.env)),
      ce,
      kit,
      curriculum: deps.curriculum ?? bookCurriculum,
      grader: deps.loadGrader ?? loadGrader,
      bin,
      workspaceFlag: parsed.values.workspace,
      now: io.now ?? (() => new Date()),
      out: (text) => void io.stdout.write(text),
      err: (text) => void io.stderr.write(text),
    }
    return await run(s, parsed)
  } catch (e) {
    if (e instanceof QuizError) {
      io.stderr.write(`${ce.red('dlfs-quiz:')} ${e.message}\n`)
      return e.exitCode
    }
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e)
    io.stderr.write(`${ce.red(`dlfs-quiz: ${m.internalError}`)}\n${detail}\n`)
    return 1
  }
}

function run(s: Session, parsed: ParsedArgs): number | Promise<number> {
  switch (parsed.command) {
    case 'home':
      return runHome(s)
    case 'list':
      return runList(s)
    case 'check':
      return runCheck(s, parsed)
    case 'watch':
      return runWatch(s, parsed)
    case 'hint':
      return runHint(s, parsed)
    case 'solution':
      return runSolution(s, parsed)
    case 'reset':
      return runReset(s, parsed)
    case 'init':
      return runInit(s, parsed)
    case 'grade':
      return runGrade(s, parsed)
    case 'dev-check':
      return runDevCheck(s)
  }
}

function argsError(e: ArgsError, m: Messages, bin: string): QuizError {
  switch (e.kind) {
    case 'unknown-command':
      return new QuizError('UNKNOWN_COMMAND', m.unknownCommand(e.token, closeMatches(e.token, TYPED_COMMANDS), bin))
    case 'unknown-option':
      return new QuizError('USAGE', m.unknownOption(e.token, bin))
    case 'option-not-here':
      return new QuizError('USAGE', m.optionNotHere(e.token, e.command === 'dev-check' ? 'dev check' : (e.command ?? ''), bin))
    case 'missing-value':
      return new QuizError('USAGE', m.missingValue(e.token.split(' ')[0] ?? e.token))
    case 'dev-needs-check':
      return new QuizError('USAGE', m.devNeedsCheck(bin))
    case 'extra-argument': {
      const command = e.command === 'dev-check' ? 'dev check' : e.command === 'home' || !e.command ? '' : e.command
      return new QuizError('USAGE', m.extraArgument(e.token, command, bin))
    }
  }
}

/** `--lang` read from a command line that failed to parse, so the error is still in the learner's language. */
function langFromArgv(argv: readonly string[]): Lang | null {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='))
  if (i < 0) return null
  const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1]
  return value === undefined ? null : detectLang(value, {})
}

/**
 * Run the CLI as a process: `main`, then exit with its code once stdout and stderr are flushed. The
 * command is over when `main` resolves (watch resolves when the learner quits), so nothing left
 * running (a worker's port, a timer) may keep the learner waiting at a silent prompt.
 */
export async function runProcess(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const code = await main(argv)
  process.exitCode = code
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
}

// Run when executed directly (tsx …/main.ts, node dist/cli/main.js); bin/dlfs-quiz.js calls runProcess itself.
const entry = process.argv[1]
if (entry !== undefined && realpathOrSelf(entry) === fileURLToPath(import.meta.url)) void runProcess()

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}
