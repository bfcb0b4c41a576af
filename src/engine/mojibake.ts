/**
 * Mojibake: text whose UTF-8 bytes were decoded a second time as Latin-1 or
 * Windows-1252 (`Ã©` for `é`, `â€™` for `’`, `Ã¼` for `ü`), as happens when a file
 * passes through an editor or a tool that guessed the wrong encoding. Each run of such
 * characters is turned back into bytes and decoded as UTF-8; only runs that decode
 * cleanly are reported, with the repaired text. Code is left alone. The engine warns of
 * it (`build`); `lint` offers the repairs as fixes.
 */
import { maskCode } from './mask-code'
import { SourcePositions, type TextEdit } from './source-position'

/** The mojibake of one line: what to say, and the repairs. */
export interface MojibakeLine {
  line: number
  column: number
  message: string
  /** the repairs in words: `"Ã©tÃ©" → "été"`, ... */
  description: string
  edits: TextEdit[]
}

/** Windows-1252's characters for the bytes 0x80-0x9F. */
const CP1252: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88,
  0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93,
  0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b,
  0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
}

/** The byte a character stands for when UTF-8 was decoded as Windows-1252 or Latin-1. */
function byteOf(ch: string): number | undefined {
  const code = ch.charCodeAt(0)
  if (code >= 0x80 && code <= 0xff) return code
  return CP1252[code]
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** One pass: every lead byte followed by its continuation bytes, decoded. */
function repairOnce(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = []
  for (let i = 0; i < text.length; i++) {
    const lead = byteOf(text[i])
    if (lead === undefined || lead < 0xc2 || lead > 0xf4) continue
    const needed = lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : 3
    const bytes = [lead]
    for (let j = 1; j <= needed; j++) {
      const b = i + j < text.length ? byteOf(text[i + j]) : undefined
      if (b === undefined || b < 0x80 || b > 0xbf) break
      bytes.push(b)
    }
    if (bytes.length !== needed + 1) continue
    let decoded: string
    try {
      decoded = utf8.decode(Uint8Array.from(bytes))
    } catch {
      continue
    }
    // a C1 control character is no one's intended text
    if (/[\u0080-\u009f]/.test(decoded)) continue
    out.push({ start: i, end: i + needed + 1, text: decoded })
    i += needed
  }
  return out
}

/** The text with its mojibake repaired (repeatedly: text decoded twice twice is repaired too). */
export function repairMojibake(text: string): string {
  let current = text
  for (let pass = 0; pass < 3; pass++) {
    const edits = repairOnce(current)
    if (edits.length === 0) break
    let next = ''
    let last = 0
    for (const e of edits) {
      next += current.slice(last, e.start) + e.text
      last = e.end
    }
    current = next + current.slice(last)
  }
  return current
}

const CANDIDATE = /[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+/g

/** Each line with mojibake outside code, in order. */
export function findMojibake(text: string): MojibakeLine[] {
  const deck = { text }
  const src = maskCode(deck.text)
  const positions = new SourcePositions(deck.text)
  const byLine = new Map<number, TextEdit[]>()
  for (const m of src.matchAll(CANDIDATE)) {
    const run = deck.text.slice(m.index, m.index + m[0].length)
    const repaired = repairMojibake(run)
    if (repaired === run) continue
    // the smallest edit: trim what the run and its repair share at both ends
    let a = 0
    while (a < run.length && a < repaired.length && run[a] === repaired[a]) a++
    let b = 0
    while (b < run.length - a && b < repaired.length - a && run[run.length - 1 - b] === repaired[repaired.length - 1 - b]) b++
    const start = m.index + a
    const end = m.index + run.length - b
    const from = positions.at(start)
    const to = positions.at(end)
    const edit: TextEdit = { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, start, end, text: repaired.slice(a, repaired.length - b) }
    const list = byLine.get(from.line) ?? []
    list.push(edit)
    byLine.set(from.line, list)
  }
  const found: MojibakeLine[] = []
  for (const [line, edits] of byLine) {
    const lineStart = positions.lineOffset(line - 1)
    const lineEnd = deck.text.indexOf('\n', lineStart) === -1 ? deck.text.length : deck.text.indexOf('\n', lineStart)
    // one "before" → "after" per word, with all of the word's repairs applied
    const words = new Map<string, { from: number; to: number; edits: TextEdit[] }>()
    for (const e of edits) {
      const { from, to } = wordAround(deck.text, e.start, e.end, lineStart, lineEnd)
      const key = `${from}:${to}`
      const word = words.get(key) ?? { from, to, edits: [] }
      word.edits.push(e)
      words.set(key, word)
    }
    const shown = [...words.values()].map(({ from, to, edits: inWord }) => {
      let after = ''
      let last = from
      for (const e of inWord) {
        after += deck.text.slice(last, e.start) + e.text
        last = e.end
      }
      return `"${deck.text.slice(from, to)}" → "${after + deck.text.slice(last, to)}"`
    })
    const unique = [...new Set(shown)]
    found.push({
      line,
      column: edits[0].column,
      message: `text decoded twice (UTF-8 read as Latin-1/Windows-1252): ${unique.slice(0, 4).join(', ')}${unique.length > 4 ? `, and ${unique.length - 4} more` : ''}`,
      description: `repair the encoding: ${unique.slice(0, 4).join(', ')}${unique.length > 4 ? ', …' : ''}`,
      edits,
    })
  }
  return found
}

/** The word around an edit, for a readable message (at most 30 characters either side). */
function wordAround(text: string, start: number, end: number, lineStart: number, lineEnd: number): { from: number; to: number } {
  let from = start
  // words end at ordinary spaces (a no-break space may be half of a broken character)
  while (from > lineStart && start - from < 30 && !/[ \t\r\n]/.test(text[from - 1])) from--
  let to = end
  while (to < lineEnd && to - end < 30 && !/[ \t\r\n]/.test(text[to])) to++
  return { from, to }
}
