/**
 * A deck's print HTML cut down to the slides that hold a widget, for the pages that only
 * draw widgets: the other slides would be parsed, upgraded by Marp's custom elements and laid
 * out for nothing (about a second for the 132 slides of the lecture). Marp's own scripts, which
 * it puts inside the last slide, are kept. The widgets keep their order, so their indices.
 */

const SLIDE = '<svg data-marpit-svg'
const SVG_TAG = /<svg[\s>]|<\/svg>/g
const SCRIPT = /<script\b[\s\S]*?<\/script>/g
const WIDGET = /<div class="live-embed"[^>]*\sdata-live="/g

/** The HTML with only the widget slides, or undefined when it cannot be cut safely (use it whole). */
export function widgetSlidesOnly(html: string): string | undefined {
  const slides = slideSpans(html)
  if (!slides || slides.length === 0) return undefined
  let out = html.slice(0, slides[0].start)
  const scripts: string[] = []
  for (const [i, { start, end }] of slides.entries()) {
    const slide = html.slice(start, end)
    if (slide.match(WIDGET)) out += slide
    else scripts.push(...(slide.match(SCRIPT) ?? []))
    out += html.slice(end, i + 1 < slides.length ? slides[i + 1].start : end)
  }
  out += scripts.join('') + html.slice(slides[slides.length - 1].end)
  // every widget still there, in order, or nothing
  const before = [...html.matchAll(WIDGET)].map((m) => m[0])
  const after = [...out.matchAll(WIDGET)].map((m) => m[0])
  return before.length === after.length ? out : undefined
}

/** Where each slide's `<svg data-marpit-svg>` starts and ends (nested SVG, as in KaTeX, counted). */
function slideSpans(html: string): { start: number; end: number }[] | undefined {
  const spans: { start: number; end: number }[] = []
  for (let start = html.indexOf(SLIDE); start !== -1; start = html.indexOf(SLIDE, spans[spans.length - 1].end)) {
    SVG_TAG.lastIndex = start
    let depth = 0
    let end = -1
    for (let m = SVG_TAG.exec(html); m; m = SVG_TAG.exec(html)) {
      depth += m[0] === '</svg>' ? -1 : 1
      if (depth === 0) {
        end = m.index + m[0].length
        break
      }
    }
    if (end === -1) return undefined
    spans.push({ start, end })
  }
  return spans
}
