/** The HTML a `live:` directive becomes in the slide. Every value is escaped. */
import { formatDiagnostic, type Diagnostic } from '../diagnostics'
import type { Params } from '../directive/validate'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c])
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** The text of an attribute value as written in HTML (named entities of escapeHtml and numeric ones). */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? whole
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
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
