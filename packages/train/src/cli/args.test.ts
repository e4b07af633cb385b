import { describe, expect, it } from 'vitest'
import { DEFAULT_HIDDEN, DEFAULT_LR, FLAG_NAMES, NETS, UsageError, parseCliArgs, type TrainArgs } from './args.js'
import { usage } from './usage.js'

function train(argv: string[]): TrainArgs {
  const command = parseCliArgs(argv)
  if (command.kind !== 'train') throw new Error(`expected a train command, got ${command.kind}`)
  return command.args
}

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv)
  } catch (e) {
    if (e instanceof UsageError) return e.message
    throw e
  }
  throw new Error(`no UsageError for ${argv.join(' ')}`)
}

describe('cli: parseCliArgs', () => {
  it("defaults to the book's ch05 recipe: two-layer, sgd lr 0.1, batch 100, hidden 50, 20 epochs, seed 0", () => {
    const a = train([])
    expect(a).toMatchObject({ net: 'two-layer', optimizer: 'sgd', lr: 0.1, batchSize: 100, hidden: [50], epochs: 20, seed: 0 })
    expect(a).toMatchObject({ weightDecay: 0, dropout: 0, batchnorm: false, trainSize: null, testSize: null, dataDir: null, save: null, load: null, json: false, quiet: false })
    expect(train(['train'])).toEqual(a) // `train` is the default command
  })

  it('reads every flag', () => {
    const a = train([
      'train', '--net', 'multi-layer-extend', '--optimizer', 'ADAM', '--lr', '1e-3', '--epochs', '2.5', '--batch-size', '32',
      '--hidden', '100, 50', '--seed', '7', '--weight-decay', '0.1', '--dropout', '0.2', '--batchnorm', '--train-size', '300',
      '--test-size', '100', '--eval-samples', '50', '--data-dir', 'mnist/', '--save', 'a.safetensors', '--load=b.safetensors',
      '--json', '--quiet',
    ])
    expect(a).toEqual({
      net: 'multi-layer-extend', optimizer: 'adam', lr: 0.001, epochs: 2.5, batchSize: 32, hidden: [100, 50], seed: 7,
      weightDecay: 0.1, dropout: 0.2, batchnorm: true, shift: 0, trainSize: 300, testSize: 100, evalSamples: 50, dataDir: 'mnist/',
      save: 'a.safetensors', load: 'b.safetensors', json: true, quiet: true,
    })
    expect(train(['--net', 'simple-conv', '--shift', '2'])).toMatchObject({ net: 'simple-conv', shift: 2 })
    expect(train(['--net', 'deep-conv', '--shift', '0'])).toMatchObject({ net: 'deep-conv', shift: 0 })
  })

  it('takes each optimizer\'s book default lr when --lr is not given, and each net\'s default hidden sizes', () => {
    for (const [name, lr] of Object.entries(DEFAULT_LR)) expect(train(['--optimizer', name]).lr).toBe(lr)
    for (const net of NETS) expect(train(['--net', net]).hidden).toEqual(DEFAULT_HIDDEN[net])
  })

  it('answers --help / -h and --version / -V before validating anything else', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' })
    expect(parseCliArgs(['--lr', 'x', '-h'])).toEqual({ kind: 'help' })
    expect(parseCliArgs(['-V'])).toEqual({ kind: 'version' })
  })

  it.each([
    [['--foo'], 'unknown flag --foo'],
    [['-x'], 'unknown flag -x'],
    [['--lr'], "flag --lr needs a value (write --lr=VALUE for a value starting with '-')"],
    [['--lr', '-1'], "flag --lr needs a value (write --lr=VALUE for a value starting with '-')"],
    [['--lr=-1'], '--lr must be a number > 0, got -1'],
    [['--lr', '0'], '--lr must be a number > 0, got 0'],
    [['--lr', 'fast'], "--lr must be a number > 0, got 'fast'"],
    [['--lr', '0x10'], "--lr must be a number > 0, got '0x10'"],
    [['--lr', 'Infinity'], "--lr must be a number > 0, got 'Infinity'"],
    [['--json=yes'], 'flag --json takes no value'],
    [['--net', 'resnet'], "unknown --net 'resnet' (choose one of: two-layer, two-layer-sigmoid, multi-layer, multi-layer-extend, simple-conv, deep-conv)"],
    [['--optimizer', 'lbfgs'], "unknown --optimizer 'lbfgs' (choose one of: sgd, momentum, nesterov, adagrad, rmsprop, adam)"],
    [['--epochs', '-1'], "flag --epochs needs a value (write --epochs=VALUE for a value starting with '-')"],
    [['--epochs=-1'], '--epochs must be a number >= 0, got -1'],
    [['--batch-size', '0'], '--batch-size must be an integer >= 1, got 0'],
    [['--batch-size', '1.5'], '--batch-size must be an integer >= 1, got 1.5'],
    [['--seed', '1e20'], '--seed must be an integer >= 0, got 1e20'],
    [['--dropout', '1'], '--dropout must be a number in [0, 1), got 1'],
    [['--train-size', '0'], '--train-size must be an integer >= 1, got 0'],
    [['--hidden', '50,x'], "--hidden must be a size or a comma-separated list of sizes (integers >= 1), like 50 or 100,100, got '50,x'"],
    [['--hidden', '100,100'], '--net two-layer takes one hidden size, got --hidden 100,100 (lists are for multi-layer nets)'],
    [['--net', 'simple-conv', '--hidden', '10,10'], '--net simple-conv takes one hidden size, got --hidden 10,10 (lists are for multi-layer nets)'],
    [['--net', 'deep-conv', '--hidden', '50'], "--net deep-conv has the book's fixed architecture (ch08); drop --hidden 50"],
    [['--weight-decay', '0.1'], '--weight-decay needs --net multi-layer or multi-layer-extend (got --net two-layer)'],
    [['--net', 'multi-layer', '--dropout', '0.5'], '--dropout needs --net multi-layer-extend (got --net multi-layer)'],
    [['--shift', '2'], '--shift moves images, so it needs a conv net, --net simple-conv or deep-conv (got --net two-layer)'],
    [['--net', 'simple-conv', '--shift', '1.5'], '--shift must be an integer in [0, 27], got 1.5'],
    [['--net', 'simple-conv', '--batchnorm'], '--batchnorm needs --net multi-layer-extend (got --net simple-conv)'],
    [['--save', ''], '--save needs a path, got an empty string'],
    [['tarin'], "unexpected argument 'tarin' (commands: train (the default), experiment)"],
    [['train', 'extra'], "unexpected argument 'extra' (commands: train (the default), experiment)"],
  ])('%j → %s', (argv, message) => {
    expect(usageError(argv)).toBe(message)
  })
})

describe('cli: usage text', () => {
  it('mentions every flag, the defaults and an example', () => {
    const text = usage()
    for (const name of FLAG_NAMES) expect(text).toContain(`--${name}`)
    for (const net of NETS) expect(text).toContain(net)
    expect(text).toContain('default two-layer')
    expect(text).toContain('Examples')
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100)
  })
})
