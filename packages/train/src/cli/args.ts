import { parseArgs } from 'node:util'

/** The networks `--net` names, each one of the book's classes. */
export const NETS = ['two-layer', 'two-layer-sigmoid', 'multi-layer', 'multi-layer-extend', 'simple-conv', 'deep-conv'] as const
/** A `--net` value. */
export type NetName = (typeof NETS)[number]
/** The optimizers `--optimizer` names (book §6.1). */
export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const
/** An `--optimizer` value (lower case; createOptimizer takes any case). */
export type OptimizerFlag = (typeof OPTIMIZERS)[number]

/** `--lr` when not given: 0.1 for sgd (the ch05 recipe), else the optimizer's default in common/optimizer.py. */
export const DEFAULT_LR: Readonly<Record<OptimizerFlag, number>> = {
  sgd: 0.1, momentum: 0.01, nesterov: 0.01, adagrad: 0.01, rmsprop: 0.01, adam: 0.001,
}
/** `--hidden` when not given: ch05's 50; ch06's five-layer net [100, 100, 100, 100]; ch07's 100; none for deep-conv (fixed). */
export const DEFAULT_HIDDEN: Readonly<Record<NetName, readonly number[]>> = {
  'two-layer': [50], 'two-layer-sigmoid': [50], 'multi-layer': [100, 100, 100, 100],
  'multi-layer-extend': [100, 100, 100, 100], 'simple-conv': [100], 'deep-conv': [],
}
/** The other defaults, shared with the usage text. */
export const DEFAULTS = { net: 'two-layer', optimizer: 'sgd', epochs: 20, batchSize: 100, seed: 0, weightDecay: 0, dropout: 0, shift: 0 } as const

/** Everything one training run needs, validated. trainSize/testSize/evalSamples null = all. */
export interface TrainArgs {
  net: NetName
  optimizer: OptimizerFlag
  lr: number
  epochs: number
  batchSize: number
  /** Hidden layer sizes: one for two-layer nets and simple-conv, a list for multi-layer nets, [] for deep-conv. */
  hidden: number[]
  seed: number
  weightDecay: number
  dropout: number
  batchnorm: boolean
  /** Data augmentation: move each training image by up to this many pixels (randomShift); 0 = none. Conv nets only. */
  shift: number
  trainSize: number | null
  testSize: number | null
  evalSamples: number | null
  dataDir: string | null
  save: string | null
  load: string | null
  json: boolean
  quiet: boolean
}

/** What the command line asks for. */
export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'train'; args: TrainArgs }

/** A bad command line: main prints the message and "run dlfs-train --help", and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

const OPTIONS = {
  net: { type: 'string' }, optimizer: { type: 'string' }, lr: { type: 'string' }, epochs: { type: 'string' },
  'batch-size': { type: 'string' }, hidden: { type: 'string' }, seed: { type: 'string' },
  'weight-decay': { type: 'string' }, dropout: { type: 'string' }, batchnorm: { type: 'boolean' }, shift: { type: 'string' },
  'train-size': { type: 'string' }, 'test-size': { type: 'string' }, 'eval-samples': { type: 'string' },
  'data-dir': { type: 'string' }, save: { type: 'string' }, load: { type: 'string' },
  json: { type: 'boolean' }, quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' },
} as const

/** Every long flag, without its dashes (the usage text must mention each). */
export const FLAG_NAMES: readonly string[] = Object.keys(OPTIONS)

/** Parses and validates `dlfs-train [train] --flag value …` (argv without node and the script). Throws UsageError. */
export function parseCliArgs(argv: readonly string[]): Command {
  const parsed = tokenize(argv)
  const { values: v, positionals } = parsed
  if (v.help) return { kind: 'help' }
  if (v.version) return { kind: 'version' }
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== 'train')) {
    const extra = positionals.find((p, i) => i > 0 || p !== 'train')
    throw new UsageError(`unexpected argument '${extra}' (commands: train (the default), experiment)`)
  }

  const net = oneOf('--net', v.net ?? DEFAULTS.net, NETS)
  const optimizer = oneOf('--optimizer', (v.optimizer ?? DEFAULTS.optimizer).toLowerCase(), OPTIMIZERS)
  const args: TrainArgs = {
    net,
    optimizer,
    lr: v.lr === undefined ? DEFAULT_LR[optimizer] : num('--lr', v.lr, { min: 0, exclusiveMin: true }),
    epochs: v.epochs === undefined ? DEFAULTS.epochs : num('--epochs', v.epochs, { min: 0 }),
    batchSize: v['batch-size'] === undefined ? DEFAULTS.batchSize : num('--batch-size', v['batch-size'], { min: 1, integer: true }),
    hidden: v.hidden === undefined ? [...DEFAULT_HIDDEN[net]] : hiddenList(v.hidden),
    seed: v.seed === undefined ? DEFAULTS.seed : num('--seed', v.seed, { min: 0, integer: true }),
    weightDecay: v['weight-decay'] === undefined ? DEFAULTS.weightDecay : num('--weight-decay', v['weight-decay'], { min: 0 }),
    dropout: v.dropout === undefined ? DEFAULTS.dropout : num('--dropout', v.dropout, { min: 0, max: 1, exclusiveMax: true }),
    batchnorm: v.batchnorm ?? false,
    shift: v.shift === undefined ? DEFAULTS.shift : num('--shift', v.shift, { min: 0, max: 27, integer: true }),
    trainSize: optionalCount('--train-size', v['train-size']),
    testSize: optionalCount('--test-size', v['test-size']),
    evalSamples: optionalCount('--eval-samples', v['eval-samples']),
    dataDir: nonEmpty('--data-dir', v['data-dir']),
    save: nonEmpty('--save', v.save),
    load: nonEmpty('--load', v.load),
    json: v.json ?? false,
    quiet: v.quiet ?? false,
  }
  checkNetFlags(args, v.hidden !== undefined)
  return { kind: 'train', args }
}

