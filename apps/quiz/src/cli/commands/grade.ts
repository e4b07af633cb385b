import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import type { ExerciseDef } from '../../grader/types.js'
import type { ParsedArgs } from '../args.js'
import { githubAnnotations } from '../annotations.js'
import { ciResults, type CiResults } from '../ci-results.js'
import type { ExerciseResult } from '../grader-api.js'
import { getGrader, gradeMany, gradeOptions, numberFlag } from '../grading.js'
import { junitXml } from '../junit.js'
import { exerciseLine, percent } from '../render.js'
import { findExercise, openSession, rel, type Session } from '../session.js'
import { recordResult } from '../state.js'

/** Where results go without --out. */
export const DEFAULT_OUT = 'dlfs-quiz-results'

/**
 * `grade [--ci] [--out DIR] [--seed N] [--min-score X] [--chapter N] [ids…]`: grade every exercise (or
 * the chosen ones) headless with partial credit; write DIR/results.json and DIR/junit.xml, GitHub
 * annotations when GITHUB_ACTIONS=true. Exit 1 below --min-score, or (without it) if any exercise failed.
 * With --ci the progress file is left alone.
 */
export async function runGrade(s: Session, { args, values }: ParsedArgs): Promise<number> {
  const opts = gradeOptions(s, values)
  const minScore = values['min-score'] !== undefined ? numberFlag(s, 'min-score', values['min-score'], { min: 0, max: 1 }) : null
  const chapter = values.chapter !== undefined ? numberFlag(s, 'chapter', values.chapter, { integer: true, min: 1 }) : null
  const chosen = args.length > 0 ? new Set(args.map((a) => findExercise(s, a).id)) : null
  const defs = s.curriculum.filter((d) => (chapter === null || d.chapter === chapter) && (!chosen || chosen.has(d.id)))
  const opened = openSession(s)
  const grader = await getGrader(s)
  const graded: { def: ExerciseDef<any>; result: ExerciseResult }[] = []
  await gradeMany(s, grader, opened.ws, defs, opts, (def, result) => {
    graded.push({ def, result })
    if (values.ci !== true) recordResult(opened.state, result, s.now())
    s.out(`${exerciseLine(s, def, result.status, result.score)}\n`)
  })
  if (values.ci !== true) opened.save()
  const results = ciResults(s, graded, opts.seed ?? 0)
  const outDir = resolve(s.io.cwd, values.out ?? DEFAULT_OUT)
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
  writeFileSync(join(outDir, 'junit.xml'), junitXml(results))
  if (s.io.env.GITHUB_ACTIONS === 'true') reportToGitHub(s, results, opened.ws.dir, defs)
  const { total } = results
  s.out(`\n${s.m.gradeTotal(percent(total.score), total.passed, total.failed, total.notStarted, total.max)}\n`)
  s.out(`${s.c.dim(s.m.gradeWrote(rel(s, join(outDir, 'results.json')), rel(s, join(outDir, 'junit.xml'))))}\n`)
  if (minScore !== null) {
    if (total.score + 1e-9 >= minScore) return 0
    s.out(`${s.c.red(s.m.gradeBelowMin(percent(total.score), percent(minScore)))}\n`)
    return 1
  }
  return total.failed > 0 ? 1 : 0
}

/** Annotations on the learner's files, and a table in the job summary. */
function reportToGitHub(s: Session, results: CiResults, workspace: string, defs: ExerciseDef<any>[]): void {
  const root = s.io.env.GITHUB_WORKSPACE ?? s.io.cwd
  const fileOf = (file: string) => {
    const abs = join(workspace, file)
    return { abs, shown: relative(root, abs).split('\\').join('/') }
  }
  s.out(githubAnnotations(results, fileOf, (id) => defs.find((d) => d.id === id)?.solution.symbol, s.m.status['not-started']))
  const summary = s.io.env.GITHUB_STEP_SUMMARY
  if (!summary) return
  const rows = results.exercises.map((e) => `| ${e.status === 'passed' ? '✅' : e.status === 'failed' ? '❌' : '⚪'} | \`${e.id}\` | ${e.title} | ${percent(e.score)} |`)
  const head = `### dlfs-quiz: ${percent(results.total.score)} (${results.total.passed}/${results.total.max})\n\n| | id | | score |\n|---|---|---|---|\n`
  try {
    appendFileSync(summary, `${head}${rows.join('\n')}\n`)
  } catch {
    // The summary is a nicety: never fail the grade over it.
  }
}
