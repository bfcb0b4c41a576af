/**
 * markdown-it plugin turning two silent losses into errors at file:line:column:
 *  - front matter that Marp cannot parse: Marp then drops all of it without a word
 *    (`marp: true`, the theme, `math:`, pagination), and the deck renders in the wrong theme;
 *  - an HTML comment opened at the start of a line and never closed: it swallows the rest of
 *    the deck (every later slide disappears into one hidden comment).
 * The front matter is judged exactly as Marp judges it (Marpit's loose YAML: built-in and
 * custom directives may hold unquoted text, then js-yaml's failsafe schema), and the error is
 * placed where js-yaml stops.
 */
import { createRequire } from 'node:module'
import { renderState, type RenderState } from './render-state'

interface YamlError {
  reason?: string
  message: string
  mark?: { line: number; column: number }
}

interface MarpitYaml {
  load(text: string, options: { schema: unknown }): unknown
  FAILSAFE_SCHEMA: unknown
}

let loaded: { jsYaml: MarpitYaml; builtInDirectives: string[] } | undefined

/** js-yaml and the directive names of the Marpit that Marp Core uses */
function marpitYaml() {
  if (!loaded) {
    const fromCore = createRequire(createRequire(import.meta.url).resolve('@marp-team/marp-core'))
    const marpitDir = fromCore.resolve('@marp-team/marpit/package.json')
    const fromMarpit = createRequire(marpitDir)
    const directives = fromMarpit('@marp-team/marpit/lib/markdown/directives/directives') as { default: string[] }
    loaded = { jsYaml: fromMarpit('js-yaml') as MarpitYaml, builtInDirectives: directives.default }
  }
  return loaded
}

const YAML_SPECIAL = `["'{|>~&*`

/** Marpit's loose YAML (lib/markdown/directives/yaml.js): directive values quoted unless they start YAML syntax. Keeps lines. */
function convertLoose(text: string, keys: string[]): string {
  const escaped = keys.map((k) => '_?' + k.replace(/[.*+?^=!:${}()|[\]\\/]/g, '\\$&'))
  const pattern = `(?:${[...new Set(escaped.flatMap((k) => [k, `"${k}"`, `'${k}'`]))].join('|')})`
  const loose = new RegExp(`^(${pattern}\\s*:)(.+)$`)
  return text
    .split(/\r?\n/)
    .map((line) =>
      line.replace(loose, (original, prop: string, value: string) => {
        const trimmed = value.trim()
        if (trimmed.length === 0 || YAML_SPECIAL.includes(trimmed[0])) return original
        const spaces = value.substring(0, value.length - value.trimStart().length)
        return `${prop}${spaces}"${trimmed.split('"').join('\\"')}"`
      }),
    )
    .join('\n')
}

/** The front matter's problem as Marp sees it, with its 0-based place in the YAML text, or undefined. */
export function frontMatterProblem(yamlText: string, looseKeys: string[]): { message: string; line: number; column: number } | undefined {
  if (yamlText.split(/\r?\n/).every((line) => /^\s*(#.*)?$/.test(line))) return undefined // empty: nothing to lose
  const { jsYaml, builtInDirectives } = marpitYaml()
  try {
    const value = jsYaml.load(convertLoose(yamlText, [...builtInDirectives, ...looseKeys]), { schema: jsYaml.FAILSAFE_SCHEMA })
    if (value === null || value === undefined) return undefined // empty front matter: nothing to lose
    if (typeof value !== 'object' || Array.isArray(value)) return { message: 'front matter must be a YAML mapping of `key: value` lines', line: 0, column: 0 }
    return undefined
  } catch (e) {
    const err = e as YamlError
    const reason = (err.reason ?? err.message.split('\n')[0]).replace(/\s*\(\d+:\d+\)$/, '')
    return { message: `invalid YAML front matter: ${reason}`, line: err.mark?.line ?? 0, column: err.mark?.column ?? 0 }
  }
}

export function frontMatterCheckPlugin(md: any): void {
  // right after block parsing: the tokens are still Marpit's, before any rule rewrites them
  md.core.ruler.after('block', 'livedeck_front_matter_check', (state: any) => {
    if (state.inlineMode) return
    const rs = renderState(state.env)
    for (const token of state.tokens) {
      if (token.type === 'front_matter') checkFrontMatter(state, token, rs, md)
      else if (token.type === 'marpit_comment' || token.type === 'html_block') checkComment(state, token, rs)
    }
  })
}

function checkFrontMatter(state: any, token: any, rs: RenderState, md: any): void {
  const [from, to] = token.map ?? [0, 0]
  // the YAML lies between the two fences
  const start = rs.lineOffset(state.src, from + 1)
  const end = rs.lineOffset(state.src, Math.max(from + 1, to - 1))
  const text = typeof token.meta === 'string' ? token.meta : state.src.slice(start, end)
  const marpit = md.marpit
  const loose = marpit?.options?.looseYAML ? [...Object.keys(marpit.customDirectives?.global ?? {}), ...Object.keys(marpit.customDirectives?.local ?? {})] : []
  const problem = frontMatterProblem(text, loose)
  if (!problem) return
  const line = from + 1 + problem.line // 0-based line in the deck
  const at = rs.position(state.src, Math.min(rs.lineOffset(state.src, line) + problem.column, end))
  rs.report('error', `${problem.message}; Marp would ignore the whole front matter (theme, math, marp: true...)`, at)
}

function checkComment(state: any, token: any, rs: RenderState): void {
  const text: string = token.type === 'marpit_comment' ? token.markup ?? '' : token.content ?? ''
  const open = text.search(/^\s*<!--/)
  if (open === -1 || /-->/.test(text.slice(open + 4))) return
  const [from] = token.map ?? [0]
  const lineStart = rs.lineOffset(state.src, from)
  const column = state.src.indexOf('<!--', lineStart)
  rs.report(
    'error',
    'unterminated HTML comment: `<!--` without `-->`; everything after it would vanish from the deck',
    rs.position(state.src, column === -1 ? lineStart : column),
  )
}
