import type { CiResults } from './ci-results.js'

/**
 * JUnit XML for CI dashboards (GitLab, Jenkins, GitHub test reporters): one testsuite per exercise, one
 * testcase per check. A check that is not started counts as a failure (the work is not done); a skipped
 * check is skipped. An exercise whose file does not load gets one failing `load` testcase.
 */
export function junitXml(results: CiResults): string {
  const suites: string[] = []
  let tests = 0
  let failures = 0
  let skipped = 0
  let time = 0
  for (const ex of results.exercises) {
    const cases: string[] = []
    let f = 0
    let sk = 0
    if (ex.error && ex.checks.every((c) => c.status !== 'failed')) {
      f++
      cases.push(`    <testcase classname="${esc(ex.id)}" name="load"><failure message="${esc(firstLine(ex.error))}" type="error">${esc(ex.error, false)}</failure></testcase>`)
    }
    for (const c of ex.checks) {
      const open = `    <testcase classname="${esc(ex.id)}" name="${esc(`${c.id}: ${c.title}`)}"`
      if (c.status === 'passed') cases.push(`${open}/>`)
      else if (c.status === 'skipped') {
        sk++
        cases.push(`${open}><skipped message="${esc(c.message ?? '')}"/></testcase>`)
      } else {
        f++
        const msg = c.message ?? ''
        cases.push(`${open}><failure message="${esc(firstLine(msg))}" type="${c.status}">${esc(msg, false)}</failure></testcase>`)
      }
    }
    const seconds = ex.durationMs / 1000
    tests += cases.length
    failures += f
    skipped += sk
    time += seconds
    suites.push(
      `  <testsuite name="${esc(`${ex.id} ${ex.title}`)}" tests="${cases.length}" failures="${f}" errors="0" skipped="${sk}" time="${seconds.toFixed(3)}">\n` +
        `    <properties><property name="score" value="${ex.score}"/><property name="status" value="${ex.status}"/></properties>\n` +
        `${cases.join('\n')}\n  </testsuite>`,
    )
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="dlfs-quiz" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">\n` +
    `${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`
  )
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? ''
}

/** Escape for an XML attribute (or text, keeping newlines); drop the control characters XML 1.0 cannot hold. */
export function esc(text: string, attribute = true): string {
  const escaped = text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
  return attribute ? escaped.replace(/\n/g, '&#10;') : escaped
}
