/**
 * What a slide shows instead of a resource it cannot have: a local image that does not exist,
 * and, in a handout (PDF, PNG, PPTX, printed without the network), an online image or web page.
 * Each is a dashed box in the theme's neutral colours naming what is missing, so the reader sees
 * what the slide held (and, for online content, where to find it) instead of a blank space or
 * the browser's broken-resource icon.
 */
import { escapeHtml } from './embed-html'

const PICTURE_ICON =
  `<g fill="none" stroke="#5a555e" stroke-width="6" stroke-linejoin="round" transform="translate(280 100)">` +
  `<rect x="0" y="0" width="80" height="64" rx="6"/><path d="M0 52 L26 28 L46 46 L60 34 L80 52"/><circle cx="58" cy="18" r="7"/></g>`

/** characters of the detail line that fit the box (20 px monospace) */
const DETAIL = 46

/** An SVG image (as a data URL), 640x360 like a slide picture, with a title and a detail line. */
function pictureBox(title: string, detail: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">` +
    `<rect x="4" y="4" width="632" height="352" rx="18" fill="#f7f3ef" stroke="#b3b3b3" stroke-width="4" stroke-dasharray="16 10"/>` +
    PICTURE_ICON +
    `<text x="320" y="218" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="26" fill="#48424d">${escapeHtml(title)}</text>` +
    `<text x="320" y="258" text-anchor="middle" font-family="Menlo, Consolas, monospace" font-size="20" fill="#5a555e">${escapeHtml(detail)}</text>` +
    `</svg>`
  return `data:image/svg+xml,${encodeURIComponent(svg)}`
}

/** at most `max` characters, cut in the middle, where a path is least telling */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text
  const head = Math.ceil((max - 1) * 0.6)
  return text.slice(0, head) + '…' + text.slice(text.length - (max - 1 - head))
}

/** An address as a reader would type it: no scheme, no trailing slash, at most `max` characters. */
export function shortUrl(url: string, max = DETAIL): string {
  return shorten(url.replace(/^(https?:)?\/\//i, '').replace(/\/$/, ''), max)
}

/** A local image that does not exist: its path. */
export function missingImage(src: string): string {
  return pictureBox('Image not found', src.length > DETAIL ? '…' + src.slice(1 - DETAIL) : src)
}

/** An online image in a handout: its address. */
export function onlineImage(url: string): string {
  return pictureBox('Online image, not in this handout', shortUrl(url))
}

/**
 * An online web page (an iframe's content) in a handout, as the iframe's `srcdoc`: it fills the
 * iframe's own box and links to the page.
 */
export function onlinePage(url: string): string {
  const href = escapeHtml(url)
  return (
    `<!doctype html><html><head><meta charset="utf-8"><style>` +
    `html,body{margin:0;height:100%;overflow:hidden}` +
    // sized by the iframe's own box (vh, vw), from a default 300x150 iframe to a full slide
    `a{box-sizing:border-box;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:min(12px,3vh);height:100%;` +
    `margin:0;padding:min(16px,4vh) min(16px,4vw);border:3px dashed #b3b3b3;border-radius:14px;background:#f7f3ef;color:#48424d;` +
    `text-decoration:none;font:min(22px,10vh,6vw) Helvetica,Arial,sans-serif;text-align:center}` +
    `svg{width:min(64px,25vh);height:min(64px,25vh);flex:none}` +
    `code{font:min(18px,8vh,4.5vw) Menlo,Consolas,monospace;color:#5a555e;overflow-wrap:anywhere}` +
    `</style></head><body><a href="${href}" target="_blank" rel="noopener">` +
    `<svg viewBox="0 0 64 64" fill="none" stroke="#5a555e" stroke-width="4" stroke-linejoin="round">` +
    `<rect x="4" y="8" width="56" height="48" rx="5"/><path d="M4 20 H60"/><circle cx="12" cy="14" r="1.5"/><circle cx="19" cy="14" r="1.5"/></svg>` +
    `<span>Web page, not in this handout</span><code>${escapeHtml(shortUrl(url, 80))}</code></a></body></html>`
  )
}
