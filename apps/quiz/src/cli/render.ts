import type { ExerciseDef, FailureDetail } from '../grader/types.js'
import type { Colors } from './color.js'
import type { CheckResult, ExerciseResult, ExerciseStatus } from './grader-api.js'
import type { Session } from './session.js'

/** At most this many lines of what the learner's code printed (console.log) are shown. */
const OUTPUT_LINES = 20

/** ✓ passed, ✗ failed, · not started, - skipped: the same marks in every listing. */
export function mark(c: Colors, status: ExerciseStatus | 'skipped'): string {
  if (status === 'passed') return c.green('✓')
  if (status === 'failed') return c.red('✗')
  if (status === 'skipped') return c.dim('-')
  return c.dim('·')
}

/** A score in [0, 1] as a whole percentage. */
export function percent(score: number): string {
  return `${Math.round(score * 100)}%`
}

/** One line per exercise: mark, id, title, score (lists and `check` of all). */
export function exerciseLine(s: Session, def: ExerciseDef<any>, status: ExerciseStatus, score: number | null, note = ''): string {
  const scoreText = score === null || status === 'not-started' ? '' : `  ${status === 'passed' ? s.c.green(percent(score)) : percent(score)}`
  return `${mark(s.c, status)} ${s.c.bold(def.id)}  ${def.title[s.lang]}${scoreText}${note ? `  ${s.c.dim(note)}` : ''}`
}

/**
 * A failure as the learner needs it: the message, then what the message does not already say (the
 * wrong output and index, expected vs got), the likely mistake, and the (shrunk) input it was found on.
 */
export function detailLines(s: Session, d: FailureDetail, c: Colors = s.c): string[] {
  const { m } = s
  const head = d.message[s.lang]
  const lines = [head]
  if (d.what && d.index && !head.includes(`[${d.index.join(', ')}]`)) lines.push(`${m.label.at}  ${d.what}[${d.index.join(', ')}]`)
  if (d.expected !== undefined && d.got !== undefined && !(head.includes(d.expected) && head.includes(d.got))) {
    lines.push(`${m.label.expected}  ${c.green(d.expected)}`, `${m.label.got}  ${c.red(d.got)}`)
  }
  if (d.likely) lines.push(c.yellow(`${m.label.likely}  ${d.likely[s.lang]}`))
  if (d.input) lines.push(c.dim(`${m.label.input}  ${d.input}`))
  return lines
}

function checkLines(s: Session, check: CheckResult, shownError: string | undefined): string[] {
  const note = check.status === 'not-started' ? `  ${s.c.dim(s.m.status['not-started'])}` : check.status === 'skipped' ? `  ${s.c.dim(s.m.skipped)}` : ''
  const out = [`  ${mark(s.c, check.status)} ${check.title[s.lang]}${note}`]
  if (check.status !== 'failed') return out
  // A reason shared by the whole exercise (a time-out, a crash) is printed once, above the checks.
  const message = check.message?.[s.lang]
  const body = check.detail ? detailLines(s, check.detail) : message && message !== shownError ? [message] : []
  for (const line of body) for (const part of line.split('\n')) out.push(`      ${part}`)
  return out
}

/** The full report of one graded exercise (`check <id>`, watch). */
export function renderResult(s: Session, def: ExerciseDef<any>, result: ExerciseResult, file: string): string {
  const { m, c } = s
  const out = [`${c.bold(def.id)}  ${def.title[s.lang]}  ${c.dim(`(${def.section})`)}`, c.dim(`  ${file}`), '']
  if (result.error) out.push(...result.error[s.lang].split('\n').map((l) => `  ${c.red(l)}`), '')
  for (const check of result.checks) out.push(...checkLines(s, check, result.error?.[s.lang]))
  if (result.output?.trim()) {
    const lines = result.output.trimEnd().split('\n')
    const shown = lines.length > OUTPUT_LINES ? [...lines.slice(0, OUTPUT_LINES), '…'] : lines
    out.push('', c.dim(m.printed), ...shown.map((l) => `  ${c.dim('│')} ${l}`))
  }
  const seconds = (result.durationMs / 1000).toFixed(1)
  const verdict =
    result.status === 'passed'
      ? c.green(`✓ ${m.status.passed}`)
      : result.status === 'failed'
        ? c.red(`✗ ${m.status.failed}`)
        : c.dim(`· ${m.status['not-started']}`)
  out.push('', `${verdict}  ${m.label.score} ${percent(result.score)}  ${c.dim(`${seconds} s`)}`)
  if (result.status === 'not-started') out.push(c.dim(m.notStartedHelp(def.id)))
  return `${out.join('\n')}\n`
}

/** The one-line reason a failed exercise failed, for `check` of all: its first failing check. */
export function firstFailure(s: Session, result: ExerciseResult): string | null {
  if (result.error) return result.error[s.lang].split('\n')[0]!
  const failed = result.checks.find((ch) => ch.status === 'failed')
  if (!failed) return null
  const why = failed.detail ? failed.detail.message[s.lang] : (failed.message?.[s.lang] ?? '')
  return `${failed.title[s.lang]}: ${why.split('\n')[0]}`
}
