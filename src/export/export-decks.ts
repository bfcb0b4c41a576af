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
import { openDeck, WidgetTimeout, type OpenDeck, type WidgetOutcome } from './deck-page'
import type { Job } from './plan'
import { speakerNotes } from './notes'
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

export async function exportDecks(jobs: readonly Job[], options: ExportOptions, events: ExportEvents): Promise<DeckOutcome[]> {
  let browser: Promise<Browser> | undefined
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-export-'))
  // Marp CLI runs in this process and writes to its stderr: one conversion at a time
  const convert = serial()
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
    const r = await convert(() => convertDeck(job.input, html, { template: 'bare', engine: { offline: true } }))
    if (!r.ok) return { ok: false, diagnostics: r.diagnostics, messages: r.messages }
    withBase(html, path.dirname(path.resolve(job.input)))
    const notes = options.notes || job.format === 'pptx' ? speakerNotes(job.input) : undefined
    events.phase(job, 'drawing widgets')
    browser ??= launch()
    let deck: OpenDeck
    try {
      deck = await openDeck(
        await browser,
        html,
        {
          handout: options.handout,
          fragments: options.fragments,
          notes: options.notes && job.format !== 'pptx' ? notes : undefined,
          scale: options.scale ?? (job.format === 'pptx' ? 2 : 1),
          widgetTimeoutMs: options.widgetTimeoutMs,
        },
        (drawn, total) => events.phase(job, `drawing widgets ${drawn}/${total}`),
      )
    } catch (e) {
      if (!(e instanceof WidgetTimeout)) throw e
      return { ok: false, diagnostics: [...r.diagnostics, widgetDiagnostic(job, e.widget, 'error')], messages: r.messages }
    }
    try {
      const diagnostics = [...r.diagnostics, ...deck.widgets.filter((w) => w.status !== 'drawn').map((w) => widgetDiagnostic(job, w, 'warning'))]
      const result = { diagnostics, messages: r.messages, pages: deck.pages.length, widgets: deck.widgets.length }
      if (hasErrors(diagnostics) || (options.strict && diagnostics.length > 0)) return { ok: false, ...result }
      events.phase(job, `writing ${job.format.toUpperCase()}`)
      const date = documentDate(options.env, () => fs.statSync(job.input).mtime)
      let files = [job.output]
      if (job.format === 'pdf') await writePdf(deck.page, job.output, date)
      else if (job.format === 'png') files = await writePngs(deck.page, job.output)
      else await writePptx(deck.page, job.output, { title: path.basename(job.input), notes: deck.pages.map((slide) => (slide ? notes?.[slide - 1] : undefined)) })
      return { ok: true, ...result, files }
    } finally {
      await deck.close()
    }
  }
  try {
    return await pool(jobs, Math.max(1, options.parallel), run)
  } finally {
    if (browser) await (await browser.catch(() => undefined))?.close()
    fs.rmSync(work, { recursive: true, force: true })
  }
}

function widgetDiagnostic(job: Job, w: WidgetOutcome, severity: 'error' | 'warning'): Diagnostic {
  const line = Number(/:(\d+)$/.exec(w.source)?.[1] ?? 1)
  const message =
    w.status === 'timeout'
      ? `widget "${w.name}" on slide ${w.slide} did not finish drawing its snapshot within ${(w.ms ?? 0) / 1000} s`
      : `widget "${w.name}" on slide ${w.slide} failed to draw its snapshot: ${w.message ?? 'unknown error'}`
  return { severity, message, file: job.input, line, column: 1 }
}

/** Local images of the printed page resolve from the deck's folder, as in the deck. */
function withBase(html: string, deckDir: string): void {
  const base = `<base href="${pathToFileURL(deckDir).href}/">`
  const text = fs.readFileSync(html, 'utf8')
  fs.writeFileSync(html, text.replace(/<head>/i, `<head>${base}`))
}

/** Runs `task` on each item, at most `size` at a time, keeping the results in order. */
async function pool<T, R>(items: readonly T[], size: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await task(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker))
  return results
}

/** Wraps async calls so that they run one after another. */
function serial(): <R>(task: () => Promise<R>) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve()
  return <R>(task: () => Promise<R>) => {
    const result = tail.then(task)
    tail = result.catch(() => {})
    return result
  }
}
