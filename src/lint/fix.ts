/**
 * `lint --fix`: repairs what can be repaired without judgement, the encoding (a file in
 * Windows-1252, mojibake), and nothing else. The author's file is never lost:
 *  - the file must still hold the bytes lint read (an editor saving meanwhile wins);
 *  - the original is copied to `deck.md.bak` first (or `deck.md.bak.1`, `.2`, ... when
 *    a backup exists: an existing backup is never overwritten);
 *  - the repaired text goes to a temporary file in the same folder, flushed, then
 *    renamed over the deck (atomic: the deck is either the old or the new file).
 */
import fs from 'node:fs'
import path from 'node:path'
import { decodeAs, reencodeFix } from './rules/encoding'
import { mojibake } from './rules/mojibake'
import type { Deck, TextEdit } from './types'

export interface FixResult {
  file: string
  /** what was repaired, in words (empty: nothing to fix) */
  changes: string[]
  backup?: string
  /** why nothing was written although there was something to fix */
  skipped?: string
}

/** The deck's repaired text and the list of repairs, without writing anything. */
export function fixedText(deck: Deck): { text: string; changes: string[] } {
  const changes: string[] = []
  let text = deck.text
  const reencode = reencodeFix(deck)
  if (reencode?.reencodeFrom) {
    text = decodeAs(deck.bytes, reencode.reencodeFrom)
    changes.push('re-encoded from Windows-1252 to UTF-8')
  }
  // bytes that are not text in any encoding lint knows: nothing to repair safely
  if (/[\uFFFD\u0000]/.test(text)) return { text: deck.text, changes: [] }
  const problems = mojibake({ ...deck, text })
  const edits: TextEdit[] = problems.flatMap((p) => p.fix?.edits ?? [])
  for (const p of problems) changes.push(`line ${p.line}: ${p.fix!.description.replace(/^repair the encoding: /, '')}`)
  text = applyEdits(text, edits)
  return { text, changes }
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  return out
}

export function fixFile(deck: Deck): FixResult {
  const { text, changes } = fixedText(deck)
  const result: FixResult = { file: deck.file, changes: [] }
  if (changes.length === 0) return result
  // the repaired text must be clean text: nothing undecodable, no NUL
  if (/[\uFFFD\u0000]/.test(text)) return { ...result, skipped: 'it holds bytes that are not text in any encoding lint can repair' }
  let current: Buffer
  try {
    current = fs.readFileSync(deck.file)
  } catch (e) {
    return { ...result, skipped: `cannot read it again: ${(e as Error).message}` }
  }
  if (!current.equals(deck.bytes)) return { ...result, skipped: 'it changed while lint was reading it; run lint --fix again' }
  const backup = makeBackup(deck.file)
  const target = path.resolve(deck.file)
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.lint-fix.tmp`)
  try {
    const mode = fs.statSync(target).mode & 0o777
    const fd = fs.openSync(tmp, 'wx', mode)
    try {
      fs.writeFileSync(fd, text, 'utf8')
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, target)
  } catch (e) {
    fs.rmSync(tmp, { force: true })
    return { ...result, backup, skipped: `could not write it: ${(e as Error).message} (the deck is unchanged)` }
  }
  return { file: deck.file, changes, backup }
}

/** Copies the deck to the first free name among deck.md.bak, deck.md.bak.1, ... */
export function makeBackup(file: string): string {
  for (let i = 0; ; i++) {
    const name = i === 0 ? `${file}.bak` : `${file}.bak.${i}`
    try {
      fs.copyFileSync(file, name, fs.constants.COPYFILE_EXCL)
      return name
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
}