function tokenize(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true })
  } catch (e) {
    throw new UsageError(parseErrorText(e))
  }
}

/** Flags that only some networks take. */
function checkNetFlags(a: TrainArgs, hiddenGiven: boolean): void {
  const multi = a.net === 'multi-layer' || a.net === 'multi-layer-extend'
  if (a.net === 'deep-conv' && hiddenGiven) {
    throw new UsageError(`--net deep-conv has the book's fixed architecture (ch08); drop --hidden ${a.hidden.join(',')}`)
  }
  if (!multi && a.hidden.length > 1) {
    throw new UsageError(`--net ${a.net} takes one hidden size, got --hidden ${a.hidden.join(',')} (lists are for multi-layer nets)`)
  }
  if (!multi && a.weightDecay > 0) {
    throw new UsageError(`--weight-decay needs --net multi-layer or multi-layer-extend (got --net ${a.net})`)
  }
  if (a.shift > 0 && a.net !== 'simple-conv' && a.net !== 'deep-conv') {
    throw new UsageError(`--shift moves images, so it needs a conv net, --net simple-conv or deep-conv (got --net ${a.net})`)
  }
  if (a.net !== 'multi-layer-extend' && (a.dropout > 0 || a.batchnorm)) {
    const flag = a.dropout > 0 ? '--dropout' : '--batchnorm'
    throw new UsageError(`${flag} needs --net multi-layer-extend (got --net ${a.net})`)
  }
}

interface NumRule {
  min: number
  exclusiveMin?: boolean
  max?: number
  exclusiveMax?: boolean
  integer?: boolean
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/** A decimal number within the rule, or a UsageError naming the flag, the value and the range. */
function num(flag: string, text: string, rule: NumRule): number {
  const x = Number(text)
  const kind = rule.integer ? 'an integer' : 'a number'
  const range = rangeText(rule)
  if (!NUMBER.test(text.trim()) || !Number.isFinite(x)) throw new UsageError(`${flag} must be ${kind} ${range}, got '${text}'`)
  const below = rule.exclusiveMin ? x <= rule.min : x < rule.min
  const above = rule.max !== undefined && (rule.exclusiveMax ? x >= rule.max : x > rule.max)
  if (below || above || (rule.integer && !Number.isSafeInteger(x))) throw new UsageError(`${flag} must be ${kind} ${range}, got ${text}`)
  return x
}

function rangeText(rule: NumRule): string {
  const lo = `${rule.exclusiveMin ? '>' : '>='} ${rule.min}`
  if (rule.max === undefined) return lo
  return `in [${rule.min}, ${rule.max}${rule.exclusiveMax ? ')' : ']'}`
}

function optionalCount(flag: string, text: string | undefined): number | null {
  return text === undefined ? null : num(flag, text, { min: 1, integer: true })
}

function nonEmpty(flag: string, text: string | undefined): string | null {
  if (text === undefined) return null
  if (text.trim() === '') throw new UsageError(`${flag} needs a path, got an empty string`)
  return text
}

/** `--hidden 50` or `--hidden 100,100,100`: positive integers. */
function hiddenList(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim())
  const sizes = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN))
  if (sizes.some((n) => !(Number.isSafeInteger(n) && n >= 1))) {
    throw new UsageError(`--hidden must be a size or a comma-separated list of sizes (integers >= 1), like 50 or 100,100, got '${text}'`)
  }
  return sizes
}

function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T
  throw new UsageError(`unknown ${flag} '${value}' (choose one of: ${choices.join(', ')})`)
}

/** node:util's parse errors, in one short line naming the flag. */
function parseErrorText(e: unknown): string {
  const err = e as { code?: string; message?: string }
  const flag = /'(-[^' ]+)/.exec(err.message ?? '')?.[1] ?? ''
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag}`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(err.message ?? '')
        ? `flag ${flag} takes no value`
        : `flag ${flag} needs a value (write ${flag}=VALUE for a value starting with '-')`
    default:
      return err.message ?? String(e)
  }
}
