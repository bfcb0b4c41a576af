/**
 * gradient-descent in Chromium, built from a deck by the real CLI: it mounts, trains
 * (the loss falls towards the least-squares optimum), and reacts to its controls.
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
      `---\nmarp: true\ntheme: presentation\n---\n\n## Controls\n\n<!-- live: gradient-descent autoplay=false lr=0.05 speed=400 -->\n`,
      'gd',
    )
  ).url
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

const read = (page: Page) =>
  page.$eval('.live-root > *', (el) => {
    const d = (el as HTMLElement).dataset
    return { step: Number(d.step), loss: Number(d.loss), status: d.status }
  })

describe('gradient-descent in the browser', () => {
  it('steps, plays to convergence, resets, and follows the learning-rate slider and its keys', async () => {
    const g = await guardedPage(browser)
    const { page } = g
    await page.goto(url)
    await page.waitForSelector('.live-embed[data-live-state="mounted"] canvas')
    expect(await read(page)).toMatchObject({ step: 0 })
    const start = await read(page)

    await page.click('button[aria-label="Step"]')
    await page.click('button[aria-label="Step"]')
    const two = await read(page)
    expect(two.step).toBe(2)
    expect(two.loss).toBeLessThan(start.loss)

    await page.click('button[aria-label="Play"]')
    await page.waitForFunction(() => (document.querySelector('.live-root > *') as HTMLElement).dataset.status === 'converged', null, { timeout: 20_000 })
    const done = await read(page)
    expect(done.loss).toBeLessThan(start.loss / 20)

    await page.click('button[aria-label="Reset"]')
    expect(await read(page)).toMatchObject({ step: 0, loss: start.loss })

    // the slider changes the learning rate; ] raises it when the widget has focus
    const lr = () => page.$eval('input[type="range"]', (i) => (i as HTMLInputElement).getAttribute('aria-valuetext'))
    expect(await lr()).toBe('learning rate 0.05')
    await page.focus('.live-root')
    await page.keyboard.press(']')
    expect(await lr()).not.toBe('learning rate 0.05')
    await page.keyboard.press('.')
    expect((await read(page)).step).toBe(1)
    await page.keyboard.press('r')
    expect((await read(page)).step).toBe(0)
    expect(g.errors).toEqual([])
    expect(g.blocked).toEqual([])
    await page.context().close()
  })
})
