/**
 * Exports decks: HTML straight from Marp CLI (bespoke template), PDF, PNG and PPTX
 * through one Chromium for the whole run, decks printed in parallel pages, each widget
 * drawn at its snapshot. A deck's output is written only when the deck succeeds; the
 * previous file stays otherwise.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { launch } from '../browser/chromium'
import { convertDeck } from '../cli/marp-convert'
import { hasErrors, type Diagnostic } from '../diagnostics'
import { manifests } from 'livedeck:manifests'
import { loadCustomWidgets } from '../engine/custom-widgets'
import { cacheDir, widgetCodeKey } from '../engine/runtime-bundle'
import { packageRoot } from '../engine/package-root'
import { drawWidgets, PICTURE_SCALE, WidgetTimeout, type Drawn, type PictureSpec } from './draw-widgets'
import type { Job } from './plan'
import { openPrintPage, placeSnapshots, type PagePlan, type PrintPage, type WidgetPlace } from './print-page'
import { PictureFiles } from './picture-files'
import { deckFingerprint, SnapshotCache, snapshotKey } from './snapshot-cache'
import { speakerNotes } from './notes'
import { widgetSlidesOnly } from './widget-slides'
import { documentDate } from './reproducible-pdf'
import { writePdf, writePngs, writePptx } from './writers'

export interface ExportOptions {
  /** filmstrips instead of single snapshots */
  handout: boolean
  /** one page per fragment step */
  fragments: boolean
  /** speaker notes: a page after each slide that has some (in PPTX, always, as slide notes) */
  notes: boolean
  /** HTML: local images inside the file, remote resources listed */
  inlineAssets: boolean
  /** warnings fail a deck */
  strict: boolean
  /** device pixels per CSS pixel for PNG and PPTX (default 1, PPTX 2) */
  scale?: number
  /** decks printed at once */
  parallel: number
  widgetTimeoutMs: number
  /** keep widget pictures between runs (in node_modules/.cache/livedeck/snapshots) */
  cache: boolean
  env: NodeJS.ProcessEnv
}

export interface DeckOutcome {
  job: Job
  ok: boolean
  diagnostics: Diagnostic[]
  /** Marp CLI's own messages */
  messages: string[]
  /** files written */
  files: string[]
  pages?: number
  widgets?: number
  ms: number
}

export interface ExportEvents {
  phase(job: Job, phase: string): void
  done(outcome: DeckOutcome): void
}

/**
 * Chromium's compositor draws a frame as soon as it can, with parts of the page still being
 * rastered (drawn at a lower resolution meanwhile): a screenshot taken then depends on the
 * machine's load. These switches make it finish every stage before it draws, for the
 * screenshots PNG and PPTX are made of (they cost no measurable time). Without partial raster, a
 * part of the page drawn again is drawn whole: a widget's rounded border corner came out one unit
 * apart in one pixel in some PNG exports (the reproducibility test failed in 2 of 8 runs of its
 * file, once in CI; 0 of 6 under two CPU burners with the switch).
 */
const DETERMINISTIC_RENDERING = ['--run-all-compositor-stages-before-draw', '--disable-partial-raster', '--disable-checker-imaging', '--disable-threaded-animation', '--disable-threaded-scrolling', '--disable-new-content-rendering-timeout']

