/** `livedeck lint INPUT... [--fix] [--format text|json] [--strict | --no-strict] [--no-browser]` */
import { isCi } from '../../export/progress'
import { formatJson, formatText } from '../../lint/format'
import { fixFile } from '../../lint/fix'
import { expandInputs } from '../../lint/inputs'
import { UsageError } from '../usage-error'

export async function run(positionals: string[], options: Record<string, string | boolean | undefined>): Promise<number> {
  if (positionals.length === 0) throw new UsageError('lint takes one or more decks or folders: livedeck lint INPUT... [--fix] [--format json]')
  if (options.strict && options['no-strict']) throw new UsageError('--strict and --no-strict contradict each other')
  // as for build: warnings fail with --strict, or in CI (CI=true) unless --no-strict
  const strict = options['no-strict'] ? false : options.strict === true || isCi(process.env)
  const format = (options.format as string | undefined) ?? 'text'
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format expects text or json, got "${format}"`)
  const files = expandInputs(positionals)
  const say = (line: string) => process.stderr.write(line + '\n')
  if (files.length === 0) say(`livedeck: no decks found in ${positionals.join(', ')} (a deck is a .md file with \`marp: true\` in its front matter)`)
  // the engine and the browser driver load only once the command line is known to be right
  const { lint, readDeck } = await import('../../lint/runner')

  if (options.fix) {
    for (const file of files) {
      let deck
      try {
        deck = readDeck(file)
      } catch {
        continue // reported by the lint below
      }
      const fixed = fixFile(deck)
      if (fixed.skipped) say(`${file}: not fixed: ${fixed.skipped}`)
      else if (fixed.changes.length) say(`${file}: fixed ${fixed.changes.length} place${fixed.changes.length > 1 ? 's' : ''} (the original is kept as ${fixed.backup}):\n  ${fixed.changes.join('\n  ')}`)
    }
  }

  const report = await lint(files, { browser: !options['no-browser'] })
  for (const note of report.notes) say(`livedeck: ${note}`)
  process.stdout.write((format === 'json' ? formatJson(report.files) : formatText(report.files, { fixHints: !options.fix })) + '\n')
  const problems = report.files.flatMap((f) => f.problems)
  const failing = problems.filter((p) => p.severity === 'error' || (strict && p.severity === 'warning'))
  return failing.length > 0 ? 1 : 0
}
