/**
 * Draws widgets of a deck at their snapshots, in a page of its own running the deck's
 * runtime in export mode, and takes each one as markup (widget-dom.ts) as soon as it is drawn.
 * The page asks `next` which widget to draw next. The page reports progress on its console
 * (`livedeck-export {json}`), so a widget that hangs is named: never a fixed delay, and never
 * longer than the time limit per widget.
 */
import type { Browser, Page } from 'playwright-core'
import type { ExportEvent } from '../runtime/export-mode'
import type { ImageFormat, WidgetDom } from './page/widget-dom'
import { openExportPage, type PagePlan, type WidgetPlace } from './print-page'

export type { WidgetDom } from './page/widget-dom'

export interface Drawn {
  status: 'drawn' | 'error'
  /** the widget as drawn (its error box when it failed) */
  dom: WidgetDom
  message?: string
  ms?: number
}

export interface WidgetTimeoutInfo extends WidgetPlace {
  ms: number
  /** the page's first uncaught exception, if any: often why */
  pageError?: string
}

export class WidgetTimeout extends Error {
  constructor(readonly widget: WidgetTimeoutInfo) {
    super(`widget "${widget.name}" on slide ${widget.slide} did not finish drawing its snapshot within ${widget.ms / 1000} s`)
  }
}

/** pixels per CSS pixel of a widget's canvases in a PDF, at least: sharp on paper */
export const PICTURE_SCALE = 2

export interface PictureSpec {
  /** device pixels per CSS pixel of the drawing page */
  scale: number
  /**
   * 'jpeg' (for PDF): opaque canvases as JPEG, which Chromium's printer puts into the PDF as
   * it is, where it compresses a PNG's pixels anew; 'png' (PNG and PPTX, screenshots of the
   * print page): lossless, and drawn at the screenshot's scale, never resampled.
   */
  format: ImageFormat
}

/**
 * Draws widgets taken from `next` (indices among the deck's live embeds, undefined when none
 * is left) until it has none; returns the ones this page drew.
 */
export async function drawWidgets(
  browser: Browser,
  html: string,
  plan: PagePlan,
  places: readonly WidgetPlace[],
  next: () => number | undefined,
  options: {
    handout: boolean
    widgetTimeoutMs: number
    picture: PictureSpec
    /** as each widget reports it is drawn (or failed) */
    onDrawn?: (index: number, ms?: number) => void
    /** as each widget is taken, before the page is done (decks waiting for it can go on) */
    onTaken?: (index: number, drawn: Drawn) => void
  },
): Promise<Map<number, Drawn>> {
  const progress: Progress = { running: new Map(), finished: new Map(), lastEvent: Date.now(), pageErrors: [] }
  const taken: number[] = []
  const doms = new Map<number, WidgetDom>()
  let drawingPage: Page | undefined
  const take = () => {
    const index = next()
    if (index !== undefined) taken.push(index)
    return index
  }
  const page = await openExportPage(browser, html, plan, options.picture.scale, {
    request: { handout: options.handout },
    next: async (drawn) => {
      if (drawn >= 0 && drawingPage) {
        const dom = await widgetDom(drawingPage, drawn, options.picture.format)
        doms.set(drawn, dom)
        const f = progress.finished.get(drawn)
        if (f) options.onTaken?.(drawn, result(f, dom))
      }
      return take() ?? -1
    },
    onConsole: onExportEvent(progress, options.widgetTimeoutMs, options.onDrawn),
    onPageError: (message) => progress.pageErrors.push(message),
  })
  try {
    drawingPage = page
    progress.lastEvent = Date.now()
    // a page that stalls before taking any widget (its runtime did not start) is blamed on the next one
    const pending = () => taken.find((i) => !progress.finished.has(i)) ?? take()
    await waitUntilDone(page, progress, options.widgetTimeoutMs, places, pending)
    const out = new Map<number, Drawn>()
    for (const index of taken) {
      out.set(index, result(progress.finished.get(index), doms.get(index) ?? (await widgetDom(page, index, options.picture.format))))
    }
    return out
  } finally {
    await page.context().close().catch(() => {})
  }
}

/** What became of a widget, from what its page reported (nothing: it was never drawn). */
function result(f: Finished | undefined, dom: WidgetDom): Drawn {
  return f?.status === 'drawn' ? { status: 'drawn', dom, ms: f.ms } : { status: 'error', dom, message: f?.message ?? 'the widget runtime did not draw it' }
}

/** The widget `index` of the page as markup (widget-dom.ts, in dist/export-page.js). */
function widgetDom(page: Page, index: number, format: ImageFormat): Promise<WidgetDom> {
  return page.evaluate(([i, f]) => window.__livedeckWidgetDom!(i, f), [index, format] as const)
}

interface Finished {
  status: 'drawn' | 'error'
  message?: string
  ms?: number
}

interface Progress {
  /** widgets drawing now: index to start time */
  running: Map<number, number>
  finished: Map<number, Finished>
  lastEvent: number
  /** a widget that finished drawing after the time limit */
  late?: number
  /** uncaught exceptions in the page (a runtime that failed to start says why here) */
  pageErrors: string[]
}

/**
 * Resolves when the page says every widget is drawn; rejects with WidgetTimeout naming the
 * widget still drawing past the limit, or the next one if the runtime stalls between two.
 */
async function waitUntilDone(page: Page, progress: Progress, limitMs: number, places: readonly WidgetPlace[], pending: () => number | undefined): Promise<void> {
  const timeout = (index: number) => new WidgetTimeout({ ...places[index], ms: limitMs, pageError: progress.pageErrors[0] })
  let timer: NodeJS.Timeout | undefined
  const watchdog = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const now = Date.now()
      if (progress.late !== undefined) return reject(timeout(progress.late))
      for (const [index, since] of progress.running) if (now - since > limitMs) return reject(timeout(index))
      if (progress.running.size === 0 && now - progress.lastEvent > limitMs) {
        const next = pending()
        if (next !== undefined) reject(timeout(next))
      }
    }, 100)
  })
  const done = page.waitForFunction(`document.documentElement.dataset.livedeckExport === 'done'`, null, { timeout: 0, polling: 100 })
  try {
    await Promise.race([done, watchdog])
    if (progress.late !== undefined) throw timeout(progress.late)
  } finally {
    clearInterval(timer)
    done.catch(() => {})
  }
}

function onExportEvent(progress: Progress, limitMs: number, onDrawn?: (index: number, ms?: number) => void) {
  return (text: string) => {
    if (!text.startsWith('livedeck-export ')) return
    const event = JSON.parse(text.slice('livedeck-export '.length)) as ExportEvent
    progress.lastEvent = Date.now()
    if (event.event === 'start') progress.running.set(event.index, progress.lastEvent)
    else {
      progress.running.delete(event.index)
      // finished, but later than allowed (caught here when faster than the watchdog's tick)
      if (event.event === 'done' && event.ms > limitMs) progress.late ??= event.index
      progress.finished.set(event.index, event.event === 'done' ? { status: 'drawn', ms: event.ms } : { status: 'error', message: event.message })
      onDrawn?.(event.index, event.event === 'done' ? event.ms : undefined)
    }
  }
}
