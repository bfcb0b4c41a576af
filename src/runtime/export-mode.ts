/**
 * Export mode, used by `livedeck build` for PDF, PNG and PPTX: instead of waiting for
 * their slide to be shown, every widget is mounted at once on the CPU backend (the same
 * numbers on every machine), never animates, and is drawn at its `snapshot` step; for a
 * handout, a widget with a filmstrip is drawn once per step, side by side.
 *
 * The exporter sets `window.__livedeckExport` before the page loads and follows the
 * progress on the console (`livedeck-export {json}` lines: which widget started, finished
 * or failed), so a widget that hangs can be named. When it also gives the page
 * `window.__livedeckExportNext`, the page asks it which widget to draw next, telling it which
 * one was just drawn (the exporter takes that one, as markup, before answering), so each widget
 * is taken while the page is idle, as soon as it is drawn. Without it, every widget is
 * drawn in turn. `<html data-livedeck-export="done">` says the
 * page is done.
 */
import type { TF, WidgetContext, WidgetDefinition } from '../widget/define'
import type { Step } from '../widget/schema'
import { readPalette } from '../widget/palette'
import { startBackend } from './backend'
import { layoutReady } from './layout-settled'
import { showError } from './widget-host'

export interface ExportRequest {
  /** draw each widget's filmstrip instead of its single snapshot */
  handout?: boolean
}

/**
 * The exporter's queue: given the index (among the page's live embeds) of the widget just
 * drawn, or -1 at first, resolves to the index of the next one to draw, or -1 when none is left.
 */
export type NextWidget = (drawn: number) => Promise<number>

export type ExportEvent =
  | { event: 'start'; index: number; name: string; source: string }
  | { event: 'done'; index: number; ms: number }
  | { event: 'error'; index: number; name: string; source: string; message: string }

declare global {
  interface Window {
    __livedeckExport?: ExportRequest
    __livedeckExportNext?: NextWidget
  }
}

export function exportRequest(): ExportRequest | undefined {
  return window.__livedeckExport
}

interface Snapshotting {
  tf: TF
  widgets: readonly WidgetDefinition[]
}

export async function snapshotAll(doc: Document, options: Snapshotting, request: ExportRequest): Promise<void> {
  const registry = new Map(options.widgets.map((w) => [w.manifest.name, w]))
  const embeds = [...doc.querySelectorAll<HTMLElement>('.live-embed[data-live]')]
  const next = doc.defaultView?.__livedeckExportNext ?? inTurn(embeds.length)
  try {
    if (embeds.length > 0) {
      await Promise.all([startBackend(options.tf, ['cpu']), layoutReady(doc)])
      bodyChangedOnce(doc)
    }
    for (let index = await next(-1); index >= 0 && index < embeds.length; ) {
      const el = embeds[index]
      if (!el.dataset.liveState) await snapshotOne(el, index, registry, options.tf, request)
      index = await next(index)
    }
  } finally {
    doc.documentElement.dataset.livedeckExport = 'done'
  }
}

/**
 * Changes the body once (an empty element in and out), before any widget is drawn. In Chromium
 * 156, in a page showing a missing image, elements laid out before the body's first change after
 * loading get other heights than the same elements laid out after it (a MathML formula 15 px tall
 * instead of 16, and a widget's plot a few pixels taller with it). So the first widget a page drew
 * came out unlike the same widget drawn after another one, and which widget a page draws first
 * depends on the cache and on how widgets are shared out between drawing pages
 * (tests/export/export.test.ts, "draws a widget alike...").
 */
function bodyChangedOnce(doc: Document): void {
  const probe = doc.createElement('div')
  doc.body.append(probe)
  void doc.body.offsetHeight
  probe.remove()
}

/** Every widget, in document order. */
function inTurn(count: number): NextWidget {
  return async (drawn) => (drawn + 1 < count ? drawn + 1 : -1)
}

function report(event: ExportEvent): void {
  console.debug(`livedeck-export ${JSON.stringify(event)}`)
}

