/**
 * playground in Chromium, built from a deck by the real CLI: it mounts, trains (epochs advance,
 * losses fall, the heat map and the loss chart are redrawn), reacts to its buttons, keys and
 * feature toggles, and shows a clear error for an unknown feature.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { deckMarkdown, liveSlide, useWidgetDeck } from '../../tests/browser/widget-page'

const deck = useWidgetDeck(
  deckMarkdown(liveSlide('XOR', 'playground dataset=xor hidden=4,2 autoplay=false'), liveSlide('Typo', 'playground features=x1,x3')),
  'playground',
  (d) => ({
    epoch: Number(d.epoch),
    step: Number(d.step),
    status: d.status,
    trainLoss: Number(d.trainLoss),
    testLoss: Number(d.testLoss),
    accuracy: Number(d.accuracy),
    features: d.features,
    heat: Number(d.heatmapUpdates),
  }),
)
const pixels = (page: Page, selector: string) => page.$eval(selector, (c) => (c as HTMLCanvasElement).toDataURL())

describe('playground in the browser', () => {
  it('steps, trains, pauses, resets, and follows its keys and feature toggles', async () => {
    const w = await deck.open({ mounted: '.lpg-map canvas' })
    const { page } = w
    const start = await w.state()
    expect(start).toMatchObject({ epoch: 0, step: 0, status: 'ready', features: 'x1,x2' })
    expect(start.testLoss).toBeGreaterThan(0.2)
    const map0 = await pixels(page, '.lpg-map canvas')
    const chart0 = await pixels(page, '.lpg-chart canvas')

    await page.click('button[aria-label="Step"]')
    const one = await w.state()
    expect(one.epoch).toBe(1)
    expect(one.trainLoss).not.toBe(start.trainLoss)
    expect(one.heat).toBeGreaterThan(start.heat)

    await page.click('button[aria-label="Play"]')
    expect((await w.state()).status).toBe('playing')
    await w.waitFor((d) => Number(d.epoch) >= 150, 30_000)
    await page.click('button[aria-label="Pause"]')
    const trained = await w.state()
    expect(trained.status).toBe('paused')
    expect(trained.testLoss).toBeLessThan(start.testLoss / 3)
    expect(trained.accuracy).toBeGreaterThan(0.9)
    expect(trained.heat).toBeGreaterThan(one.heat + 2) // redrawn while playing, not only at the end
    expect(await pixels(page, '.lpg-map canvas')).not.toBe(map0)
    expect(await pixels(page, '.lpg-chart canvas')).not.toBe(chart0)
    expect(await page.$eval('.lpg-epoch', (e) => e.textContent)).toBe(`epoch ${trained.epoch}`)
    await page.waitForTimeout(200)
    expect((await w.state()).epoch).toBe(trained.epoch) // paused means paused

    await page.click('button[aria-label="Reset"]')
    expect(await w.state()).toMatchObject({ epoch: 0, status: 'ready', testLoss: start.testLoss })
    expect(await pixels(page, '.lpg-map canvas')).toBe(map0)

    // keys, only while the widget has focus
    await w.focus()
    await page.keyboard.press('.')
    expect((await w.state()).epoch).toBe(1)
    await page.keyboard.press('k')
    expect((await w.state()).status).toBe('playing')
    await page.keyboard.press('k')
    expect((await w.state()).status).toBe('paused')
    await page.keyboard.press('r')
    expect((await w.state()).epoch).toBe(0)
    // 5 toggles x₁x₂ (the fifth feature): a new network with three inputs
    await page.keyboard.press('5')
    expect((await w.state()).features).toBe('x1,x2,x1x2')
    expect(await page.$eval('button[data-feature="x1x2"]', (b) => b.getAttribute('aria-pressed'))).toBe('true')
    expect(await page.$eval('.lpg-arch', (e) => e.textContent)).toMatch(/^x₁ x₂ x₁x₂ → 4 → 2 → ŷ/)
    // the strip toggles too: x₁ and x₂ off leaves x₁x₂ alone, which a 4,2 net learns quickly
    await page.click('button[data-feature="x1"]')
    await page.click('button[data-feature="x2"]')
    expect((await w.state()).features).toBe('x1x2')
    await page.click('button[aria-label="Play"]')
    await w.waitFor((d) => Number(d.epoch) >= 30, 30_000)
    await page.keyboard.press('k')
    expect((await w.state()).accuracy).toBeGreaterThan(0.95)

    await w.close()
  })

  it('shows a clear error for an unknown feature', async () => {
    const w = await deck.open({ slide: 2, mounted: false })
    const { page } = w
    const text = await page.waitForSelector('.lpg-error', { timeout: 30_000 }).then((e) => e.textContent())
    expect(text).toMatch(/unknown feature "x3": use x1, x2, x1\^2, x2\^2, x1x2, sin\(x1\), sin\(x2\)/)
    expect((await w.state()).status).toBe('error')
    await w.close({ allowErrors: true })
  })
})
