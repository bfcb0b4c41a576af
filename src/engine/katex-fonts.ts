/**
 * Offline KaTeX: Marp's KaTeX stylesheet loads its fonts from a CDN. The engine sets
 * the font path to a marker, and this replaces each marked @font-face source with the
 * woff2 font file itself (as a data URL), taken from the KaTeX that marp-core uses.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

export const KATEX_FONT_MARKER = 'livedeck-katex-font:/'

const MARKED_SRC = /src:\s*url\(['"]?livedeck-katex-font:\/(KaTeX_[\w-]+)\.woff2['"]?\)[^;}]*/g

export function katexFontsDir(): string {
  const require = createRequire(import.meta.url)
  const marpCore = require.resolve('@marp-team/marp-core')
  const katexPackage = createRequire(marpCore).resolve('katex/package.json')
  return path.join(path.dirname(katexPackage), 'dist', 'fonts')
}

export function inlineKatexFonts(css: string, fontsDir: () => string = katexFontsDir): string {
  if (!css.includes(KATEX_FONT_MARKER)) return css
  const dir = fontsDir()
  return css.replace(MARKED_SRC, (_, name: string) => {
    const data = fs.readFileSync(path.join(dir, `${name}.woff2`)).toString('base64')
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`
  })
}