export async function exportDecks(jobs: readonly Job[], options: ExportOptions, events: ExportEvents): Promise<DeckOutcome[]> {
  // started at once, beside the first deck's conversion, when any output needs it
  let browser: Promise<Browser> | undefined = jobs.some((job) => job.format !== 'html') ? launch(DETERMINISTIC_RENDERING) : undefined
  browser?.catch(() => {})
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-export-'))
  // Marp CLI runs in this process and writes to its stderr: one conversion at a time
  const convert = limit(1)
  // as many pages draw widgets at once, over all decks, as decks are exported at once: a widget
  // comes out the same whichever page, deck or order draws it (export-mode.ts, bodyChangedOnce)
  const pagesAtOnce = Math.max(1, options.parallel)
  const drawing = limit(pagesAtOnce)
  const pictureFiles = new PictureFiles(path.join(work, 'pictures'))
  const cache = new SnapshotCache(options.cache ? path.join(cacheDir(packageRoot()), 'snapshots') : undefined)
  const run = async (job: Job, index: number): Promise<DeckOutcome> => {
    const started = performance.now()
    const outcome = await exportOne(job, index).catch((e: Error): Partial<DeckOutcome> => ({
      ok: false,
      diagnostics: [{ severity: 'error', message: e.message, file: job.input, line: 1, column: 1 }],
    }))
    const full: DeckOutcome = { job, ok: false, diagnostics: [], messages: [], files: [], ...outcome, ms: Math.round(performance.now() - started) }
    events.done(full)
    return full
  }
  const exportOne = async (job: Job, index: number): Promise<Partial<DeckOutcome>> => {
    events.phase(job, 'rendering')
    if (job.format === 'html') {
      const r = await convert(() => convertDeck(job.input, job.output, { engine: { offline: options.inlineAssets }, failOnWarnings: options.strict }))
      return { ok: r.ok, diagnostics: r.diagnostics, messages: r.messages, files: r.ok ? [job.output] : [] }
    }
    const html = path.join(work, `${index}.html`)
    const r = await convert(() => convertDeck(job.input, html, { template: 'bare', engine: { offline: true, handout: true } }))
    if (!r.ok) return { ok: false, diagnostics: r.diagnostics, messages: r.messages }
    withBase(html, path.dirname(path.resolve(job.input)))
    const notes = options.notes || job.format === 'pptx' ? speakerNotes(job.input) : undefined
    const plan: PagePlan = { fragments: options.fragments, notes: options.notes && job.format !== 'pptx' ? notes : undefined }
    browser ??= launch(DETERMINISTIC_RENDERING)
    const b = await browser
    const scale = options.scale ?? (job.format === 'pptx' ? 2 : 1)
    const picture = pictureSpec(job, scale)
    const print = await openPrintPage(b, html, plan, scale)
    try {
      events.phase(job, `drawing widgets 0/${print.widgets.length}`)
      let snapshots: Map<number, Drawn>
      let reused: number
      try {
        ;({ snapshots, reused } = await snapshotsOf(b, job.input, html, plan, print.widgets, picture, (drawn, index, ms) => {
          const w = print.widgets[index]
          events.phase(job, `drew ${w.name} on slide ${w.slide}${ms === undefined ? ' (failed)' : ` in ${ms} ms`}`)
          events.phase(job, `drawing widgets ${drawn}/${print.widgets.length}`)
        }))
      } catch (e) {
        if (!(e instanceof WidgetTimeout)) throw e
        const { ms, pageError, ...place } = e.widget
        const why = pageError ? ` (the page failed: ${pageError})` : ''
        return { ok: false, diagnostics: [...r.diagnostics, widgetDiagnostic(job, place, `did not finish drawing its snapshot within ${ms / 1000} s${why}`, 'error')], messages: r.messages }
      }
      const failed = [...snapshots].filter(([, d]) => d.status !== 'drawn')
      const diagnostics = [
        ...r.diagnostics,
        ...failed.map(([i, d]) => widgetDiagnostic(job, print.widgets[i], `failed to draw its snapshot: ${d.message ?? 'unknown error'}`, 'warning')),
      ]
      const result = { diagnostics, messages: r.messages, pages: print.pages.length, widgets: print.widgets.length }
      if (hasErrors(diagnostics) || (options.strict && diagnostics.length > 0)) return { ok: false, ...result }
      const slowest = [...snapshots].filter(([, d]) => d.ms !== undefined).sort(([, a], [, b]) => b.ms! - a.ms!)[0]
      const slow = slowest ? `; slowest: ${print.widgets[slowest[0]].name} on slide ${print.widgets[slowest[0]].slide}, ${slowest[1].ms} ms` : ''
      events.phase(job, `placing ${snapshots.size} widget${snapshots.size === 1 ? '' : 's'} (${reused} drawn earlier or kept in the cache${slow})`)
      await placeSnapshots(print.page, new Map([...snapshots].map(([i, d]) => [i, pictureFiles.place(d.dom)])))
      events.phase(job, `writing ${job.format.toUpperCase()}`)
      return { ok: true, ...result, files: await write(job, print, notes) }
    } finally {
      await print.close()
    }
  }

  /** Each widget as drawn: from the cache, or drawn in a page of its own. */
  const snapshotsOf = async (
    b: Browser,
    deck: string,
    html: string,
    plan: PagePlan,
    places: WidgetPlace[],
    picture: PictureSpec,
    onDrawn: (drawn: number, index: number, ms?: number) => void,
  ): Promise<{ snapshots: Map<number, Drawn>; reused: number }> => {
    const text = fs.readFileSync(html, 'utf8')
    const fingerprint = deckFingerprint(text)
    const custom = places.length ? loadCustomWidgets({ file: deck }, packageRoot(), manifests).widgets : []
    const code = new Map<string, string>()
    const codeOf = (name: string) => {
      if (!code.has(name)) code.set(name, widgetCodeKey(packageRoot(), name, custom))
      return code.get(name)!
    }
    const keys = places.map((p) => snapshotKey(p, fingerprint, codeOf(p.name), options.handout, picture))
    const toDraw: number[] = []
    const pictures = keys.map((key, i) => {
      const known = cache.lookup(key)
      if (known) return known
      const later = deferred<Drawn>()
      cache.drawing(key, later.promise)
      toDraw.push(i)
      return later
    })
    let drawn = 0
    const tick = (index: number, ms?: number) => onDrawn(++drawn, index, ms)
    // the drawing pages load only the slides with widgets (widget-slides.ts)
    const slides = toDraw.length > 0 ? widgetSlidesOnly(text) : undefined
    const drawHtml = slides ? html.replace(/\.html$/, '.widgets.html') : html
    if (slides) fs.writeFileSync(drawHtml, slides)
    // fragment steps repeat widgets (their indices count them); notes pages hold none
    const drawPlan: PagePlan = { ...plan, notes: undefined }
    // the deck's pages take widgets from one queue, in document order
    const queue = [...toDraw]
    const drawPage = () =>
      drawing(async () => {
        // the deck's other pages may have drawn them all meanwhile
        if (queue.length === 0) return
        const out = await drawWidgets(b, drawHtml, drawPlan, places, () => queue.shift(), {
          handout: options.handout,
          widgetTimeoutMs: options.widgetTimeoutMs,
          picture,
          onDrawn: tick,
          // a deck showing only widgets drawn so far can go on
          onTaken: (i, drawn) => (pictures[i] as Deferred<Drawn>).resolve(drawn),
        })
        for (const [i, picture] of out) (pictures[i] as Deferred<Drawn>).resolve(picture)
      })
    if (queue.length > 0) {
      try {
        await Promise.all(Array.from({ length: Math.min(pagesAtOnce, queue.length) }, drawPage))
      } catch (e) {
        // the deck fails: its other pages stop after the widget they are drawing
        queue.length = 0
        for (const i of toDraw) (pictures[i] as Deferred<Drawn>).reject(e)
        throw e
      }
    }
    const out = new Map<number, Drawn>()
    for (const [i, p] of pictures.entries()) out.set(i, await ('promise' in p ? p.promise : p))
    return { snapshots: out, reused: places.length - toDraw.length }
  }

  const write = async (job: Job, print: PrintPage, notes: string[] | undefined): Promise<string[]> => {
    if (job.format === 'pdf') {
      await writePdf(print.page, job.output, documentDate(options.env, () => fs.statSync(job.input).mtime))
      return [job.output]
    }
    if (job.format === 'png') return writePngs(print.page, job.output)
    await writePptx(print.page, job.output, { title: path.basename(job.input), notes: print.pages.map((slide) => (slide ? notes?.[slide - 1] : undefined)) })
    return [job.output]
  }
  try {
    // decks exported at once, in the order given
    const decks = limit(Math.max(1, options.parallel))
    return await Promise.all(jobs.map((job, index) => decks(() => run(job, index))))
  } finally {
    if (browser) await (await browser.catch(() => undefined))?.close()
    fs.rmSync(work, { recursive: true, force: true })
    cache.prune()
  }
}

