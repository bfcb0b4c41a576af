/**
 * Rule: what the engine itself reports when it renders the deck (the same checks as
 * `livedeck build`): unknown or misspelled widgets and parameters, values out of range,
 * mistyped `live:` keywords, missing local images, unknown themes, text that is not UTF-8
 * (its mojibake warnings are left to the mojibake rule, which offers the repairs).
 * The deck is rendered once; the render is kept for the overflow rule.
 */
import { Livedeck } from '../../engine'
import type { Diagnostic } from '../../diagnostics'
import type { Deck, Problem, RuleName } from '../types'
import { knownDirectives, misspelledMarpDirectives } from './marp-directives'

export interface Rendered {
  html: string
  css: string
  /** 1-based source line where each slide's content starts, in slide order */
  slideLines: number[]
}

export function renderDeck(deck: Deck): { problems: Problem[]; rendered?: Rendered } {
  const engine = new Livedeck({ livedeck: { file: deck.file, report: 'none', throwOnError: false } })
  let html: string
  let css: string
  try {
    ;({ html, css } = engine.render(deck.text))
  } catch (e) {
    return { problems: [{ file: deck.file, line: 1, column: 1, severity: 'error', rule: 'engine', message: `the deck could not be rendered: ${(e as Error).message.split('\n')[0]}` }] }
  }
  // the mojibake rule reports the same lines with their repairs as fixes
  const problems = engine.diagnostics.map((d) => toProblem(deck.file, d)).filter((p) => p.rule !== 'mojibake')
  const tokens: any[] = engine.markdown.parse(deck.text, {})
  problems.push(...misspelledMarpDirectives(deck, tokens, knownDirectives(engine)))
  return { problems, rendered: { html, css, slideLines: slideLines(tokens) } }
}

function toProblem(file: string, d: Diagnostic): Problem {
  return { file, line: d.line, column: d.column, severity: d.severity, rule: ruleOf(d.message), message: d.message }
}

function ruleOf(message: string): RuleName {
  if (/^image not found/.test(message)) return 'missing-image'
  if (/^unknown theme/.test(message)) return 'theme'
  if (/^the deck is not UTF-8/.test(message)) return 'encoding'
  if (/^text decoded twice/.test(message)) return 'mojibake'
  if (/front matter|HTML comment/.test(message)) return 'syntax'
  if (/^remote .* will not load offline/.test(message)) return 'remote-resource'
  if (/directive|widget|parameter|^expected|YAML|unterminated/i.test(message)) return 'directive'
  return 'engine'
}

/** Where each slide starts: the first line with content after its divider. */
function slideLines(tokens: any[]): number[] {
  const lines: number[] = []
  let waiting = false
  for (const t of tokens) {
    if (t.type === 'marpit_slide_open') {
      lines.push((t.map?.[0] ?? 0) + 1)
      waiting = lines.length > 1
    } else if (waiting && t.map && t.type !== 'marpit_slide_close' && t.type !== 'marpit_comment') {
      lines[lines.length - 1] = t.map[0] + 1
      waiting = false
    }
  }
  return lines
}
