/**
 * Which files a command works on: files given by name are taken as they are; a folder
 * is searched (recursively, skipping hidden folders and node_modules) for Markdown files
 * that are Marp decks (`marp: true` in their front matter).
 */
import fs from 'node:fs'
import path from 'node:path'
import { UsageError } from '../cli/usage-error'

const MARKDOWN = /\.(md|markdown)$/i

export function isMarpDeck(file: string): boolean {
  let head: string
  try {
    const fd = fs.openSync(file, 'r')
    try {
      const buffer = Buffer.alloc(4096)
      head = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8')
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    return false
  }
  const front = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(head)
  return !!front && /^marp\s*:\s*true\s*$/m.test(front[1])
}

/** The decks in a folder, sorted, as paths joined onto `dir`. */
export function decksIn(dir: string): string[] {
  const out: string[] = []
  const visit = (d: string) => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(d, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue
      const p = path.join(d, e.name)
      if (e.isDirectory()) visit(p)
      else if (e.isFile() && MARKDOWN.test(e.name) && isMarpDeck(p)) out.push(p)
    }
  }
  visit(dir)
  return out
}

/** A deck an input names: a file as it is, or found in a folder (its `base`, for mirroring). */
export interface DeckSource {
  deck: string
  base?: string
}

/**
 * The decks the command line's inputs name, in order; a missing input, or a file that is not
 * Markdown, is a usage error. `emptyFolder` is called for a folder that holds no deck.
 */
export function deckSources(inputs: readonly string[], emptyFolder?: (folder: string) => void): DeckSource[] {
  const out: DeckSource[] = []
  for (const input of inputs) {
    let stat: fs.Stats
    try {
      stat = fs.statSync(input)
    } catch {
      throw new UsageError(`cannot read ${input}: no such file or folder`)
    }
    if (stat.isDirectory()) {
      const decks = decksIn(input)
      if (decks.length === 0) emptyFolder?.(input)
      out.push(...decks.map((deck) => ({ deck, base: input })))
    } else if (!MARKDOWN.test(input)) throw new UsageError(`${input} is not a Markdown deck (.md)`)
    else out.push({ deck: input })
  }
  return out
}

/** Expands the command line's inputs into deck files; a missing input is a usage error. */
export function expandInputs(inputs: string[]): string[] {
  return [...new Set(deckSources(inputs).map((s) => s.deck))]
}
