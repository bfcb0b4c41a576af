/**
 * Draws some of a deck's widgets at their snapshots, in a page of their own running the
 * deck's runtime in export mode, and takes each one's picture. The page reports progress
 * on its console (`livedeck-export {json}`), so a widget that hangs is named: never a
 * fixed delay, and never longer than the time limit per widget.
 */
import type { Browser, Page } from 'playwright-core'
import type { ExportEvent } from '../runtime/export-mode'
import { openExportPage, type PagePlan, type WidgetPlace } from './print-page'

export interface Drawn {
  status: 'drawn' | 'error'
  /** the widget's box as drawn (its error box when it failed) */
  png: Buffer
  message?: string
  ms?: number
}

export interface WidgetTimeoutInfo extends WidgetPlace {
  ms: number
}

export class WidgetTimeout extends Error {
  constructor(readonly widget: WidgetTimeoutInfo) {
    super(`widget "${widget.name}" on slide ${widget.slide} did not finish drawing its snapshot within ${widget.ms / 1000} s`)
  }
}

/** pixels per CSS pixel of the pictures, at least: sharp on paper and at PPTX scale */
export const PICTURE_SCALE = 2

export async function drawWidgets(
  browser: Browser,
  html: string,
  plan: PagePlan,
  places: readonly WidgetPlace[],
  indices: readonly number[],
  options: { handout: boolean; widgetTimeoutMs: number; scale: number; onDrawn?: () => void },
): Promise<Map<number, Drawn>> {
  const progress: Progress = { running: new Map(), finished: new Map(), lastEvent: Date.now() }
  const page = await openExportPage(
    browser,
    html,
    plan,
    { handout: options.handout, only: [...indices] },
    options.scale,
    onExportEvent(progress, options.widgetTimeoutMs, options.onDrawn),
  )
  try {
    progress.lastEvent = Date.now()
    await waitUntilDone(page, progress, options.widgetTimeoutMs, places, indices)
    const embeds = page.locator('.live-embed[data-live]')
    const out = new Map<number, Drawn>()
    for (const index of indices) {
      const f = progress.finished.get(index)
      const png = await embeds.nth(index).screenshot({ type: 'png', animations: 'disabled', caret: 'hide' })
      out.set(index, f?.status === 'drawn' ? { status: 'drawn', png, ms: f.ms } : { status: 'error', png, message: f?.message ?? 'the widget runtime did not draw it' })
    }
    return out
  } finally {
    await page.context().close().catch(() => {})
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
async function waitUntilDone(page: Page, progress: Progress, limitMs: number, places: readonly WidgetPlace[], indices: readonly number[]): Promise<void> {
  const timeout = (index: number) => new WidgetTimeout({ ...places[index], ms: limitMs })
  let timer: NodeJS.Timeout | undefined
  const watchdog = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const now = Date.now()
      if (progress.late !== undefined) return reject(timeout(progress.late))
      for (const [index, since] of progress.running) if (now - since > limitMs) return reject(timeout(index))
      if (progress.running.size === 0 && now - progress.lastEvent > limitMs) {
        const next = indices.find((i) => !progress.finished.has(i))
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

function onExportEvent(progress: Progress, limitMs: number, onDrawn?: () => void) {
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
      onDrawn?.()
    }
  }
}
