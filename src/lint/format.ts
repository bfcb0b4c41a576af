/** Lint output: text grouped by file for people, JSON for editors and CI. */
import type { FileReport } from './runner'
import type { Problem } from './types'

export function formatText(files: readonly FileReport[], options: { fixHints: boolean }): string {
  const out: string[] = []
  const all = files.flatMap((f) => f.problems)
  for (const f of files) {
    if (f.problems.length === 0) continue
    out.push(f.file)
    const place = (p: Problem) => `${p.line}:${p.column}`
    const width = Math.max(...f.problems.map((p) => place(p).length))
    const ruleWidth = Math.max(...f.problems.map((p) => p.rule.length))
    for (const p of f.problems) {
      out.push(`  ${place(p).padEnd(width)}  ${p.severity.padEnd(7)}  ${p.rule.padEnd(ruleWidth)}  ${p.message}`)
      if (p.fix && options.fixHints) out.push(`  ${''.padEnd(width)}  ${''.padEnd(7)}  ${''.padEnd(ruleWidth)}  fix (--fix): ${p.fix.description}`)
    }
    out.push('')
  }
  out.push(summary(files.length, all))
  return out.join('\n')
}

export function summary(fileCount: number, problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length
  const warnings = problems.length - errors
  const withProblems = new Set(problems.map((p) => p.file)).size
  const decks = `${fileCount} deck${fileCount === 1 ? '' : 's'}`
  if (problems.length === 0) return `no problems in ${decks}`
  const fixable = problems.filter((p) => p.fix).length
  return (
    `${plural(problems.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${withProblems} of ${decks}` +
    (fixable ? `; ${fixable} can be repaired with --fix` : '')
  )
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** One object per problem, in file and line order. */
export function formatJson(files: readonly FileReport[]): string {
  const list = files.flatMap((f) =>
    f.problems.map((p) => ({
      file: p.file,
      line: p.line,
      column: p.column,
      severity: p.severity,
      rule: p.rule,
      message: p.message,
      ...(p.fix
        ? {
            fix: {
              description: p.fix.description,
              ...(p.fix.edits ? { edits: p.fix.edits.map(({ line, column, endLine, endColumn, text }) => ({ line, column, endLine, endColumn, text })) } : {}),
              ...(p.fix.reencodeFrom ? { reencodeFrom: p.fix.reencodeFrom } : {}),
            },
          }
        : {}),
    })),
  )
  return JSON.stringify(list, null, 2)
}
