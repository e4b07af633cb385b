import type { ExperimentCell, ExperimentRow } from './experiment.js'

/**
 * RFC 4180 CSV of `rows` under the header `columns`: `\n` line ends, a final newline, numbers as JavaScript
 * prints them (shortest digits that read back to the same double), strings quoted when they hold a comma,
 * a quote or a line break. A missing cell is an error, so the header never lies about a row.
 */
export function toCsv(columns: readonly string[], rows: readonly ExperimentRow[]): string {
  const lines = [columns.map(quote).join(',')]
  rows.forEach((row, i) => {
    lines.push(columns.map((c) => {
      const cell = row[c]
      if (cell === undefined) throw new Error(`toCsv: row ${i} has no column '${c}' (columns: ${columns.join(', ')})`)
      return quote(cell)
    }).join(','))
  })
  return `${lines.join('\n')}\n`
}

function quote(cell: ExperimentCell): string {
  const text = String(cell)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Parses what `toCsv` writes (quoted fields included) back into string cells: header row first. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch !== '"') {
        field += ch
      } else if (text[i + 1] === '"') {
        field += '"' // "" inside quotes is one quote
        i++
      } else {
        quoted = false
      }
    } else if (ch === '"') {
      quoted = true
    } else if (ch === ',' || ch === '\n') {
      row.push(field)
      field = ''
      if (ch === '\n') {
        rows.push(row)
        row = []
      }
    } else if (ch !== '\r') {
      field += ch
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field])
  return rows
}
