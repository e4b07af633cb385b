import { parseArgs } from 'node:util'

/** The commands, as `main` dispatches them (`dev check` is 'dev-check'; no command is 'home'). */
export const COMMANDS = ['home', 'list', 'check', 'watch', 'hint', 'solution', 'reset', 'init', 'grade', 'dev-check'] as const
export type CommandName = (typeof COMMANDS)[number]

/** What the learner types for each command (for "did you mean" and the usage text). */
export const TYPED_COMMANDS = ['list', 'check', 'watch', 'hint', 'solution', 'reset', 'init', 'grade', 'dev', 'help'] as const

const OPTIONS = {
  lang: { type: 'string' },
  workspace: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  seed: { type: 'string' },
  timeout: { type: 'string' },
  poll: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  force: { type: 'boolean' },
  from: { type: 'string' },
  ci: { type: 'boolean' },
  out: { type: 'string' },
  'min-score': { type: 'string' },
  chapter: { type: 'string' },
} as const

type OptionName = keyof typeof OPTIONS
const GLOBAL: OptionName[] = ['lang', 'workspace', 'help', 'version']

/** The options each command accepts besides the global ones. */
export const COMMAND_OPTIONS: Record<CommandName, OptionName[]> = {
  home: [],
  list: [],
  check: ['seed', 'timeout'],
  watch: ['poll', 'seed', 'timeout'],
  hint: [],
  solution: [],
  reset: ['yes'],
  init: ['force', 'from'],
  grade: ['ci', 'out', 'seed', 'min-score', 'chapter', 'timeout'],
  'dev-check': [],
}

/** How many arguments each command takes after its name (grade: any number of ids). */
const MAX_ARGS: Record<CommandName, number> = {
  home: 0, list: 0, check: 1, watch: 1, hint: 1, solution: 1, reset: 1, init: 1, grade: Infinity, 'dev-check': 0,
}

export interface ParsedArgs {
  command: CommandName
  /** Arguments after the command (an exercise id, a folder). */
  args: string[]
  values: {
    lang?: string
    workspace?: string
    help?: boolean
    version?: boolean
    seed?: string
    timeout?: string
    poll?: boolean
    yes?: boolean
    force?: boolean
    from?: string
    ci?: boolean
    out?: string
    'min-score'?: string
    chapter?: string
  }
}

/** A command line that cannot be run; `kind` picks the message. */
export class ArgsError extends Error {
  constructor(
    readonly kind: 'unknown-command' | 'unknown-option' | 'option-not-here' | 'missing-value' | 'dev-needs-check' | 'extra-argument',
    readonly token: string,
    readonly command?: CommandName,
  ) {
    super(`${kind}: ${token}`)
  }
}

/** Split argv into the command, its arguments and the options (validated for that command). */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed
  try {
    // `pnpm quiz -- check` hands the `--` through: a leading one means nothing.
    const args = argv[0] === '--' ? argv.slice(1) : [...argv]
    parsed = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true })
  } catch (e) {
    const code = (e as { code?: string }).code
    const token = /'([^']+)'/.exec((e as Error).message)?.[1] ?? String(e)
    throw new ArgsError(code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? 'missing-value' : 'unknown-option', token)
  }
  const positionals = [...parsed.positionals]
  let first = positionals.shift()
  let help = parsed.values.help === true
  if (first === 'help') {
    help = true
    first = positionals.shift()
  }
  let command: CommandName
  if (first === undefined) command = 'home'
  else if (first === 'dev') {
    const sub = positionals.shift()
    if (sub !== 'check' && !(help && sub === undefined)) throw new ArgsError('dev-needs-check', sub ?? '')
    command = 'dev-check'
  } else if ((COMMANDS as readonly string[]).includes(first) && first !== 'home' && first !== 'dev-check') command = first as CommandName
  else throw new ArgsError('unknown-command', first)
  if (positionals.length > MAX_ARGS[command]) throw new ArgsError('extra-argument', positionals[MAX_ARGS[command]]!, command)
  for (const name of Object.keys(parsed.values) as OptionName[]) {
    if (!GLOBAL.includes(name) && !COMMAND_OPTIONS[command].includes(name)) throw new ArgsError('option-not-here', `--${name}`, command)
  }
  return { command, args: positionals, values: { ...parsed.values, help } }
}
