/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbours as one edit
 * each (optimal string alignment), for "did you mean" suggestions: 'lsit' is one edit from 'list'.
 */
export function editDistance(a: string, b: string): number {
  // d[i][j]: distance between the first i characters of a and the first j of b.
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/**
 * Up to `max` candidates close to `query`: those containing it (or contained in it), else those within
 * an edit distance of a third of its length (at least 2); of those, only the nearest.
 */
export function closeMatches(query: string, candidates: readonly string[], max = 3): string[] {
  const q = query.toLowerCase()
  const scored = candidates
    .map((c) => {
      const l = c.toLowerCase()
      const contains = q.length >= 2 && (l.includes(q) || q.includes(l))
      return { c, d: contains ? 0 : editDistance(q, l) }
    })
    .filter(({ d }) => d <= Math.max(2, Math.floor(q.length / 3)))
  const best = Math.min(...scored.map(({ d }) => d))
  return scored.filter(({ d }) => d === best).slice(0, max).map(({ c }) => c)
}
