/**
 * Grammar of the `live:` directive, parsed from the body of an HTML comment
 * (the text between `<!--` and `-->`). Offsets are relative to that body.
 *
 *   one-line:   live: NAME key=value key="quoted value" key='single quoted'
 *   multi-line: live: NAME [key=value ...]
 *               key: value        <- the following lines are a YAML mapping
 *
 * Parsing knows nothing of widgets: it produces names and raw values, and
 * validation against the widget's schema happens in `validate.ts`.
 */
import { LineCounter, parseDocument, isMap, isScalar, type Node as YamlNode } from 'yaml'
import { editDistance } from './suggest'

export type RawValue = string | number | boolean | null | object

export interface RawParam {
  key: string
  value: RawValue
  /** offset of the key in the comment body */
  offset: number
  /** offset of the value in the comment body */
  valueOffset: number
}

export interface Directive {
  name: string
  nameOffset: number
  params: RawParam[]
}

export interface ParseProblem {
  message: string
  offset: number
}

export type ParseResult = { ok: true; directive: Directive } | { ok: false; problems: ParseProblem[] }

const LEAD = /^(\s*)live(\s*):/

/** True when the comment body is a `live:` directive (whatever its validity). */
export function isLiveDirective(body: string): boolean {
  return LEAD.test(body)
}

/** Comments that look like a mistyped directive (`live kmeans`, `lives:`, `lve: kmeans`), for a warning. */
export function looksLikeMistypedDirective(body: string): boolean {
  if (isLiveDirective(body)) return false
  if (/^\s*(live\s+[a-z][\w-]*|lives?\s*=|lives\s*:|live-\s*:)/i.test(body)) return true
  // a misspelled keyword followed by a name: `lve: kmeans`, `liv: kmeans`, `Live: kmeans`
  const keyword = /^\s*([A-Za-z]{3,5})\s*:\s*[a-z][\w-]*/.exec(body)?.[1]
  return keyword !== undefined && keyword !== 'live' && editDistance(keyword.toLowerCase(), 'live') <= 1
}

/** The widget name a mistyped directive seems to name (`kmeans` in `lve: kmeans`). */
export function mistypedDirectiveName(body: string): string | undefined {
  return /^\s*[A-Za-z]{3,5}-?[\s=:-]*([a-z][\w-]*)?/i.exec(body)?.[1]
}

const NAME = /[A-Za-z][\w-]*/y
const KEY = /[A-Za-z_][\w-]*/y
const SPACE = /[ \t]+/y
const BARE = /[^\s"'=]+/y

function matchAt(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at
  const m = re.exec(text)
  return m ? m[0] : null
}

export function parseDirective(body: string): ParseResult {
  const lead = LEAD.exec(body)
  if (!lead) return { ok: false, problems: [{ message: 'not a `live:` directive', offset: 0 }] }
  const problems: ParseProblem[] = []
  const newline = body.indexOf('\n')
  const firstLineEnd = newline === -1 ? body.length : newline
  let at = lead[0].length
  at += matchAt(SPACE, body, at)?.length ?? 0

  const name = matchAt(NAME, body, at)
  if (!name) {
    const found = body.slice(at, firstLineEnd).trim()
    return {
      ok: false,
      problems: [
        {
          message: found
            ? `expected a widget name after \`live:\`, found "${truncate(found)}"`
            : 'expected a widget name after `live:`, e.g. `<!-- live: gradient-descent -->`',
          offset: at,
        },
      ],
    }
  }
  const directive: Directive = { name, nameOffset: at, params: [] }
  at += name.length

  // one-line parameters on the first line
  while (at < firstLineEnd) {
    const space = matchAt(SPACE, body, at)
    if (space) at += space.length
    if (at >= firstLineEnd) break
    if (!space && at !== directive.nameOffset + name.length) {
      // two parameters glued together, e.g. a="1"b=2
      problems.push({ message: 'expected a space between parameters', offset: at })
    } else if (!space) {
      problems.push({ message: `expected a space after the widget name "${name}"`, offset: at })
      break
    }
    const key = matchAt(KEY, body, at)
    if (!key) {
      problems.push({
        message: `expected a parameter as key=value, found "${truncate(body.slice(at, firstLineEnd).split(/\s/)[0])}"`,
        offset: at,
      })
      break
    }
    const keyOffset = at
    at += key.length
    if (body[at] !== '=') {
      problems.push({ message: `expected "=" and a value after parameter "${key}"`, offset: at })
      break
    }
    at += 1
    const valueOffset = at
    const quote = body[at]
    if (quote === '"' || quote === "'") {
      const read = readQuoted(body, at, firstLineEnd)
      if (read === null) {
        problems.push({ message: `unterminated ${quote === '"' ? 'double' : 'single'}-quoted value for "${key}"`, offset: at })
        break
      }
      directive.params.push({ key, value: read.value, offset: keyOffset, valueOffset })
      at = read.end
    } else {
      const bare = matchAt(BARE, body, at)
      if (!bare) {
        problems.push({ message: `expected a value after "${key}="`, offset: at })
        break
      }
      directive.params.push({ key, value: bare, offset: keyOffset, valueOffset })
      at += bare.length
    }
  }

  // multi-line YAML body
  if (newline !== -1 && body.slice(newline + 1).trim() !== '') {
    parseYamlBody(body, newline + 1, directive, problems)
  }

  const seen = new Map<string, RawParam>()
  for (const p of directive.params) {
    if (seen.has(p.key)) problems.push({ message: `parameter "${p.key}" is given twice`, offset: p.offset })
    seen.set(p.key, p)
  }
  return problems.length ? { ok: false, problems } : { ok: true, directive }
}

function readQuoted(text: string, start: number, end: number): { value: string; end: number } | null {
  const quote = text[start]
  let out = ''
  for (let i = start + 1; i < end; i++) {
    const c = text[i]
    if (c === '\\' && i + 1 < end && (text[i + 1] === quote || text[i + 1] === '\\')) {
      out += text[i + 1]
      i++
    } else if (c === quote) {
      return { value: out, end: i + 1 }
    } else {
      out += c
    }
  }
  return null
}

function parseYamlBody(body: string, start: number, directive: Directive, problems: ParseProblem[]): void {
  const text = body.slice(start)
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false })
  if (doc.errors.length) {
    for (const e of doc.errors) {
      problems.push({ message: `invalid YAML in the directive body: ${firstLine(e.message)}`, offset: start + e.pos[0] })
    }
    return
  }
  const contents = doc.contents as YamlNode | null
  if (contents === null) return
  if (!isMap(contents)) {
    problems.push({
      message: 'expected "key: value" lines after the widget name',
      offset: start + (contents.range?.[0] ?? 0),
    })
    return
  }
  for (const item of contents.items) {
    const keyNode = item.key as YamlNode | null
    const keyOffset = start + (keyNode?.range?.[0] ?? 0)
    if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
      problems.push({ message: 'expected a parameter name', offset: keyOffset })
      continue
    }
    const valueNode = item.value as YamlNode | null
    const value = valueNode === null ? null : isScalar(valueNode) ? (valueNode.value as RawValue) : valueNode.toJSON()
    directive.params.push({
      key: keyNode.value,
      value,
      offset: keyOffset,
      valueOffset: valueNode?.range ? start + valueNode.range[0] : keyOffset,
    })
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]
}

function truncate(s: string, n = 40): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s
}
