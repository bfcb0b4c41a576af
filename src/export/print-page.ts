/**
 * The page a handout is printed from: a deck's print HTML (Marp CLI's bare template)
 * without its widget runtime, laid out as handout pages (fragment steps, notes pages) by
 * dist/export-page.js. Each widget's place is measured here; its snapshot, drawn
 * elsewhere (draw-widgets.ts), is then put in its place as markup (widget-dom.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { guardedPage } from '../browser/chromium'
import { packageRoot } from '../engine/package-root'
import type { ExportRequest, NextWidget } from '../runtime/export-mode'
import type { WidgetDom } from './page/widget-dom'

export interface PagePlan {
  /** one page per fragment step */
  fragments: boolean
  /** speaker notes per slide, shown on a page after their slide */
  notes?: string[]
}

export interface WidgetPlace {
  name: string
  /** `deck.md:12`, where its directive is */
  source: string
  /** slide number (1-based) */
  slide: number
  /** the directive's parameters as the engine wrote them (JSON) */
  params: string
  width: number
  height: number
  /** class and style of the widget's slide (they change its colours) */
  look: string
}

export interface PrintPage {
  page: Page
  /** for each printed page, its slide number (fragment steps repeat it; a notes page is 0) */
  pages: number[]
  widgets: WidgetPlace[]
  close(): Promise<void>
}

const RUNTIME = /<script data-livedeck-runtime>[\s\S]*?<\/script>/

/** What a page that draws widgets is given (see export-mode.ts), and told of. */
export interface DrawingHooks {
  request: ExportRequest
  /** asked which widget to draw next */
  next: NextWidget
  /** each console message (the runtime's progress) */
  onConsole(text: string): void
  /** each uncaught exception in the page */
  onPageError(message: string): void
}

/** Loads `html` in a page prepared for export: the plan applied, and with `drawing`, the runtime's export mode. */
export async function openExportPage(browser: Browser, html: string, plan: PagePlan, scale: number, drawing?: DrawingHooks): Promise<Page> {
  const { page } = await guardedPage(browser, { width: 1280, height: 720 }, { deviceScaleFactor: scale, reducedMotion: 'reduce' })
  const request = drawing?.request
  if (drawing) {
    page.on('console', (message) => drawing.onConsole(message.text()))
    page.on('pageerror', (error) => drawing.onPageError(error.message))
  }
  try {
    if (drawing) await page.exposeFunction('__livedeckExportNext', drawing.next)
    await page.addInitScript({
      content: `${request ? `window.__livedeckExport = ${JSON.stringify(request)};` : ''} window.__livedeckPlan = ${JSON.stringify(plan)};`,
    })
    await page.addInitScript({ content: fs.readFileSync(path.join(packageRoot(), 'dist', 'export-page.js'), 'utf8') })
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load', timeout: 120_000 })
    return page
  } catch (e) {
    await page.context().close().catch(() => {})
    throw e
  }
}

/** The print page of a deck whose print HTML (with runtime) is `html`. */
export async function openPrintPage(browser: Browser, html: string, plan: PagePlan, scale: number): Promise<PrintPage> {
  const printHtml = html.replace(/\.html$/, '.print.html')
  fs.writeFileSync(printHtml, fs.readFileSync(html, 'utf8').replace(RUNTIME, ''))
  const page = await openExportPage(browser, printHtml, plan, scale)
  const layout = (await page.evaluate(`(async () => {
    // measured when the drawing pages draw: fonts and page loaded, boxes settled (layout-settled.ts)
    await window.__livedeckLayoutReady()
    const embeds = [...document.querySelectorAll('.live-embed[data-live]')]
    return {
      pages: [...document.querySelectorAll('svg[data-marpit-svg]')].map((svg) => Number(svg.getAttribute('data-livedeck-slide') || 0)),
      widgets: embeds.map((el) => {
        const section = el.closest('section')
        const box = el.getBoundingClientRect()
        return {
          name: el.dataset.live || '',
          source: el.dataset.liveSource || '',
          slide: Number(el.closest('[data-livedeck-slide]')?.getAttribute('data-livedeck-slide') || 0),
          params: el.dataset.liveParams || '{}',
          width: box.width,
          height: box.height,
          // pagination, header and footer do not change how a widget looks
          look: (section?.className || '') + '|' + (section?.getAttribute('style') || '').split(';').filter((d) => !/^\s*--(paginate|header|footer)\s*:/.test(d)).join(';'),
        }
      }),
    }
  })()`)) as { pages: number[]; widgets: WidgetPlace[] }
  return { page, ...layout, close: () => page.context().close() }
}

/** Puts each widget as drawn (widget-dom.ts) in its place on the print page, its images decoded. */
export async function placeSnapshots(page: Page, widgets: Map<number, WidgetDom>): Promise<void> {
  await page.evaluate((list) => window.__livedeckPlaceWidgets!(list), [...widgets])
}
