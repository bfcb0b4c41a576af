// How long from a slide being shown to its widget's first frame? For each widget a deck is
// built with the real CLI: a title slide, then the widget's slide. The page is opened on the
// title slide and left to settle, then the presenter moves to the next slide (ArrowRight) and
// the runtime's own measure `livedeck:first-frame:live-1` (from the slide shown to the first
// animation frame after the widget mounted, src/runtime/first-frame.ts) is read. It includes
// starting the TF.js backend, which the first widget of a deck pays.
// The reference, measured in the same run: a deck whose second slide holds only text, from the
// key press to the next animation frame (what any slide change costs in this browser).
// Then the time a widget takes to train again after its WebGL context is lost (target < 1 s).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { guardedPage, launch } from '../src/browser/chromium'
import { widgetNames } from './weight'

export const TARGET_MS = 300

export const RECOVERY_TARGET_MS = 1000

export interface FirstFrames {
  /** slide change to the next animation frame, on a slide without a widget (median) */
  referenceMs: number
  /** per widget, the median of `runs` first frames */
  widgets: Record<string, { medianMs: number; runs: number[] }>
  /**
   * gradient-descent training on WebGL, its context lost (WEBGL_lose_context): time until the
   * widget, remounted on CPU, has taken a step again (median), or undefined without WebGL
   */
  recovery?: { medianMs: number; runs: number[] }
}

const deckFor = (body: string) => `---\nmarp: true\ntheme: presentation\n---\n\n# Title\n\n---\n\n## Slide two\n\n${body}\n`

/** Runs in the page: press is done from outside; this waits for the next frame after the slide changed. */
const NEXT_FRAME_AFTER_SLIDE_CHANGE = `new Promise((resolve) => {
  const svg = document.querySelectorAll('svg[data-marpit-svg]')[1]
  const t0 = performance.now()
  const watch = () => {
    if (svg.classList.contains('bespoke-marp-active')) requestAnimationFrame(() => resolve(performance.now() - t0))
    else requestAnimationFrame(watch)
  }
  watch()
})`

/** Runs in the page: loses the WebGL context, resolves with the ms until the widget has stepped again on CPU. */
const LOSE_AND_WAIT = `new Promise((resolve) => {
  const tf = window.livedeck.tf
  const t0 = performance.now()
  tf.backend().gpgpu.gl.getExtension('WEBGL_lose_context').loseContext()
  const poll = () => {
    const root = document.querySelector('.live-root > *')
    const badge = document.querySelector('.live-badge')
    if (badge && badge.textContent === 'CPU' && root && Number(root.dataset.step) >= 1) resolve(performance.now() - t0)
    else requestAnimationFrame(poll)
  }
  requestAnimationFrame(poll)
})`

async function openAtTitle(page: Page, url: string) {
  await page.goto(url)
  await page.waitForFunction(() => document.querySelector('.bespoke-marp-active') !== null)
  await page.waitForTimeout(400) // settle: fonts, layout, the runtime's own start-up
}

export async function firstFrames({ root, runs = 5 }: { root: string; runs?: number }): Promise<FirstFrames> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-bench-first-frame-'))
  const browser = await launch()
  const build = (name: string, body: string) => {
    const md = path.join(dir, `${name}.md`)
    fs.writeFileSync(md, deckFor(body))
    execFileSync(process.execPath, [path.join(root, 'bin', 'livedeck.js'), 'build', md], { stdio: 'ignore' })
    return pathToFileURL(md.replace(/\.md$/, '.html')).href
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  try {
    const plain = build('plain', 'Just text.')
    const reference: number[] = []
    for (let i = 0; i < runs; i++) {
      const g = await guardedPage(browser)
      await openAtTitle(g.page, plain)
      const waiting = g.page.evaluate(NEXT_FRAME_AFTER_SLIDE_CHANGE) as Promise<number>
      await g.page.keyboard.press('ArrowRight')
      reference.push(await waiting)
      await g.page.context().close()
    }
    const widgets: FirstFrames['widgets'] = {}
    for (const name of widgetNames(root)) {
      const url = build(name, `<!-- live: ${name} -->`)
      const times: number[] = []
      for (let i = 0; i < runs; i++) {
        const g = await guardedPage(browser)
        await openAtTitle(g.page, url)
        await g.page.keyboard.press('ArrowRight')
        const handle = await g.page.waitForFunction(() => performance.getEntriesByName('livedeck:first-frame:live-1', 'measure')[0]?.duration, null, { timeout: 30_000 })
        times.push((await handle.jsonValue()) as number)
        if (g.blocked.length) throw new Error(`the page tried to reach ${g.blocked[0]}`)
        if (g.errors.length) throw new Error(`${name}: ${g.errors[0]}`)
        await g.page.context().close()
      }
      widgets[name] = { medianMs: median(times), runs: times }
    }
    const gl = build('webgl', '<!-- live: gradient-descent backend=webgl speed=200 steps=20000 lr=0.002 -->')
    const recovery: number[] = []
    for (let i = 0; i < runs; i++) {
      const g = await guardedPage(browser)
      await g.page.goto(`${gl}#2`)
      await g.page.waitForFunction(() => Number((document.querySelector('.live-root > *') as HTMLElement | null)?.dataset.step) > 10, null, { timeout: 30_000 })
      if ((await g.page.evaluate('window.livedeck.tf.getBackend()')) !== 'webgl') break
      const ms = (await g.page.evaluate(LOSE_AND_WAIT)) as number
      recovery.push(ms)
      await g.page.context().close()
    }
    return { referenceMs: median(reference), widgets, recovery: recovery.length ? { medianMs: median(recovery), runs: recovery } : undefined }
  } finally {
    await browser.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export function firstFrameReport(f: FirstFrames): string[] {
  const lines = [`first frame, reference (slide change to the next frame, no widget): ${f.referenceMs.toFixed(0)} ms (median)`]
  for (const [name, w] of Object.entries(f.widgets)) {
    lines.push(
      `first frame, ${name}: ${w.medianMs.toFixed(0)} ms from slide shown (median of ${w.runs.length}; ${w.runs.map((t) => t.toFixed(0)).join(', ')}), ` +
        `x${(w.medianMs / f.referenceMs).toFixed(1)} the reference, ${(w.medianMs / TARGET_MS).toFixed(2)} of the ${TARGET_MS} ms target${w.medianMs > TARGET_MS ? ' (MISSED)' : ''}`,
    )
  }
  if (f.recovery) {
    const r = f.recovery
    lines.push(
      `context loss: gradient-descent on WebGL training again on CPU ${r.medianMs.toFixed(0)} ms after the loss (median of ${r.runs.length}; ${r.runs.map((t) => t.toFixed(0)).join(', ')}), ` +
        `${(r.medianMs / RECOVERY_TARGET_MS).toFixed(2)} of the ${RECOVERY_TARGET_MS} ms target${r.medianMs > RECOVERY_TARGET_MS ? ' (MISSED)' : ''}`,
    )
  } else lines.push('context loss: not measured (WebGL did not start in this Chromium)')
  return lines
}
