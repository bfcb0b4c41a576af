/** What lint reports: problems pinned to a place in a deck, each from one rule. */
import type { Severity } from '../diagnostics'
import type { TextEdit } from '../engine/source-position'

export type { TextEdit }

export type RuleName = 'directive' | 'syntax' | 'engine' | 'theme' | 'missing-image' | 'remote-resource' | 'mojibake' | 'encoding' | 'overflow'

export interface Fix {
  /** what applying the fix does, in words */
  description: string
  /** replacements in the text; absent for a fix of the whole file's encoding */
  edits?: TextEdit[]
  /** the file's text is re-read from this encoding and written as UTF-8 */
  reencodeFrom?: string
}

export interface Problem {
  file: string
  line: number
  column: number
  severity: Severity
  rule: RuleName
  message: string
  fix?: Fix
}

/** A deck as lint reads it. */
export interface Deck {
  /** path as given (or found in a given folder) */
  file: string
  bytes: Buffer
  /** the text, decoded as UTF-8 as the build does (undecodable bytes become U+FFFD) */
  text: string
}
