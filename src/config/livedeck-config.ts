/**
 * `livedeck.config.json`: a course's own settings, found next to the deck or in a folder
 * above it (up to the repository root, the first folder holding `.git`). Today it names
 * the course's custom widgets:
 *
 *     { "widgets": ["./widgets/line-fit"] }
 *
 * Relative paths resolve from the folder of the config file. Every problem is a
 * diagnostic naming the config file and the line of the offending entry.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Diagnostic } from '../diagnostics'
import { suggest } from '../directive/suggest'
import { SourcePositions } from '../engine/source-position'

export const CONFIG_NAME = 'livedeck.config.json'

const KNOWN_KEYS = ['widgets']

/** One widget folder named by a config, with the place that names it. */
export interface WidgetEntry {
  /** as written in the config */
  spec: string
  /** absolute folder */
  dir: string
  /** where it is named, for messages */
  file?: string
  line: number
  column: number
}

export interface LivedeckConfig {
  /** absolute path of the config file */
  path: string
  widgets: WidgetEntry[]
  diagnostics: Diagnostic[]
}

/** The nearest `livedeck.config.json` at or above `dir`, stopping at a repository root. */
export function findConfig(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, CONFIG_NAME)
    if (isFile(candidate)) return candidate
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) return undefined
  }
}

/** Reads and checks a config file; never throws on bad content. */
export function readConfig(file: string): LivedeckConfig {
  const shown = displayPath(file)
  const config: LivedeckConfig = { path: file, widgets: [], diagnostics: [] }
  const problem = (message: string, at = { line: 1, column: 1 }, severity: Diagnostic['severity'] = 'error') =>
    config.diagnostics.push({ severity, message, file: shown, line: at.line, column: at.column })
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    problem(`cannot read the config: ${(e as Error).message}`)
    return config
  }
  const positions = new SourcePositions(text)
  let data: unknown
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    const message = (e as Error).message
    const bom = text.startsWith('\uFEFF') ? 1 : 0
    const offset = jsonErrorOffset(text.slice(bom))
    const what = message.replace(/\s*(in JSON )?at position \d+.*$/s, '').replace(/, (\.\.\.)?".*" is not valid JSON$/s, '')
    problem(`not valid JSON: ${what}`, offset === undefined ? undefined : positions.at(offset + bom))
    return config
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problem('the config must be a JSON object, such as { "widgets": ["./widgets/my-widget"] }')
    return config
  }
  const keyAt = (key: string) => {
    const i = text.indexOf(JSON.stringify(key))
    return i === -1 ? undefined : positions.at(i)
  }
  for (const key of Object.keys(data)) {
    if (KNOWN_KEYS.includes(key)) continue
    const guess = suggest(key, KNOWN_KEYS)
    problem(`unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; known keys: ${KNOWN_KEYS.join(', ')}`, keyAt(key), 'warning')
  }
  const widgets = (data as Record<string, unknown>).widgets
  if (widgets === undefined) return config
  if (!Array.isArray(widgets) || widgets.some((w) => typeof w !== 'string' || w.trim() === '')) {
    problem('"widgets" must be a list of folder paths, such as ["./widgets/my-widget"]', keyAt('widgets'))
    return config
  }
  const base = path.dirname(file)
  let from = text.indexOf('"widgets"')
  for (const spec of widgets as string[]) {
    const i = text.indexOf(JSON.stringify(spec).slice(0, -1), from)
    if (i !== -1) from = i + 1
    const at = i === -1 ? keyAt('widgets') ?? { line: 1, column: 1 } : positions.at(i)
    config.widgets.push({ spec, dir: path.resolve(base, spec), file: shown, line: at.line, column: at.column })
  }
  return config
}

/**
 * Where JSON.parse fails: V8 does not always say ("Unexpected token ']'"), so this finds the
 * shortest prefix that fails for another reason than ending early (a prefix that fails so,
 * fails so when longer: a binary search finds it).
 */
function jsonErrorOffset(text: string): number | undefined {
  const realError = (k: number): number | undefined => {
    try {
      JSON.parse(text.slice(0, k))
      return undefined
    } catch (e) {
      const message = (e as Error).message
      const at = /at position (\d+)/.exec(message)
      if (/end of JSON input|Unterminated string/.test(message) || (at && Number(at[1]) >= k)) return undefined
      return at ? Number(at[1]) : k - 1
    }
  }
  if (realError(text.length) === undefined) return text.trimEnd().length
  let lo = 1
  let hi = text.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (realError(mid) === undefined) lo = mid + 1
    else hi = mid
  }
  return realError(lo)
}

/** A path as messages show it: relative to the working folder when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file)
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile()
  } catch {
    return false
  }
}
