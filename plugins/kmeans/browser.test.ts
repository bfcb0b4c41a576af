/**
 * kmeans in Chromium, built from a deck by the real CLI: it mounts, steps through Lloyd's
 * half-steps (inertia falls, the canvas changes), plays to convergence, and reacts to its
 * buttons and, when focused, to its keys.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { deckMarkdown, liveSlide, onSlide, useWidgetDeck } from '../../tests/browser/widget-page'

const deck = useWidgetDeck(
  deckMarkdown(
    liveSlide('Controls', 'kmeans autoplay=false speed=20'),
    `## Column\n\n<div>\n\nText\n\n</div>\n\n<!-- live: kmeans dataset=moons k=2 points=200 autoplay=true speed=30 -->`,
  ),
  'kmeans',
  (d) => ({
    step: Number(d.step),
    status: d.status,
    phase: d.phase,
    inertia: d.inertia === '' ? NaN : Number(d.inertia),
    iterations: Number(d.iterations),
    seed: Number(d.seed),
  }),
)

/** the widget's top element on slide 1 (Marp wraps each slide in its own svg) */
const SEL = `${onSlide(1)} .live-root > *`
const pixels = (page: Page) =>
  page.$eval(`${SEL} canvas`, (c) => (c as HTMLCanvasElement).toDataURL())

describe('kmeans in the browser', () => {
  it('steps assign/update with a falling inertia, plays to convergence, resets and takes new data', async () => {
    const w = await deck.open({ within: onSlide(1) })
    const { page } = w
    const start = await w.state()
    expect(start).toMatchObject({ step: 0, status: 'ready', phase: 'assign' })
    expect(Number.isNaN(start.inertia)).toBe(true)
    const before = await pixels(page)

    await page.click('button[aria-label="Step"]')
    const one = await w.state()
    expect(one).toMatchObject({ step: 1, phase: 'update', status: 'running' })
    expect(one.inertia).toBeGreaterThan(0)
    expect(await pixels(page)).not.toBe(before) // the points took their cluster's colour
    await page.click('button[aria-label="Step"]')
    const two = await w.state()
    expect(two).toMatchObject({ step: 2, phase: 'assign', iterations: 1 })
    expect(two.inertia).toBeLessThan(one.inertia)

    await page.click('button[aria-label="Play"]')
    await w.waitFor((d) => d.status === 'converged', 20_000)
    const done = await w.state()
    expect(done.inertia).toBeLessThan(two.inertia)
    expect(done.step % 2).toBe(1)
    expect(await page.isDisabled('button[aria-label="Step"]')).toBe(true)

    await page.click('button[aria-label="Reset"]')
    expect(await w.state()).toMatchObject({ step: 0, status: 'ready', seed: start.seed })
    await page.click('button[aria-label="New data"]')
    expect(await w.state()).toMatchObject({ step: 0, seed: start.seed + 1 })

    // keys, only while the widget has focus
    await w.focus()
    await page.keyboard.press('.')
    await page.keyboard.press('.')
    expect((await w.state()).step).toBe(2)
    await page.keyboard.press('r')
    expect((await w.state()).step).toBe(0)
    await page.keyboard.press('n')
    expect((await w.state()).seed).toBe(start.seed + 2)
    await page.keyboard.press('k')
    await w.waitFor((d) => d.status === 'converged', 20_000)
    await w.close()
  })

  it('autoplays in a half-width column, with icon-only buttons', async () => {
    const w = await deck.open({ slide: 2, within: onSlide(2), mounted: false })
    const { page } = w
    await w.waitFor((d) => d.status === 'converged', 20_000)
    expect(await page.$eval(w.root, (el) => el.classList.contains('live-compact'))).toBe(true)
    const r = await w.state()
    expect(r.iterations).toBeGreaterThan(0)
    await w.close()
  })
})
