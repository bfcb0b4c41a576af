/**
 * Draws widgets of a deck at their snapshots, in a page of its own running the deck's
 * runtime in export mode, and takes each one's picture as soon as it is drawn. The page asks
 * `next` which widget to draw next; each page has its share of the deck's widgets, always in
 * the same order (what a page drew before changes the pixels of what it draws next, a little).
 * Chromium finishes rastering before a picture is taken (DETERMINISTIC_RENDERING in
 * export-decks.ts, and two frames after scrolling). The page reports progress
 * on its console (`livedeck-export {json}`), so a widget that hangs is named: never a fixed
 * delay, and never longer than the time limit per widget.
 */
import type { Browser, CDPSession, Page } from 'playwright-core'
import type { ExportEvent } from '../runtime/export-mode'
import { openExportPage, type PagePlan, type WidgetPlace } from './print-page'

export interface Drawn {
  status: 'drawn' | 'error'
  /** the widget's box as drawn (its error box when it failed), in its PictureSpec's format */
  picture: Buffer
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

/** pixels per CSS pixel of the pictures, at least: sharp on paper and at PPTX scale */
export const PICTURE_SCALE = 2

/**
 * How pictures are taken. For PDF, JPEG at this quality: at twice the slide's resolution no
 * difference from PNG shows, and Chromium's printer puts a JPEG into the PDF as it is, where it
 * would compress a PNG's pixels anew (the lecture's 24 pictures: 0.9 s of printing, and a PDF
 * 1.3 MB larger). For PNG and PPTX, which are screenshots of the print page, PNG: Chromium does
 * not always scale a JPEG to the page's pixels the same way twice, a PNG it does.
 */
export const PICTURE_QUALITY = 92

export interface PictureSpec {
  /** device pixels per CSS pixel */
  scale: number
  format: 'jpeg' | 'png'
}

const quality = (format: PictureSpec['format']) => (format === 'jpeg' ? { quality: PICTURE_QUALITY } : {})

/** A picture file's extension, by its format. */
export const pictureExtension = (format: PictureSpec['format']): string => (format === 'jpeg' ? 'jpg' : 'png')

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
  options: { handout: boolean; widgetTimeoutMs: number; picture: PictureSpec; onDrawn?: (index: number, ms?: number) => void },
): Promise<Map<number, Drawn>> {
  const progress: Progress = { running: new Map(), finished: new Map(), lastEvent: Date.now(), pageErrors: [] }
  const taken: number[] = []
  const pictures = new Map<number, Buffer>()
  let camera: Camera | undefined
  const take = () => {
    const index = next()
    if (index !== undefined) taken.push(index)
    return index
  }
  const page = await openExportPage(browser, html, plan, options.picture.scale, {
    request: { handout: options.handout },
    next: async (drawn) => {
      if (drawn >= 0 && camera) pictures.set(drawn, await camera.picture(drawn))
      return take() ?? -1
    },
    onConsole: onExportEvent(progress, options.widgetTimeoutMs, options.onDrawn),
    onPageError: (message) => progress.pageErrors.push(message),
  })
  try {
    camera = new Camera(page, options.picture)
    progress.lastEvent = Date.now()
    // a page that stalls before taking any widget (its runtime did not start) is blamed on the next one
    const pending = () => taken.find((i) => !progress.finished.has(i)) ?? take()
    await waitUntilDone(page, progress, options.widgetTimeoutMs, places, pending)
    const out = new Map<number, Drawn>()
    for (const index of taken) {
      const f = progress.finished.get(index)
      const picture = pictures.get(index) ?? (await camera.picture(index))
      out.set(index, f?.status === 'drawn' ? { status: 'drawn', picture, ms: f.ms } : { status: 'error', picture, message: f?.message ?? 'the widget runtime did not draw it' })
    }
    return out
  } finally {
    await page.context().close().catch(() => {})
  }
}

/**
 * Pictures of a page's widgets: the widget is scrolled into view and that part of the view
 * captured at `scale` (DevTools' screenshot with a clip). A box larger than the view falls
 * back to Playwright's element screenshot.
 */
class Camera {
  private session?: Promise<CDPSession>
  constructor(
    private readonly page: Page,
    private readonly spec: PictureSpec,
  ) {}

  async picture(index: number): Promise<Buffer> {
    const box = (await this.page.evaluate(`(async () => {
      const el = document.querySelectorAll('.live-embed[data-live]')[${index}]
      el.scrollIntoView({ block: 'start', inline: 'start' })
      // two frames: the newly shown part is rastered in full before it is captured
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
      const r = el.getBoundingClientRect()
      return { x: r.x, y: r.y, width: r.width, height: r.height, viewWidth: innerWidth, viewHeight: innerHeight }
    })()`)) as { x: number; y: number; width: number; height: number; viewWidth: number; viewHeight: number }
    // whole CSS pixels, outwards: the box with no edge cut
    const x = Math.floor(box.x)
    const y = Math.floor(box.y)
    const clip = { x, y, width: Math.ceil(box.x + box.width) - x, height: Math.ceil(box.y + box.height) - y, scale: this.spec.scale }
    if (x < 0 || y < 0 || clip.width <= 0 || clip.height <= 0 || x + clip.width > box.viewWidth || y + clip.height > box.viewHeight) {
      return this.page.locator('.live-embed[data-live]').nth(index).screenshot({ type: this.spec.format, ...quality(this.spec.format), animations: 'disabled', caret: 'hide' })
    }
    this.session ??= this.page.context().newCDPSession(this.page)
    const { data } = await (await this.session).send('Page.captureScreenshot', { format: this.spec.format, ...quality(this.spec.format), clip, captureBeyondViewport: false })
    return Buffer.from(data, 'base64')
  }
}

interface Progress {
  /** widgets drawing now: index to start time */
  running: Map<number, number>
  finished: Map<number, { status: 'drawn' | 'error'; message?: string; ms?: number }>
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
