/** "Did you mean" suggestions for misspelled widget and parameter names. */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo:
 * within a third of the length in edits, or one being an abbreviation (prefix) of the other.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase()
  let best: { name: string; score: number } | undefined
  for (const name of candidates) {
    const c = name.toLowerCase()
    const distance = editDistance(w, c)
    const limit = Math.max(1, Math.floor(Math.max(w.length, c.length) / 3))
    const abbreviation = w.length >= 2 && (c.startsWith(w) || w.startsWith(c))
    if (distance > limit && !abbreviation) continue
    const score = abbreviation ? Math.min(distance, 1.5) : distance
    if (!best || score < best.score) best = { name, score }
  }
  return best?.name
}
