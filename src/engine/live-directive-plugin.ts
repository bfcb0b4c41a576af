/**
 * markdown-it plugin consuming `<!-- live: NAME ... -->` comments.
 *
 * Marpit turns HTML comments into `marpit_comment` tokens and collects the ones it
 * does not understand as presenter notes. This rule runs right after inline parsing,
 * before Marpit's directive and note collection, and replaces each live comment by a
 * `livedeck_live` token, validated against the widget's schema: the comment never
 * reaches the notes, and the slide gets the widget (or a visible error) where the
 * comment stood, including inside raw HTML blocks such as column `<div>`s.
 */
import type { WidgetManifest } from '../widget/schema'
import { isLiveDirective, looksLikeMistypedDirective, mistypedDirectiveName, parseDirective } from '../directive/parse'
import { validateDirective } from '../directive/validate'
import type { Diagnostic } from '../diagnostics'
import { embedHtml, errorHtml } from './embed-html'
import { renderState, type RenderState } from './render-state'

type Token = any
type StateCore = any

interface Located {
  /** comment body, between `<!--` and `-->` */
  body: string
  /** offset of the body in the markdown source */
  bodyOffset: number
}

const COMMENT = /<!--([\s\S]*?)-->/g

export function liveDirectivePlugin(md: any, manifests: readonly WidgetManifest[]): void {
  md.core.ruler.after('inline', 'livedeck_live', (state: StateCore) => {
    if (state.inlineMode) return
    const rs = renderState(state.env)
    const out: Token[] = []
    for (const token of state.tokens) {
      if (token.type === 'marpit_comment') {
        out.push(...consumeComment(state, rs, manifests, token, locateBlockComment(state, rs, token)))
      } else if (token.type === 'html_block' && token.content.includes('<!--')) {
        out.push(...splitHtmlBlock(state, rs, manifests, token))
      } else {
        if (token.type === 'inline' && token.children) consumeInlineComments(state, rs, manifests, token)
        out.push(token)
      }
    }
    state.tokens = out
  })

  md.renderer.rules.livedeck_live = (tokens: Token[], idx: number) => tokens[idx].content
}

function consumeComment(state: StateCore, rs: RenderState, manifests: readonly WidgetManifest[], token: Token, where: Located | undefined): Token[] {
  const body = where?.body ?? token.content
  if (!isLiveDirective(body)) {
    warnIfMistyped(state, rs, manifests, body, where?.bodyOffset ?? 0)
    return [token]
  }
  const live = new state.Token('livedeck_live', 'div', 0)
  live.block = token.block
  live.map = token.map
  live.content = directiveHtml(state, rs, manifests, body, where?.bodyOffset ?? 0)
  return [live]
}

function consumeInlineComments(state: StateCore, rs: RenderState, manifests: readonly WidgetManifest[], inline: Token): void {
  let searchFrom = rs.lineOffset(state.src, inline.map?.[0] ?? 0)
  inline.children = inline.children.map((child: Token) => {
    if (child.type !== 'marpit_comment') return child
    const where = findComment(state.src, searchFrom, child.content)
    if (where) searchFrom = where.bodyOffset + where.body.length
    const [result] = consumeComment(state, rs, manifests, child, where)
    if (result !== child) {
      rs.report('warning', 'a `live:` directive inside a paragraph; put it on a line of its own, with blank lines around it', rs.position(state.src, where?.bodyOffset ?? 0))
    }
    return result
  })
}

