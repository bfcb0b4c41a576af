/**
 * Runs in the page the exporter opens (injected before the deck's own scripts, as
 * dist/export-page.js): lays the deck out as handout pages before any widget is drawn.
 *  - `fragments`: a slide with N fragments becomes N+1 pages, revealing one more each time;
 *  - `notes`: a slide with speaker notes is followed by a page showing them;
 *  - every page is labelled with its slide number, for the exporter's messages.
 * A deck without widgets is done here; otherwise the runtime says when they are drawn.
 * It also brings the two halves of widget-dom.ts: taking a drawn widget as markup, and
 * putting it in its place on the print page.
 */
import './widget-dom'
import { layoutReady } from '../../runtime/layout-settled'

interface PagePlan {
  fragments?: boolean
  /** speaker notes per slide (index = slide number - 1), from the engine */
  notes?: string[]
}

declare global {
  interface Window {
    __livedeckPlan?: PagePlan
    /** resolves when the widgets' boxes can be measured, as the drawing pages draw them (layout-settled.ts) */
    __livedeckLayoutReady?: () => Promise<void>
  }
}

const SVG = 'svg[data-marpit-svg]'

function prepare(plan: PagePlan): void {
  const doc = document
  const slides = [...doc.querySelectorAll<SVGSVGElement>(SVG)]
  slides.forEach((svg, i) => svg.setAttribute('data-livedeck-slide', String(i + 1)))
  if (plan.fragments) for (const svg of slides) expandFragments(svg)
  if (plan.notes) {
    slides.forEach((svg, i) => {
      const note = plan.notes![i]?.trim()
      // fragment copies go before the slide, so the slide itself is its last page
      if (note) svg.after(notesPage(svg, i + 1, note))
    })
  }
  const style = doc.createElement('style')
  // the backend badge says how the live widget runs: not something for paper
  style.textContent = '.live-badge { display: none !important; }'
  doc.head.append(style)
  if (!doc.querySelector('.live-embed[data-live]')) doc.documentElement.dataset.livedeckExport = 'done'
}

/** N fragments: N copies before the slide, the k-th showing only fragments 1..k. */
function expandFragments(svg: SVGSVGElement): void {
  const section = svg.querySelector('section')
  const count = Number(section?.getAttribute('data-marpit-fragments') ?? 0)
  if (!section || !(count > 0)) return
  for (let k = 0; k < count; k++) {
    const copy = svg.cloneNode(true) as SVGSVGElement
    copy.setAttribute('data-livedeck-fragment', String(k))
    const sec = copy.querySelector('section')!
    sec.id = `${section.id}-${k}`
    for (const el of copy.querySelectorAll<HTMLElement>('[data-marpit-fragment]')) {
      if (Number(el.getAttribute('data-marpit-fragment')) > k) el.style.visibility = 'hidden'
    }
    svg.before(copy)
  }
  svg.setAttribute('data-livedeck-fragment', String(count))
}

/** A page in the deck's own theme: "Notes: slide N" and the notes as paragraphs. */
function notesPage(slide: SVGSVGElement, number: number, note: string): SVGSVGElement {
  const page = slide.cloneNode(false) as SVGSVGElement
  page.setAttribute('data-livedeck-notes', String(number))
  page.removeAttribute('data-livedeck-slide')
  const fo = slide.querySelector('foreignObject')!.cloneNode(false) as Element
  const section = document.createElement('section')
  section.className = 'livedeck-notes'
  section.id = `notes-${number}`
  const title = slide.querySelector('h1, h2, h3')?.textContent?.trim()
  const heading = document.createElement('h3')
  heading.textContent = `Notes · slide ${number}${title ? ` · ${title}` : ''}`
  section.append(heading)
  for (const para of note.split(/\n\s*\n/)) {
    const p = document.createElement('p')
    p.textContent = para.trim()
    section.append(p)
  }
  section.style.fontSize = note.length > 1400 ? '18px' : note.length > 700 ? '22px' : '26px'
  section.style.justifyContent = 'flex-start'
  fo.append(section)
  page.append(fo)
  return page
}

window.__livedeckLayoutReady = () => layoutReady(document)

const plan = window.__livedeckPlan ?? {}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => prepare(plan), { once: true })
else prepare(plan)

export {}
