/**
 * Rule: a deck saved in Windows-1252 or Latin-1 instead of UTF-8. The engine reports any
 * deck that is not UTF-8 as an error; when the bytes are plain single-byte text (no NUL,
 * and every byte a Windows-1252 character), the file can be re-encoded to UTF-8 without
 * losing anything, and lint offers that fix.
 */
import type { Deck, Fix } from '../types'

const utf8 = new TextDecoder('utf-8', { fatal: true })
/** bytes Windows-1252 leaves undefined */
const UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d])

export function reencodeFix(deck: Deck): Fix | undefined {
  try {
    utf8.decode(deck.bytes)
    return undefined
  } catch {
    // not UTF-8: is it single-byte text?
  }
  if (deck.bytes.some((b) => b === 0 || UNDEFINED.has(b) || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c))) return undefined
  return { description: 'the file is Windows-1252 (Latin-1) text: re-encode it as UTF-8', reencodeFrom: 'windows-1252' }
}

/** Windows-1252's characters for the bytes 0x80-0x9F (Node's TextDecoder reads them as Latin-1). */
const HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

export function decodeAs(bytes: Buffer, encoding: string): string {
  if (encoding !== 'windows-1252') throw new Error(`cannot decode ${encoding}`)
  let out = ''
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? HIGH[b - 0x80] : String.fromCharCode(b)
  return out
}
