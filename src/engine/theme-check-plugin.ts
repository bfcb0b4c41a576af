/**
 * markdown-it plugin warning when a deck asks for a theme that no theme answers to:
 * Marp would silently fall back to its default theme and the slides would overflow.
 */
import { renderState } from './render-state'

export function themeCheckPlugin(md: any): void {
  md.core.ruler.push('livedeck_theme_check', (state: any) => {
    if (state.inlineMode) return
    const themeSet = md.marpit?.themeSet
    if (!themeSet) return
    const rs = renderState(state.env)
    for (const token of state.tokens) {
      let name: unknown
      let search = 'theme'
      if (token.type === 'front_matter') {
        const [from, to] = token.map ?? [0, 0]
        const yaml = state.src.slice(rs.lineOffset(state.src, from), rs.lineOffset(state.src, to))
        name = /^theme\s*:\s*(.+?)\s*$/m.exec(yaml)?.[1]?.replace(/^(['"])(.*)\1$/, '$2')
      } else if (token.type === 'marpit_comment') {
        name = token.meta?.marpitParsedDirectives?.theme
      }
      if (typeof name !== 'string' || name === '' || themeSet.has(name)) continue
      const lineStart = rs.lineOffset(state.src, token.map?.[0] ?? 0)
      const found = state.src.indexOf(search, lineStart)
      const known = [...themeSet.themes()].map((t: any) => t.name).filter(Boolean)
      rs.report(
        'warning',
        `unknown theme "${name}": Marp falls back to its default theme; known themes: ${known.join(', ')}`,
        rs.position(state.src, found === -1 ? lineStart : found),
      )
    }
  })
}
