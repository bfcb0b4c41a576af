/**
 * overfitting in Chromium, built from a deck by the real CLI: it mounts, fits every degree,
 * and follows its degree slider, + and - keys, the λ slider and the new-data button.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { deckMarkdown, liveSlide, useWidgetDeck } from '../../tests/browser/widget-page'

const deck = useWidgetDeck(deckMarkdown(liveSlide('Overfitting', 'overfitting')), 'overfitting', (d) => ({
  degree: Number(d.degree),
  train: Number(d.trainMse),
  test: Number(d.testMse),
  status: d.status,
  best: Number(d.bestDegree),
  seed: Number(d.seed),
  lambda: Number(d.lambda),
}))
const pixels = (page: Page) => page.$$eval('.live-root canvas', (cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()))
const slide = (page: Page, param: string, value: number) =>
  page.$eval(
    `input[data-param="${param}"]`,
    (i, v) => {
      const input = i as HTMLInputElement
      input.value = String(v)
      input.dispatchEvent(new Event('input', { bubbles: true }))
    },
    value,
  )

describe('overfitting in the browser', () => {
  it('moves from underfitting through the sweet spot to overfitting, and regularisation helps', async () => {
    const w = await deck.open()
    const { page } = w
    const start = await w.state()
    expect(start).toMatchObject({ degree: 3, status: 'underfit', lambda: 0 })
    expect(start.best).toBeGreaterThan(3)
    const [fitBefore, errBefore] = await pixels(page)

    // degree slider to the sweet spot, then to 15
    await slide(page, 'degree', start.best)
    const best = await w.state()
    expect(best).toMatchObject({ degree: start.best, status: 'good' })
    expect(best.test).toBeLessThan(start.test)
    expect(best.train).toBeLessThan(start.train)
    const [fitBest, errBest] = await pixels(page)
    expect(fitBest).not.toBe(fitBefore)
    expect(errBest).not.toBe(errBefore)

    await slide(page, 'degree', 15)
    const high = await w.state()
    expect(high).toMatchObject({ degree: 15, status: 'overfit' })
    expect(high.train).toBeLessThan(best.train)
    expect(high.test).toBeGreaterThan(100 * high.train)

    // keys while the widget has focus: - and + step the degree
    await w.focus()
    await page.keyboard.press('-')
    expect((await w.state()).degree).toBe(14)
    await page.keyboard.press('+')
    expect((await w.state()).degree).toBe(15)

    // λ slider: a little regularisation tames degree 15
    await slide(page, 'lambda', 41) // 10^(-6 + 40/10) = 0.01
    const ridge = await w.state()
    expect(ridge.lambda).toBeCloseTo(0.01, 8)
    expect(ridge.test).toBeLessThan(high.test / 5)
    expect(ridge.train).toBeGreaterThan(high.train)

    // new data: another seed, other errors
    await page.click('button[aria-label="New data"]')
    const other = await w.state()
    expect(other.seed).toBe(start.seed + 1)
    expect(other.test).not.toBe(ridge.test)

    // r: back to the slide's values
    await w.focus()
    await page.keyboard.press('r')
    expect(await w.state()).toEqual(start)

    // sweep: the degree climbs by itself until paused
    await page.click('button[aria-label="Sweep"]')
    await w.waitFor((d) => Number(d.degree) >= 5, 10_000)
    await page.click('button[aria-label="Pause"]')
    const paused = (await w.state()).degree
    await page.waitForTimeout(900)
    expect((await w.state()).degree).toBe(paused)
    await w.close()
  })
})
