/**
 * Opens a deck's print HTML (Marp CLI's bare template) in Chromium, in export mode, and
 * waits until every widget reports that its snapshot is drawn: never a fixed delay, and
 * never longer than the time limit per widget. A widget that fails shows its error box
 * on the page and comes back as a failure; one that hangs is named with its slide.
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { guardedPage } from '../browser/chromium'
import { packageRoot } from '../engine/package-root'
import type { ExportEvent, ExportRequest } from '../runtime/export-mode'

export interface PageOptions {
  handout: boolean
  fragments: boolean
  /** speaker notes per slide, shown on a page after their slide */
  notes?: string[]
  /** device pixels per CSS pixel (PNG and PPTX resolution) */
  scale: number
  /** time a widget may take to draw its snapshot */
  widgetTimeoutMs: number
}

export interface WidgetOutcome {
  name: string
  /** `deck.md:12`, where its directive is */
  source: string
  /** slide number (1-based) */
  slide: number
  status: 'drawn' | 'error' | 'timeout'
  message?: string
  ms?: number
}

export interface OpenDeck {
  page: Page
  /** for each page the deck prints to, its slide number (fragment steps repeat it; a notes page is 0) */
  pages: number[]
  widgets: WidgetOutcome[]
  /** outside URLs the page asked for (all blocked) */
  blocked: string[]
  close(): Promise<void>
}

export class WidgetTimeout extends Error {
  constructor(readonly widget: WidgetOutcome) {
    super(`widget "${widget.name}" on slide ${widget.slide} did not finish drawing its snapshot within ${widget.ms! / 1000} s`)
  }
}

const PAGE_SCRIPT = () => path.join(packageRoot(), 'dist', 'export-page.js')

export async function openDeck(
  browser: Browser,
  htmlFile: string,
  options: PageOptions,
  onWidget: (drawn: number, total: number) => void = () => {},
): Promise<OpenDeck> {
  const { page, blocked } = await guardedPage(browser, { width: 1280, height: 720 }, { deviceScaleFactor: options.scale, reducedMotion: 'reduce' })
  const close = () => page.context().close()
  try {
    const request: ExportRequest = { handout: options.handout }
    await page.addInitScript({
      content: `window.__livedeckExport = ${JSON.stringify(request)}; window.__livedeckPlan = ${JSON.stringify({ fragments: options.fragments, notes: options.notes })};`,
    })
    await page.addInitScript({ content: fs.readFileSync(PAGE_SCRIPT(), 'utf8') })

    const progress: Progress = { running: new Map(), finished: new Map(), lastEvent: Date.now() }
    const { running, finished } = progress
    let total = 0
    page.on('console', (message) => {
      const text = message.text()
      if (!text.startsWith('livedeck-export ')) return
      const event = JSON.parse(text.slice('livedeck-export '.length)) as ExportEvent
      progress.lastEvent = Date.now()
      if (event.event === 'start') running.set(event.index, progress.lastEvent)
      else {
        // finished, but later than allowed (caught here when faster than the watchdog's tick)
        if (event.event === 'done' && event.ms > options.widgetTimeoutMs) progress.late ??= event.index
        running.delete(event.index)
        finished.set(event.index, event.event === 'done' ? { status: 'drawn', ms: event.ms } : { status: 'error', message: event.message })
        onWidget(finished.size, total)
      }
    })

    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load', timeout: 120_000 })
    const layout = await page.evaluate(`(() => {
      const embeds = [...document.querySelectorAll('.live-embed[data-live]')]
      return {
        pages: [...document.querySelectorAll('svg[data-marpit-svg]')].map((svg) => Number(svg.getAttribute('data-livedeck-slide') || 0)),
        widgets: embeds.map((el) => ({
          name: el.dataset.live || '',
          source: el.dataset.liveSource || '',
          slide: Number(el.closest('[data-livedeck-slide]')?.getAttribute('data-livedeck-slide') || 0),
        })),
      }
    })()`) as { pages: number[]; widgets: { name: string; source: string; slide: number }[] }
    total = layout.widgets.length
    onWidget(finished.size, total)

    progress.lastEvent = Date.now()
    await waitUntilDone(page, progress, options.widgetTimeoutMs, layout.widgets)
    await page.evaluate('document.fonts.ready.then(() => true)')

    const widgets = layout.widgets.map((w, i): WidgetOutcome => {
      const f = finished.get(i)
      return { ...w, status: f?.status ?? 'error', message: f ? f.message : 'the widget runtime did not draw it', ms: f?.ms }
    })
    return { page, pages: layout.pages, widgets, blocked, close }
  } catch (e) {
    await close().catch(() => {})
    throw e
  }
}

interface Progress {
  /** widgets drawing now: index to start time */
  running: Map<number, number>
  finished: Map<number, { status: 'drawn' | 'error'; message?: string; ms?: number }>
  lastEvent: number
  /** a widget that finished drawing after the time limit */
  late?: number
}

/**
 * Resolves when the page says every widget is drawn; rejects with WidgetTimeout naming the
 * widget still drawing past the limit, or the next one if the runtime stalls between two.
 */
async function waitUntilDone(
  page: Page,
  progress: Progress,
  limitMs: number,
  widgets: { name: string; source: string; slide: number }[],
): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const watchdog = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const now = Date.now()
      if (progress.late !== undefined) return reject(new WidgetTimeout({ ...widgets[progress.late], status: 'timeout', ms: limitMs }))
      for (const [index, since] of progress.running) {
        if (now - since > limitMs) return reject(new WidgetTimeout({ ...widgets[index], status: 'timeout', ms: limitMs }))
      }
      if (progress.running.size === 0 && now - progress.lastEvent > limitMs) {
        const next = widgets.findIndex((_, i) => !progress.finished.has(i))
        if (next !== -1) reject(new WidgetTimeout({ ...widgets[next], status: 'timeout', ms: limitMs }))
      }
    }, 100)
  })
  const done = page.waitForFunction(`document.documentElement.dataset.livedeckExport === 'done'`, null, { timeout: 0, polling: 100 })
  try {
    await Promise.race([done, watchdog])
    if (progress.late !== undefined) throw new WidgetTimeout({ ...widgets[progress.late], status: 'timeout', ms: limitMs })
  } finally {
    clearInterval(timer)
    done.catch(() => {})
  }
}
