/** Builds a deck with the real CLI into a temporary folder and returns its file: URL. */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect } from 'vitest'
import { livedeck, tempDir } from '../helpers'

export async function buildDeck(markdown: string, name = 'deck'): Promise<{ url: string; html: string; file: string }> {
  const dir = tempDir()
  const md = path.join(dir, `${name}.md`)
  fs.writeFileSync(md, markdown)
  const out = path.join(dir, `${name}.html`)
  const ran = await livedeck(['build', md, '-o', out])
  expect(ran.code, ran.stderr).toBe(0)
  return { url: pathToFileURL(out).href, html: fs.readFileSync(out, 'utf8'), file: out }
}