async function snapshotOne(
  el: HTMLElement,
  index: number,
  registry: Map<string, WidgetDefinition>,
  tf: TF,
  request: ExportRequest,
): Promise<void> {
  const name = el.dataset.live ?? ''
  const source = el.dataset.liveSource ?? ''
  const started = performance.now()
  report({ event: 'start', index, name, source })
  el.dataset.liveState = 'snapshot'
  try {
    const definition = registry.get(name)
    if (!definition) throw new Error(`unknown widget "${name}" (this page's runtime does not include it)`)
    const params = JSON.parse(el.dataset.liveParams ?? '{}') as { snapshot?: Step; filmstrip?: Step[] }
    const steps = request.handout ? filmstripOf(params, definition) : [params.snapshot ?? 'converged']
    el.replaceChildren()
    const roots = steps.length > 1 ? filmstrip(el, steps) : [single(el)]
    const ctx = exportContext(tf, el)
    for (const [i, root] of roots.entries()) {
      const controller = definition.mount(root, params as never, ctx)
      await controller.snapshot?.(steps[i])
    }
    await paint(el.ownerDocument.defaultView ?? window)
    el.dataset.liveState = 'drawn'
    report({ event: 'done', index, ms: Math.round(performance.now() - started) })
  } catch (e) {
    el.dataset.liveState = 'error'
    showError(el, e as Error)
    report({ event: 'error', index, name, source, message: (e as Error).message })
  }
}

function filmstripOf(params: { snapshot?: Step; filmstrip?: Step[] }, definition: WidgetDefinition): Step[] {
  if (params.filmstrip && params.filmstrip.length > 0) return params.filmstrip
  return [...(definition.manifest.filmstrip ?? [params.snapshot ?? 'converged'])]
}

/** A context whose animation requests are ignored: an export draws only what `snapshot` draws. */
function exportContext(tf: TF, el: HTMLElement): WidgetContext {
  return {
    tf,
    backend: 'cpu',
    palette: readPalette(el),
    reducedMotion: true,
    animate: () => {},
    stopAnimation: () => {},
    animating: false,
  }
}

function single(el: HTMLElement): HTMLElement {
  const root = el.ownerDocument.createElement('div')
  root.className = 'live-root'
  el.append(root)
  return root
}

/** height of a filmstrip frame's caption strip, in CSS px */
const CAPTION = 22

/**
 * One frame per step, laid out in a grid inside the widget's box: a caption strip, then a
 * full-size copy of the widget scaled down, so it lays out exactly as on the live slide.
 */
function filmstrip(el: HTMLElement, steps: readonly Step[]): HTMLElement[] {
  const doc = el.ownerDocument
  const width = el.clientWidth || 1
  const height = el.clientHeight || 1
  const columns = steps.length <= 4 ? 2 : 3
  const rows = Math.ceil(steps.length / columns)
  const frameHeight = height / rows
  const scale = Math.min(1 / columns, (frameHeight - CAPTION) / height)
  const indent = (width / columns - width * scale) / 2
  el.classList.add('live-filmstrip')
  el.style.setProperty('--live-columns', String(columns))
  return steps.map((step) => {
    const frame = doc.createElement('figure')
    frame.className = 'live-frame'
    frame.style.height = `${frameHeight}px`
    const caption = doc.createElement('figcaption')
    caption.textContent = step === 'converged' ? 'converged' : step === 0 ? 'start' : `step ${step}`
    const root = doc.createElement('div')
    root.className = 'live-root'
    root.style.cssText = `width:${width}px;height:${height}px;transform:scale(${scale});transform-origin:0 0;inset:auto;left:${indent}px;top:${CAPTION}px`
    frame.append(caption, root)
    el.append(frame)
    return root
  })
}

/** Resolves after the next two frames, when what was drawn has been painted. */
function paint(win: Window): Promise<void> {
  return new Promise((resolve) => win.requestAnimationFrame(() => win.requestAnimationFrame(() => resolve())))
}