function splitHtmlBlock(state: StateCore, rs: RenderState, manifests: readonly WidgetManifest[], token: Token): Token[] {
  const content: string = token.content
  const base = state.src.indexOf(content, rs.lineOffset(state.src, token.map?.[0] ?? 0))
  const parts: Token[] = []
  let last = 0
  for (const m of content.matchAll(COMMENT)) {
    const body = m[1]
    const bodyOffset = base !== -1 ? base + m.index + 4 : locateByLine(state, rs, token, content, m.index)
    if (!isLiveDirective(body)) {
      warnIfMistyped(state, rs, manifests, body, bodyOffset)
      continue
    }
    if (m.index > last) parts.push(htmlPiece(state, token, content.slice(last, m.index)))
    const live = new state.Token('livedeck_live', 'div', 0)
    live.block = true
    live.map = token.map
    live.content = directiveHtml(state, rs, manifests, body, bodyOffset)
    parts.push(live)
    last = m.index + m[0].length
  }
  if (parts.length === 0) return [token]
  if (last < content.length) parts.push(htmlPiece(state, token, content.slice(last)))
  return parts
}

/**
 * Where an HTML block's content is not verbatim in the source (inside a list or a
 * blockquote, markdown-it strips the prefixes), find the comment from its line.
 */
function locateByLine(state: StateCore, rs: RenderState, token: Token, content: string, index: number): number {
  const line = (token.map?.[0] ?? 0) + (content.slice(0, index).match(/\n/g)?.length ?? 0)
  const open = state.src.indexOf('<!--', rs.lineOffset(state.src, line))
  return open === -1 ? rs.lineOffset(state.src, line) : open + 4
}

function htmlPiece(state: StateCore, like: Token, content: string): Token {
  const t = new state.Token('html_block', '', 0)
  t.block = true
  t.map = like.map
  t.content = content
  return t
}

function directiveHtml(state: StateCore, rs: RenderState, manifests: readonly WidgetManifest[], body: string, bodyOffset: number): string {
  const at = (offset: number) => rs.position(state.src, bodyOffset + offset)
  const fail = (problems: { message: string; offset: number }[]) => {
    const reported: Diagnostic[] = problems.map((p) => rs.report('error', p.message, at(p.offset)))
    return errorHtml(reported)
  }
  const parsed = parseDirective(body)
  if (!parsed.ok) return fail(parsed.problems)
  const valid = validateDirective(parsed.directive, manifests)
  if (!valid.ok) return fail(valid.problems)
  const { name } = valid.manifest
  rs.widgets.add(name)
  if (valid.params.backend !== 'auto') rs.backends.add(String(valid.params.backend))
  const line = at(parsed.directive.nameOffset).line
  return embedHtml({
    id: rs.nextEmbedId(),
    name,
    params: valid.params,
    source: `${rs.file ? rs.file.split(/[\\/]/).pop() : 'deck'}:${line}`,
  })
}

function warnIfMistyped(state: StateCore, rs: RenderState, manifests: readonly WidgetManifest[], body: string, bodyOffset: number): void {
  if (!looksLikeMistypedDirective(body)) return
  const word = mistypedDirectiveName(body)
  if (word && !manifests.some((m) => m.name === word)) return
  // the comment as a directive: the keyword rewritten, the rest as written (on one line)
  const meant = word ? `live: ${body.trim().replace(/^[A-Za-z]{3,5}-?[\s=:-]*/, '').replace(/\s+/g, ' ')}` : 'live: NAME key=value'
  rs.report(
    'warning',
    `this comment looks like a mistyped directive; write \`<!-- ${meant.length > 80 ? meant.slice(0, 79) + '…' : meant} -->\` (it is kept as a presenter note)`,
    rs.position(state.src, bodyOffset + (body.length - body.trimStart().length)),
  )
}

function locateBlockComment(state: StateCore, rs: RenderState, token: Token): Located | undefined {
  return findComment(state.src, rs.lineOffset(state.src, token.map?.[0] ?? 0), token.content)
}

/** The first comment at or after `from` whose trimmed body is `content`. */
function findComment(src: string, from: number, content: string): Located | undefined {
  let open = src.indexOf('<!--', from)
  while (open !== -1) {
    const close = src.indexOf('-->', open + 4)
    if (close === -1) return undefined
    const body = src.slice(open + 4, close)
    if (body.trim() === content.trim()) return { body, bodyOffset: open + 4 }
    open = src.indexOf('<!--', close + 3)
  }
  return undefined
}
