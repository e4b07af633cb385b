// Checks shared by the element-wise activations of chapter 3 (step, sigmoid, relu): the result must match
// the reference on arrays of any shape, on the edge shapes (0-d, empty, one element), and leave x unchanged.
import fc from 'fast-check'
import { array, zeros, type NDArray } from '@dlfs/matrix'
import type { Check, CheckContext, Diagnoser } from '../../grader/types.js'
import { randn } from '../../grader/inputs.js'
import { callLearner, expectClose, ignoringLibraryErrors, show } from '../ch01/_check-helpers.js'

/** An activation exercise: the learner's function, the reference, and the typical mistakes on x. */
export interface Activation<M> {
  /** The book's name, used in messages: 'sigmoid' → "sigmoid(x)[2] is …". */
  name: string
  pick(mod: M): (x: NDArray) => NDArray
  reference(x: NDArray): NDArray
  /** Recognisers of typical mistakes, built for the input x. */
  diagnose(x: NDArray): Diagnoser[]
}

/** Arrays of rank 1 to 3, each axis 1 to 5 long, with values randn·scale. */
export function anyShape(scale: number): fc.Arbitrary<NDArray> {
  const axes = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 })
  return fc.record({ shape: axes, seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }).map(({ shape, seed }) => randn(seed, shape, scale))
}

/** The learner's activation of x must equal the reference's, element by element and in shape. */
export function expectActivation<M>(ctx: CheckContext, act: Activation<M>, mod: M, x: NDArray): void {
  const what = `${act.name}(x)`
  const got = callLearner(ctx, what, () => act.pick(mod)(x))
  const keepShape: Diagnoser = (g, e) =>
    g.size === e.size && g.ndim !== e.ndim
      ? { en: 'the result must keep the shape of x: build it with x.shape (or reshape it back)', ja: '結果は x と同じ形状にします。x.shape で作るか、最後に reshape で戻してください' }
      : null
  expectClose(ctx, what, got, act.reference(x), [...act.diagnose(x), keepShape], { input: `x = ${show(x)}` })
}

/** 'random-shapes', 'edge-shapes' and 'inputs-unchanged' for an activation; values drawn as randn·scale. */
export function activationChecks<M>(act: Activation<M>, scale: number): Check<M>[] {
  return [
    {
      id: 'random-shapes',
      title: { ja: '任意の形状の配列で参照実装と一致する', en: 'matches the reference on arrays of any shape' },
      weight: 3,
      run(mod, ctx) {
        ctx.property(anyShape(scale), (x) => expectActivation(ctx, act, mod, x))
      },
    },
    {
      id: 'edge-shapes',
      title: { ja: '0 次元・空・要素 1 つの配列', en: '0-d, empty and one-element arrays' },
      weight: 1,
      run(mod, ctx) {
        const xs = [array(0.7), array(-0.3), zeros([0]), array([-2.5]), zeros([2, 0]), array([[1.5], [-1.5]])]
        for (const x of xs) expectActivation(ctx, act, mod, x)
      },
    },
    {
      id: 'inputs-unchanged',
      title: { ja: '引数を書き換えない', en: 'leaves its argument unchanged' },
      weight: 1,
      run(mod, ctx) {
        const x = randn(ctx.seed, [3, 4], scale)
        const x0 = x.copy()
        ignoringLibraryErrors(() => act.pick(mod)(x))
        ctx.expectUnchanged('x', x, x0)
      },
    },
  ]
}
