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

  it.each(['compare-lr', 'optimizers', 'batches'])('mode=%s mounts, steps, plays and resets', async (mode) => {
    const deck = await buildDeck(`---\nmarp: true\ntheme: presentation\n---\n\n## ${mode}\n\n<!-- live: gradient-descent mode=${mode} autoplay=false speed=60 -->\n`, `gd-${mode}`)
    const g = await guardedPage(browser)
    const { page } = g
    await page.goto(deck.url)
    await page.waitForSelector('.live-embed[data-live-state="mounted"] canvas')
    const state = () =>
      page.$eval('.live-root > *', (el) => {
        const d = (el as HTMLElement).dataset
        return { mode: d.mode, step: Number(d.step), status: d.status, losses: JSON.parse(d.losses ?? '[]') as (number | null)[] }
      })
    const start = await state()
    expect(start).toMatchObject({ mode, step: 0, status: 'ready' })
    expect(start.losses.length).toBeGreaterThanOrEqual(3)
    await page.click('button[aria-label="Step"]')
    await page.click('button[aria-label="Step"]')
    expect((await state()).step).toBe(2)
    await page.click('button[aria-label="Play"]')
    await page.waitForFunction(() => Number((document.querySelector('.live-root > *') as HTMLElement).dataset.step) > 20)
    await page.focus('.live-root')
    // at 60 steps per second no race is over yet: k pauses it
    await page.keyboard.press('k')
    await page.waitForSelector('button[aria-label="Play"]')
    await page.keyboard.press('r')
    expect((await state()).step).toBe(0)
    expect(g.errors).toEqual([])
    expect(g.blocked).toEqual([])
    await page.context().close()
  })
})
