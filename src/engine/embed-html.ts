/** The HTML a `live:` directive becomes in the slide. Every value is escaped. */
import { formatDiagnostic, type Diagnostic } from '../diagnostics'
import type { Params } from '../directive/validate'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c])
}

export interface Embed {
  id: string
  name: string
  params: Params
  /** `deck.md:12`, shown by the runtime if the widget fails in the browser */
  source: string
}

export function embedHtml(embed: Embed): string {
  const height = Number(embed.params.height)
  return (
    `<div class="live-embed" id="${escapeHtml(embed.id)}" data-live="${escapeHtml(embed.name)}"` +
    ` data-live-source="${escapeHtml(embed.source)}"` +
    ` data-live-params="${escapeHtml(JSON.stringify(embed.params))}"` +
    ` style="height:${Number.isFinite(height) ? height : 440}px">` +
    `<div class="live-placeholder">${escapeHtml(embed.name)}: live widget (opens with the Livedeck runtime)</div>` +
    `</div>\n`
  )
}

/** What a slide shows where a directive is broken, so no slide is silently blank. */
export function errorHtml(diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.map((d) => `<li>${escapeHtml(formatDiagnostic(d))}</li>`).join('')
  return `<div class="live-embed live-error" role="alert"><strong>Livedeck directive error</strong><ul>${lines}</ul></div>\n`
}
