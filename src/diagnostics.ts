/** Build diagnostics: an error or warning pinned to a place in a deck. */

export type Severity = 'error' | 'warning'

export interface Diagnostic {
  severity: Severity
  message: string
  /** path of the deck as given by the user; absent when rendering a string */
  file?: string
  /** 1-based */
  line: number
  /** 1-based */
  column: number
}

/** `deck.md:12:5: error: message`, the format editors and CI logs understand. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file ?? '<deck>'}:${d.line}:${d.column}: ${d.severity}: ${d.message}`
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}

/** Thrown by a build that found errors; carries every diagnostic of the deck. */
export class DeckError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error')
    super(errors.map(formatDiagnostic).join('\n'))
    this.name = 'DeckError'
  }
}
