/**
 * kmeans in Chromium, built from a deck by the real CLI: it mounts, steps through Lloyd's
 * half-steps (inertia falls, the canvas changes), plays to convergence, and reacts to its
 * buttons and, when focused, to its keys.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { guardedPage, launch } from '../../tests/browser/chromium'
import { buildDeck } from '../../tests/browser/deck'

let browser: Browser
let url: string

beforeAll(async () => {
  url = (
    await buildDeck(
      `---\nmarp: true\ntheme: presentation\n---\n\n## Controls\n\n<!-- live: kmeans autoplay=false speed=20 -->\n\n---\n\n## Column\n\n<div>\n\nText\n\n</div>\n\n<!-- live: kmeans dataset=moons k=2 points=200 autoplay=true speed=30 -->\n`,
      'kmeans',
    )
  ).url
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

/** the widget's top element on slide `slide` (1-based; Marp wraps each slide in its own svg) */
const top = (slide: number) => `svg[data-marpit-svg]:nth-of-type(${slide}) .live-root > *`
const SEL = top(1)
const read = (page: Page, sel = SEL) =>
  page.$eval(sel, (el) => {
    const d = (el as HTMLElement).dataset
    return {
      step: Number(d.step),
      status: d.status,
      phase: d.phase,
      inertia: d.inertia === '' ? NaN : Number(d.inertia),
      iterations: Number(d.iterations),
      seed: Number(d.seed),
    }
  })
const pixels = (page: Page) =>
  page.$eval(`${SEL} canvas`, (c) => (c as HTMLCanvasElement).toDataURL())

describe('kmeans in the browser', () => {
  it('steps assign/update with a falling inertia, plays to convergence, resets and takes new data', async () => {
    const g = await guardedPage(browser)
    const { page } = g
    await page.goto(url)
    await page.waitForSelector('svg[data-marpit-svg]:nth-of-type(1) .live-embed[data-live-state="mounted"] canvas')
    const start = await read(page)
    expect(start).toMatchObject({ step: 0, status: 'ready', phase: 'assign' })
    expect(Number.isNaN(start.inertia)).toBe(true)
    const before = await pixels(page)

    await page.click('button[aria-label="Step"]')
    const one = await read(page)
    expect(one).toMatchObject({ step: 1, phase: 'update', status: 'running' })
    expect(one.inertia).toBeGreaterThan(0)
    expect(await pixels(page)).not.toBe(before) // the points took their cluster's colour
    await page.click('button[aria-label="Step"]')
    const two = await read(page)
    expect(two).toMatchObject({ step: 2, phase: 'assign', iterations: 1 })
    expect(two.inertia).toBeLessThan(one.inertia)

    await page.click('button[aria-label="Play"]')
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLElement).dataset.status === 'converged', SEL, {
      timeout: 20_000,
    })
    const done = await read(page)
    expect(done.inertia).toBeLessThan(two.inertia)
    expect(done.step % 2).toBe(1)
    expect(await page.isDisabled('button[aria-label="Step"]')).toBe(true)

    await page.click('button[aria-label="Reset"]')
    expect(await read(page)).toMatchObject({ step: 0, status: 'ready', seed: start.seed })
    await page.click('button[aria-label="New data"]')
    expect(await read(page)).toMatchObject({ step: 0, seed: start.seed + 1 })

    // keys, only while the widget has focus
    await page.focus('svg[data-marpit-svg]:nth-of-type(1) .live-root')
    await page.keyboard.press('.')
    await page.keyboard.press('.')
    expect((await read(page)).step).toBe(2)
    await page.keyboard.press('r')
    expect((await read(page)).step).toBe(0)
    await page.keyboard.press('n')
    expect((await read(page)).seed).toBe(start.seed + 2)
    await page.keyboard.press('k')
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLElement).dataset.status === 'converged', SEL, {
      timeout: 20_000,
    })
    expect(g.errors).toEqual([])
    expect(g.blocked).toEqual([])
    await page.context().close()
  })

  it('autoplays in a half-width column, with icon-only buttons', async () => {
    const g = await guardedPage(browser)
    const { page } = g
    await page.goto(url.replace(/#.*$/, '') + '#2')
    const sel = top(2)
    await page.waitForFunction((s) => (document.querySelector(s) as HTMLElement | null)?.dataset.status === 'converged', sel, {
      timeout: 20_000,
    })
    expect(await page.$eval(sel, (el) => el.classList.contains('live-compact'))).toBe(true)
    const r = await read(page, sel)
    expect(r.iterations).toBeGreaterThan(0)
    expect(g.errors).toEqual([])
    expect(g.blocked).toEqual([])
    await page.context().close()
  })
})
