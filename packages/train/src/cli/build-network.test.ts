import { describe, expect, it } from 'vitest'
import { Rng, zeros } from '@dlfs/matrix'
import { DEFAULT_HIDDEN, NETS } from './args.js'
import { buildNetwork, isConvNet } from './build-network.js'

const spec = (net: (typeof NETS)[number]) => ({ net, hidden: [...DEFAULT_HIDDEN[net]], weightDecay: 0, dropout: 0, batchnorm: false })

describe('cli: buildNetwork', () => {
  it.each(NETS.filter((n) => n !== 'deep-conv'))('%s maps MNIST input to 10 scores', (net) => {
    const network = buildNetwork(spec(net), new Rng(0))
    const x = isConvNet(net) ? zeros([2, 1, 28, 28]) : zeros([2, 784])
    expect(network.predict(x).shape).toEqual([2, 10])
  })

  it('deep-conv takes (N, 1, 28, 28) images: its first filters are (16, 1, 3, 3)', () => {
    const network = buildNetwork(spec('deep-conv'), new Rng(0))
    expect(isConvNet('deep-conv')).toBe(true)
    expect(network.params.W1!.shape).toEqual([16, 1, 3, 3])
  })

  it('passes the hidden sizes, weight decay, dropout and batchnorm to multi-layer-extend', () => {
    const network = buildNetwork({ net: 'multi-layer-extend', hidden: [7, 5], weightDecay: 0.1, dropout: 0.3, batchnorm: true }, new Rng(0))
    expect(Object.keys(network.params).sort()).toEqual(['W1', 'W2', 'W3', 'b1', 'b2', 'b3', 'beta1', 'beta2', 'gamma1', 'gamma2'])
    expect(network.params.W2!.shape).toEqual([7, 5])
    expect((network as unknown as { weightDecayLambda: number }).weightDecayLambda).toBe(0.1)
  })

  it('draws the weights from the given Rng: same seed, same weights', () => {
    const a = buildNetwork(spec('two-layer'), new Rng(3)).params.W1!
    const b = buildNetwork(spec('two-layer'), new Rng(3)).params.W1!
    const c = buildNetwork(spec('two-layer'), new Rng(4)).params.W1!
    expect(b.toArray()).toEqual(a.toArray())
    expect(c.toArray()).not.toEqual(a.toArray())
  })
})
