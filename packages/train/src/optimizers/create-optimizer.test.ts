import { describe, expect, it } from 'vitest'
import { ValueError } from '@dlfs/matrix'
import { createOptimizer, optimizerNames } from './create-optimizer.js'
import { SGD } from './sgd.js'
import { Momentum } from './momentum.js'
import { Nesterov } from './nesterov.js'
import { AdaGrad } from './adagrad.js'
import { RMSprop } from './rmsprop.js'
import { Adam } from './adam.js'
import { expectThrows } from '../../test/optimizer-suite.js'

const classes = { SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam }

describe('6.1-create-optimizer: by the book\'s names', () => {
  it('lists the six optimizers in the book\'s order', () => {
    expect(optimizerNames).toEqual(['SGD', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSprop', 'Adam'])
  })
  it.each(optimizerNames)('builds %s from its name in any letter case', (name) => {
    for (const spelled of [name, name.toLowerCase(), name.toUpperCase()]) {
      expect(createOptimizer(spelled)).toBeInstanceOf(classes[name])
    }
  })
  it('passes the options on', () => {
    const opt = createOptimizer('momentum', { lr: 0.05, momentum: 0.5 }) as Momentum
    expect([opt.lr, opt.momentum]).toEqual([0.05, 0.5])
    const adam = createOptimizer('ADAM', { lr: 0.002, beta1: 0.8, beta2: 0.99 }) as Adam
    expect([adam.lr, adam.beta1, adam.beta2]).toEqual([0.002, 0.8, 0.99])
    expect((createOptimizer('rmsprop', { decayRate: 0.9 }) as RMSprop).decayRate).toBe(0.9)
  })
  it('takes options as the Trainer holds them, a Record<string, number>', () => {
    const optimizerParam: Record<string, number> = { lr: 0.1 }
    expect((createOptimizer('SGD', optimizerParam) as SGD).lr).toBe(0.1)
  })
})

describe('6.1-create-optimizer: errors', () => {
  it('lists the valid names for an unknown one', () => {
    expectThrows(() => createOptimizer('adamw'), ValueError,
      `createOptimizer: unknown optimizer 'adamw' (valid names: SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam; any letter case)`)
  })
  it('does not take the book Trainer\'s misspelling \'rmsprpo\'', () => {
    expect(() => createOptimizer('rmsprpo')).toThrow(ValueError)
  })
  it('lets the optimizer reject options that are not its own', () => {
    expectThrows(() => createOptimizer('SGD', { lr: 0.1, momentum: 0.9 }), ValueError, `SGD: unknown option 'momentum' (valid options: lr)`)
  })
})