/**
 * How widgets' canvases are pictured. PDF: at twice the slide's resolution at least, opaque ones
 * as JPEG. PNG and PPTX, which are screenshots of the print page: as PNG at the screenshot's own
 * scale, so that no picture is resampled; a resampled one came out a unit apart in one pixel in
 * some runs.
 */
function pictureSpec(job: Job, scale: number): PictureSpec {
  return job.format === 'pdf' ? { scale: Math.max(PICTURE_SCALE, scale), format: 'jpeg' } : { scale, format: 'png' }
}

function widgetDiagnostic(job: Job, w: WidgetPlace, what: string, severity: 'error' | 'warning'): Diagnostic {
  const line = Number(/:(\d+)$/.exec(w.source)?.[1] ?? 1)
  return { severity, message: `widget "${w.name}" on slide ${w.slide} ${what}`, file: job.input, line, column: 1 }
}

/** Local images of the printed page resolve from the deck's folder, as in the deck. */
function withBase(html: string, deckDir: string): void {
  const base = `<base href="${pathToFileURL(deckDir).href}/">`
  const text = fs.readFileSync(html, 'utf8')
  fs.writeFileSync(html, text.replace(/<head>/i, `<head>${base}`))
}

/** Wraps async calls so that at most `size` run at once, started in the order they were made. */
function limit(size: number): <R>(task: () => Promise<R>) => Promise<R> {
  let running = 0
  const waiting: (() => void)[] = []
  return async <R>(task: () => Promise<R>) => {
    if (running >= size) await new Promise<void>((start) => waiting.push(start))
    else running++
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}

interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
