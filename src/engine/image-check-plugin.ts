/**
 * markdown-it plugin checking the images and embedded resources of a deck:
 *  - a local image whose file does not exist is a warning (file and line), and the slide
 *    shows a neat placeholder naming the path instead of the browser's broken-image icon;
 *  - for an offline output (`offline`: handouts, `--inline-assets`), local images become
 *    data URLs inside the file, and each remote resource (image, iframe, video, CSS url())
 *    is a warning, since it will not load without the network;
 *  - in a handout (`handout`: PDF, PNG, PPTX), an online image or web page (iframe) shows a
 *    placeholder naming its address and linking to it (placeholders.ts), instead of a blank
 *    space or the browser's error page; its slide keeps its layout.
 */
import fs from 'node:fs'
import path from 'node:path'
import { escapeHtml, unescapeHtml } from './embed-html'
import { missingImage, onlineImage, onlinePage } from './placeholders'
import { renderState, type RenderState } from './render-state'

type Token = any

const IMG_SRC = /(<img\b[^>]*?\ssrc\s*=\s*)(["']?)([^"'\s>]+)\2/gi
/** elements that load something by `src` (or `data`), with the URL */
const EMBED_SRC = /<(img|iframe|video|audio|source|embed|object|track)\b[^>]*?\s(?:src|data|poster)\s*=\s*(["']?)([^"'\s>]+)\2/gi
const CSS_URL = /url\(\s*(["']?)([^"')\s]+)\1\s*\)/gi
const REMOTE = /^(https?:)?\/\//i
const IMG_TAG = /<img\b[^>]*>/gi
const IFRAME_TAG = /<iframe\b[^>]*>/gi
const SRC_ATTR = /(\ssrc\s*=\s*)(["']?)([^"'\s>]+)\2/i

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
    /** `inLink`: the HTML is inside a link opened before it (in the same paragraph) */
    const checkHtml = (html: string, token: Token, inLink = false) => {
      for (const m of html.matchAll(EMBED_SRC)) if (REMOTE.test(m[3])) remote(m[3], m[1].toLowerCase() === 'img' ? 'image' : m[1].toLowerCase(), token)
      for (const m of html.matchAll(CSS_URL)) if (REMOTE.test(m[2])) remote(m[2], 'CSS resource', token)
      const local = rs.offline ? inlineHtmlImages(html, inline) : html
      return rs.handout ? onlineAsPlaceholders(local, inLink) : local
    }
    for (const token of state.tokens) {
      if (token.type === 'inline' && token.children) {
        let links = 0
        for (let i = 0; i < token.children.length; i++) {
          const child = token.children[i]
          if (child.type === 'link_open') links++
          else if (child.type === 'link_close') links--
          else if (child.type === 'image') {
            const src = child.attrGet('src') ?? ''
            if (missing(src)) {
              warn(src, token, src)
              child.attrSet('src', missingImage(src))
            } else if (REMOTE.test(src)) {
              remote(src, 'image', token)
              if (rs.handout) {
                const box = onlineImage(src)
                child.attrSet('src', box)
                // Marp has read the image's keywords already: a background (`![bg]`) is drawn
                // from its meta, whole (contain), and stays a lone image for Marp to take
                const marpit = child.meta?.marpitImage
                if (marpit) {
                  marpit.url = box
                  if (marpit.background) marpit.backgroundSize = 'contain'
                }
                if (links === 0 && !marpit?.background) {
                  const open = new state.Token('link_open', 'a', 1)
                  open.attrSet('href', src)
                  token.children.splice(i, 1, open, child, new state.Token('link_close', 'a', -1))
                  i += 2
                }
              }
            } else child.attrSet('src', inline(src))
          } else if (child.type === 'html_inline') {
            child.content = checkHtml(replaceHtmlImages(child.content, missing, (src) => warn(src, token, src)), token, links > 0)
            links += linkBalance(child.content)
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
    return `${before}"${missingImage(src)}"`
  })
}

/**
 * For a handout: each online image in `html` shows its placeholder, in a link to it unless it is
 * in a link already; each iframe of an online page shows its placeholder page (as `srcdoc`, in
 * the iframe's own box) instead of loading it.
 */
function onlineAsPlaceholders(html: string, inLinkAlready: boolean): string {
  const inLink = (offset: number) => inLinkAlready || linkBalance(html.slice(0, offset)) > 0
  return html
    .replace(IMG_TAG, (tag: string, offset: number) => {
      const src = SRC_ATTR.exec(tag)?.[3]
      if (!src || !REMOTE.test(src)) return tag
      const img = tag.replace(SRC_ATTR, (_, before: string) => `${before}"${onlineImage(unescapeHtml(src))}"`)
      // the address as written in the attribute (escaped already, no quote in it)
      return inLink(offset) ? img : `<a href="${src}">${img}</a>`
    })
    .replace(IFRAME_TAG, (tag: string) => {
      const src = SRC_ATTR.exec(tag)?.[3]
      if (!src || !REMOTE.test(src)) return tag
      return tag.replace(SRC_ATTR, ` srcdoc="${escapeHtml(onlinePage(unescapeHtml(src)))}"`)
    })
}

/** links opened minus links closed in an HTML fragment */
function linkBalance(html: string): number {
  return (html.match(/<a\b/gi)?.length ?? 0) - (html.match(/<\/a\s*>/gi)?.length ?? 0)
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

export type { RenderState }
