/** Rule: mojibake (see src/engine/mojibake.ts), each line's repairs offered as its fix. */
import { findMojibake } from '../../engine/mojibake'
import type { Deck, Problem } from '../types'

export { repairMojibake } from '../../engine/mojibake'

export function mojibake(deck: Deck): Problem[] {
  return findMojibake(deck.text).map((m) => ({
    file: deck.file,
    line: m.line,
    column: m.column,
    severity: 'warning',
    rule: 'mojibake',
    message: m.message,
    fix: { description: m.description, edits: m.edits },
  }))
}
