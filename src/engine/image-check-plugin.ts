/**
 * markdown-it plugin checking the images and embedded resources of a deck:
 *  - a local image whose file does not exist is a warning (file and line), and the slide
 *    shows a neat placeholder naming the path instead of the browser's broken-image icon;
 *  - for an offline output (`offline`: handouts, `--inline-assets`), local images become
 *    data URLs inside the file, and each remote resource (image, iframe, video, CSS url())
 *    is a warning, since it will not load without the network.
 */
import fs from 'node:fs'
import path from 'node:path'
import { escapeHtml } from './embed-html'
import { renderState, type RenderState } from './render-state'

type Token = any

const IMG_SRC = /(<img\b[^>]*?\ssrc\s*=\s*)(["']?)([^"'\s>]+)\2/gi
/** elements that load something by `src` (or `data`), with the URL */
const EMBED_SRC = /<(img|iframe|video|audio|source|embed|object|track)\b[^>]*?\s(?:src|data|poster)\s*=\s*(["']?)([^"'\s>]+)\2/gi
const CSS_URL = /url\(\s*(["']?)([^"')\s]+)\1\s*\)/gi
const REMOTE = /^(https?:)?\/\//i

export function imageCheckPlugin(md: any): void {
  md.core.ruler.after('inline', 'livedeck_image_check', (state: any) => {
    if (state.inlineMode) return
    const rs = renderState(state.env)
    if (!rs.file) return
    const baseDir = path.dirname(path.resolve(rs.file))
    const missing = (src: string) => isLocal(src) && !fs.existsSync(localPath(baseDir, src))
    const warn = (src: string, token: Token, search: string) => {
      const lineStart = rs.lineOffset(state.src, token.map?.[0] ?? 0)
      const found = state.src.indexOf(search, lineStart)
      rs.report('warning', `image not found: ${src} (looked in ${baseDir})`, rs.position(state.src, found === -1 ? lineStart : found))
    }
    const remote = (url: string, what: string, token: Token) => {
      if (!rs.offline) return
      const lineStart = rs.lineOffset(state.src, token.map?.[0] ?? 0)
      const found = state.src.indexOf(url, lineStart)
      rs.report('warning', `remote ${what} will not load offline: ${url}`, rs.position(state.src, found === -1 ? lineStart : found))
    }
    const inline = (src: string) => (rs.offline && isLocal(src) ? dataUrl(localPath(baseDir, src)) ?? src : src)
    const checkHtml = (html: string, token: Token) => {
      for (const m of html.matchAll(EMBED_SRC)) if (REMOTE.test(m[3])) remote(m[3], m[1].toLowerCase() === 'img' ? 'image' : m[1].toLowerCase(), token)
      for (const m of html.matchAll(CSS_URL)) if (REMOTE.test(m[2])) remote(m[2], 'CSS resource', token)
      return rs.offline ? inlineHtmlImages(html, inline) : html
    }
    for (const token of state.tokens) {
      if (token.type === 'inline' && token.children) {
        for (const child of token.children) {
          if (child.type === 'image') {
            const src = child.attrGet('src') ?? ''
            if (missing(src)) {
              warn(src, token, src)
              child.attrSet('src', placeholder(src))
            } else if (REMOTE.test(src)) remote(src, 'image', token)
            else child.attrSet('src', inline(src))
          } else if (child.type === 'html_inline') {
            child.content = checkHtml(replaceHtmlImages(child.content, missing, (src) => warn(src, token, src)), token)
          }
        }
      } else if (token.type === 'html_block') {
        token.content = checkHtml(replaceHtmlImages(token.content, missing, (src) => warn(src, token, src)), token)
      }
    }
  })
}

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.bmp': 'image/bmp',
  '.ico': 'image/x-icon',
}

/** The file as a data URL, or undefined when it is not a readable image. */
function dataUrl(file: string): string | undefined {
  const mime = MIME[path.extname(file).toLowerCase()]
  if (!mime) return undefined
  try {
    return `data:${mime};base64,${fs.readFileSync(file).toString('base64')}`
  } catch {
    return undefined
  }
}

function inlineHtmlImages(html: string, inline: (src: string) => string): string {
  if (!/<img\b/i.test(html)) return html
  return html.replace(IMG_SRC, (whole, before: string, quote: string, src: string) => {
    const url = inline(src)
    return url === src ? whole : `${before}"${url}"`
  })
}

function replaceHtmlImages(html: string, missing: (src: string) => boolean, onMissing: (src: string) => void): string {
  if (!/<img\b/i.test(html)) return html
  return html.replace(IMG_SRC, (whole, before: string, quote: string, src: string) => {
    if (!missing(src)) return whole
    onMissing(src)
    return `${before}"${placeholder(src)}"`
  })
}

function isLocal(src: string): boolean {
  return src !== '' && !/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(src)
}

function localPath(baseDir: string, src: string): string {
  let clean = src.split(/[?#]/)[0]
  try {
    clean = decodeURIComponent(clean)
  } catch {
    // keep the raw path when it is not valid percent-encoding
  }
  return path.resolve(baseDir, clean)
}

/** An SVG image (as a data URL) saying which file is missing. */
export function placeholder(src: string): string {
  const label = src.length > 60 ? '…' + src.slice(-59) : src
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">` +
    `<rect x="4" y="4" width="632" height="352" rx="18" fill="#f7f3ef" stroke="#b3b3b3" stroke-width="4" stroke-dasharray="16 10"/>` +
    `<g fill="none" stroke="#5a555e" stroke-width="6" stroke-linejoin="round" transform="translate(280 100)">` +
    `<rect x="0" y="0" width="80" height="64" rx="6"/><path d="M0 52 L26 28 L46 46 L60 34 L80 52"/><circle cx="58" cy="18" r="7"/></g>` +
    `<text x="320" y="218" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="26" fill="#48424d">Image not found</text>` +
    `<text x="320" y="258" text-anchor="middle" font-family="Menlo, Consolas, monospace" font-size="20" fill="#5a555e">${escapeHtml(label)}</text>` +
    `</svg>`
  return `data:image/svg+xml,${encodeURIComponent(svg)}`
}

export type { RenderState }
