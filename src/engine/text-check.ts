/**
 * A deck must be text: bytes that are not UTF-8 (decoded as U+FFFD) or NUL characters
 * mean a binary or wrongly encoded file, reported at their first place instead of being
 * rendered into garbage slides. Text decoded twice (mojibake, `LÃ©onard`) still renders,
 * wrongly: a warning per line, with the repaired words (`livedeck lint --fix` repairs them).
 */
import type { Diagnostic } from '../diagnostics'
import { findMojibake } from './mojibake'
import { SourcePositions } from './source-position'

const NOT_TEXT = /[\uFFFD\u0000]/

export function checkText(markdown: string, file: string | undefined): Diagnostic | undefined {
  const at = markdown.search(NOT_TEXT)
  if (at === -1) return undefined
  const count = markdown.match(/[\uFFFD\u0000]/g)!.length
  const { line, column } = new SourcePositions(markdown).at(at)
  return {
    severity: 'error',
    message: `the deck is not UTF-8 text: ${count} undecodable or NUL character${count > 1 ? 's' : ''}, the first here (is it a binary file, or saved in another encoding?)`,
    file,
    line,
    column,
  }
}

export function checkMojibake(markdown: string, file: string | undefined): Diagnostic[] {
  return findMojibake(markdown).map((m) => ({ severity: 'warning', message: m.message, file, line: m.line, column: m.column }))
}
