import type fc from 'fast-check'
import type { NDArray, Rng } from '@dlfs/matrix'

/** The two languages of every text the learner reads. */
export type Lang = 'ja' | 'en'
/** A text in both languages. */
export interface Text {
  ja: string
  en: string
}

/**
 * Why a check failed, in terms a learner can act on: which output (`dx`, `dW`, …), where (the first
 * wrong index), what was expected and what came back, and, when the pattern is recognisable, the likely
 * mistake ("forgot to divide by the batch size").
 */
export interface FailureDetail {
  message: Text
  /** The output that is wrong: 'dx', 'dW', 'loss', 'forward output', … */
  what?: string
  /** Index of the first wrong element, e.g. [3, 1]. */
  index?: number[]
  expected?: string
  got?: string
  /** The likely mistake, when a diagnoser recognised it. */
  likely?: Text
  /** The input the failure was found on (after fast-check shrinking), printed compactly. */
  input?: string
}

/** Thrown by checks (through the context's expect helpers) to fail with a detail. */
export class CheckFailure extends Error {
  constructor(readonly detail: FailureDetail) {
    super(detail.message.en)
    this.name = 'CheckFailure'
  }
}

/**
 * Recognises a typical wrong result. Given what came back and what was expected (same shape), returns
 * the likely mistake, or null. Diagnosers live in `grader/diagnose.ts`.
 */
export type Diagnoser = (got: NDArray, expected: NDArray) => Text | null

/** Options of the array comparison: numpy's allclose meaning. */
export interface CloseOptions {
  rtol?: number
  atol?: number
  /** Tried in order on a mismatch; the first that recognises the pattern is reported as `likely`. */
  diagnose?: Diagnoser[]
}

/** What every check receives: seeded randomness, and comparisons that fail with a useful detail. */
export interface CheckContext {
  /** Seeded for this check: the same grading seed gives the same inputs. */
  readonly rng: Rng
  readonly seed: number
  readonly lang: Lang
  /**
   * Run `body` on fast-check values drawn with this check's seed; on failure fast-check shrinks to the
   * smallest failing input and the failure reports it (numRuns defaults to 25).
   */
  property<T>(arb: fc.Arbitrary<T>, body: (value: T) => void, opts?: { numRuns?: number }): void
  /** `got` must be an NDArray of `expected`'s shape, allclose to it; else fail naming `what` and the index. */
  expectArrayClose(what: string, got: unknown, expected: NDArray, opts?: CloseOptions): void
  /** `got` must be a finite-or-equal number close to `expected`. */
  expectNumberClose(what: string, got: unknown, expected: number, opts?: { rtol?: number; atol?: number; likely?: (got: number) => Text | null }): void
  /** `got` must be an NDArray of exactly this shape. */
  expectShape(what: string, got: unknown, shape: readonly number[]): void
  /** Exact equality of plain values (numbers, booleans, strings, nested arrays). */
  expectEqual(what: string, got: unknown, expected: unknown): void
  /** The learner's code must not have changed `x` (compare with the copy taken before the call). */
  expectUnchanged(what: string, x: NDArray, before: NDArray): void
  /**
   * Gradient check: `analytic` (the learner's backward) against the central-difference gradient of the
   * learner's own scalar function `f` at `x` (x is perturbed and restored). Fails naming `what` when
   * the max relative error exceeds `tol` (default 1e-5).
   */
  expectGradient(what: string, analytic: unknown, f: () => number, x: NDArray, tol?: number): void
  /** Fail with a message of your own. */
  fail(detail: FailureDetail): never
}

/** One graded aspect of an exercise. Checks are pure functions of the module and the context. */
export interface Check<M> {
  /** Stable id within the exercise, e.g. 'forward-2d'. */
  id: string
  title: Text
  /** Share of the exercise's score (partial credit); weights of an exercise need not sum to 1. */
  weight: number
  run(mod: M, ctx: CheckContext): void | Promise<void>
}

/** An exercise: metadata, hints and checks. Everything here lives in the grader, never in the learner's folder. */
export interface ExerciseDef<M = Record<string, unknown>> {
  /** Stable id: book section + concept, e.g. '5.6.2-affine'. */
  id: string
  chapter: number
  /** The book section, e.g. '§5.6.2'. */
  section: string
  /** The learner's file, relative to the exercises folder: '05-backprop/04-affine/affine.ts'. */
  file: string
  title: Text
  /** At least three hints per language, from vague to specific. */
  hints: { ja: string[]; en: string[] }
  /**
   * Imports the learner's file may not use: the reference of the concept being implemented. `names`
   * limits the ban to some exports (e.g. Affine from @dlfs/layers, while Relu stays allowed).
   */
  forbidden: { specifier: string; names?: string[] }[]
  /** The reference: a module with the same exports as the learner's file, built from the kit's packages. */
  reference(): Promise<M>
  /** What `solution` shows after a pass: a file of the kit (repo-relative), and optionally the symbol. */
  solution: { file: string; symbol?: string }
  checks: Check<M>[]
  /**
   * Typical wrong implementations (at least two): `dev check` proves each one fails `expect.check` with a
   * message (or likely-mistake note) containing `expect.contains` (English text), so the targeted
   * feedback really appears.
   */
  mutants: Mutant<M>[]
}

/** A wrong implementation of an exercise, and the feedback it must get. */
export interface Mutant<M> {
  name: string
  module(): M | Promise<M>
  expect: { check: string; contains: string }
}

/** The identity, typed: `export default defineExercise<AffineModule>({ … })`. */
export function defineExercise<M>(def: ExerciseDef<M>): ExerciseDef<M> {
  return def
}
