/**
 * Rule: misspelled Marp directives (`<!-- paginat: true -->`, `<!-- _clas: dark -->`).
 * Marp keeps a comment whose keys are not all directives as a presenter note, without a
 * word: the slide silently loses its class, footer or page number. Marpit's own parse of
 * the comments is used (its tokens say which comments it took as directives); a key is
 * reported when it is close to a directive Marp, Marp Core or Marp CLI knows.
 */
import { createRequire } from 'node:module'
import { suggest } from '../../directive/suggest'
import { SourcePositions } from '../source'
import type { Deck, Problem } from '../types'

/** global directives Marp CLI reads for the page's metadata and transitions */
const MARP_CLI = ['title', 'description', 'author', 'image', 'keywords', 'url', 'transition']

/** Marpit's own directive tables, from the Marpit that Marp Core uses (as katex-fonts.ts finds KaTeX). */
function marpitDirectives(): { globals: object; locals: object } {
  const require = createRequire(import.meta.url)
  const marpCore = require.resolve('@marp-team/marp-core')
  return createRequire(marpCore)('@marp-team/marpit/lib/markdown/directives/directives.js')
}

export function knownDirectives(engine: any): string[] {
  const { globals, locals } = marpitDirectives()
  const names = new Set<string>([...Object.keys(globals), ...Object.keys(locals), ...MARP_CLI])
  for (const table of [engine?.customDirectives?.global, engine?.customDirectives?.local]) {
    if (table) for (const name of Object.getOwnPropertyNames(table)) names.add(name)
  }
  return [...names]
}

export function misspelledMarpDirectives(deck: Deck, tokens: any[], known: string[]): Problem[] {
  const positions = new SourcePositions(deck.text)
  const problems: Problem[] = []
  const visit = (list: any[]) => {
    for (const token of list) {
      if (token.children) visit(token.children)
      if (token.type !== 'marpit_comment' || token.meta?.marpitCommentParsed) continue
      const parsed = token.meta?.marpitParsedDirectives
      if (!parsed || typeof parsed !== 'object') continue
      for (const key of Object.keys(parsed)) {
        const bare = key.replace(/^[_$]/, '')
        if (known.includes(bare)) continue
        const guess = suggest(bare, known)
        if (!guess) continue
        const lineStart = positions.lineOffset(token.map?.[0] ?? 0)
        const found = deck.text.indexOf(key, lineStart)
        const { line, column } = positions.at(found === -1 ? lineStart : found)
        problems.push({
          file: deck.file,
          line,
          column,
          severity: 'warning',
          rule: 'directive',
          message: `unknown Marp directive "${key}" (did you mean "${key.slice(0, key.length - bare.length)}${guess}"?): Marp keeps this comment as a presenter note`,
        })
      }
    }
  }
  visit(tokens)
  return problems
}
