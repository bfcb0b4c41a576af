/**
 * Rule: resources a deck loads from the network (http(s) or protocol-relative images,
 * iframes, media, stylesheets, fonts, CSS url()). A built deck opens from file:// with
 * no network, so in a lecture hall without Wi-Fi these stay empty. Links (`[text](url)`)
 * are not resources and are left alone, as is anything shown as code.
 */
import { maskCode, SourcePositions } from '../source'
import type { Deck, Problem } from '../types'

const REMOTE = String.raw`(?:https?:)?\/\/[^\s"')>]+`
const MD_IMAGE = new RegExp(String.raw`!\[[^\]\n]*\]\(\s*<?(${REMOTE})`, 'gi')
const TAG = /<(img|iframe|video|audio|source|track|script|embed|object|link|image)\b[^>]*>/gi
const ATTR = /\s(src|href|data|poster|srcset|xlink:href)\s*=\s*(["']?)([^"'\s>]+)\2/gi
const CSS_URL = new RegExp(String.raw`url\(\s*(["']?)(${REMOTE})`, 'gi')
const CSS_IMPORT = new RegExp(String.raw`@import\s+(["'])(${REMOTE})\1`, 'gi')
const IS_REMOTE = /^(?:https?:)?\/\//i
const FONT = /\.(woff2?|ttf|otf|eot)([?#]|$)|fonts\.(googleapis|gstatic)\.com/i

const ADVICE: Record<string, string> = {
  image: 'save it beside the deck and use a relative path',
  iframe: 'a live widget or a screenshot works without network',
  font: 'the slides fall back to another font; put the font file beside the deck',
  stylesheet: 'save it beside the deck or inline it in a <style> block',
  script: 'save it beside the deck',
  media: 'save it beside the deck and use a relative path',
}

export function remoteResources(deck: Deck): Problem[] {
  const src = maskCode(deck.text)
  const positions = new SourcePositions(deck.text)
  const found: { offset: number; kind: string; url: string }[] = []
  for (const m of src.matchAll(MD_IMAGE)) found.push({ offset: m.index + m[0].lastIndexOf(m[1]), kind: 'image', url: m[1] })
  for (const tag of src.matchAll(TAG)) {
    const name = tag[1].toLowerCase()
    for (const a of tag[0].matchAll(ATTR)) {
      const url = a[1].toLowerCase() === 'srcset' ? a[3].split(',')[0].trim().split(/\s+/)[0] : a[3]
      if (!IS_REMOTE.test(url)) continue
      const kind =
        name === 'img' || name === 'image' ? 'image'
        : name === 'iframe' || name === 'embed' || name === 'object' ? 'iframe'
        : name === 'script' ? 'script'
        : name === 'link' ? (FONT.test(url) ? 'font' : 'stylesheet')
        : 'media'
      found.push({ offset: tag.index + a.index + a[0].indexOf(a[3]), kind, url })
    }
  }
  for (const m of src.matchAll(CSS_URL)) {
    const imported = /@import\s*$/i.test(src.slice(Math.max(0, m.index - 20), m.index))
    found.push({ offset: m.index + m[0].indexOf(m[2]), kind: FONT.test(m[2]) ? 'font' : imported ? 'stylesheet' : 'image', url: m[2] })
  }
  for (const m of src.matchAll(CSS_IMPORT)) found.push({ offset: m.index + m[0].indexOf(m[2]), kind: FONT.test(m[2]) ? 'font' : 'stylesheet', url: m[2] })
  const seen = new Set<number>()
  return found
    .filter((f) => !seen.has(f.offset) && seen.add(f.offset))
    .sort((a, b) => a.offset - b.offset)
    .map((f) => {
      const { line, column } = positions.at(f.offset)
      const kind = f.kind === 'media' ? 'media file' : f.kind
      return {
        file: deck.file,
        line,
        column,
        severity: 'warning',
        rule: 'remote-resource',
        message: `remote ${kind} will not load offline: ${f.url} (${ADVICE[f.kind]})`,
      }
    })
}
