/**
 * A deck with 50 widgets (the seven, over and over): it opens with only the shown slide's
 * widget mounted, the others waiting; moving on mounts the new slide's widget and pauses the
 * one left behind; a jump far ahead mounts that slide's widget alone.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { guardedPage } from './chromium'
import { useBrowser } from './use-browser'
import { buildDeck } from './deck'
import { deckMarkdown, liveSlide } from './widget-page'

const SEVEN = [
  'gradient-descent speed=200 steps=20000 lr=0.002',
  'playground dataset=xor',
  'digits speed=100',
  'conv-filter mode=learn autoplay=true speed=200 steps=20000',
  'kmeans autoplay=true speed=20 points=1000',
  'overfitting',
  'neuron',
]
const COUNT = 50

const states = (page: Page) => page.$$eval('.live-embed', (els) => els.map((el) => (el as HTMLElement).dataset.liveState ?? ''))
const mounted = async (page: Page) => (await states(page)).flatMap((s, i) => (s === 'mounted' ? [i + 1] : []))
const step = (page: Page, n: number) => page.$eval(`#live-${n} .live-root > *`, (el) => Number((el as HTMLElement).dataset.step))
const waitMounted = (page: Page, n: number) =>
  page.waitForFunction((id) => (document.getElementById(id) as HTMLElement | null)?.dataset.liveState === 'mounted', `live-${n}`, { timeout: 30_000 })

describe(`a deck with ${COUNT} widgets`, () => {
  let url: string
  const browser = useBrowser()
  beforeAll(async () => {
    const slides = Array.from({ length: COUNT }, (_, i) => liveSlide(`Widget ${i + 1}`, SEVEN[i % SEVEN.length]))
    const deck = await buildDeck(deckMarkdown(...slides), 'fifty')
    expect(deck.html.match(/class="live-embed/g)).toHaveLength(COUNT)
    expect(deck.html.match(/data-livedeck-runtime/g)).toHaveLength(1)
    url = deck.url
  })

  it('opens with only the shown widget mounted and running; the others wait or pause', async () => {
    const g = await guardedPage(browser())
    const { page } = g
    const t0 = Date.now()
    await page.goto(`${url}#1`)
    await waitMounted(page, 1)
    console.log(`50-widget deck: first widget mounted ${Date.now() - t0} ms after navigation started`)
    const all = await states(page)
    expect(all).toHaveLength(COUNT)
    expect(await mounted(page)).toEqual([1])
    expect(all.filter((s) => s === 'waiting')).toHaveLength(COUNT - 1)
    await page.waitForFunction(() => Number((document.querySelector('#live-1 .live-root > *') as HTMLElement).dataset.step) > 3)

    // the next slide: its widget mounts and trains, the first one stops
    await page.keyboard.press('ArrowRight')
    await waitMounted(page, 2)
    await page.waitForFunction(() => Number((document.querySelector('#live-2 .live-root > *') as HTMLElement).dataset.step) > 2, null, { timeout: 30_000 })
    const left = await step(page, 1)
    const s2 = await step(page, 2)
    await page.waitForTimeout(600)
    expect(await step(page, 1)).toBe(left)
    expect(await step(page, 2)).toBeGreaterThan(s2)
    expect(await mounted(page)).toEqual([1, 2])

    // far ahead: only that slide's widget is added, and only it runs
    await page.evaluate(() => {
      location.hash = '#45'
    })
    await waitMounted(page, 45) // digits
    await page.waitForFunction(() => Number((document.querySelector('#live-45 .live-root > *') as HTMLElement).dataset.step) > 2, null, { timeout: 30_000 })
    expect(await mounted(page)).toEqual([1, 2, 45])
    const paused = [await step(page, 1), await step(page, 2)]
    const s45 = await step(page, 45)
    await page.waitForTimeout(600)
    expect([await step(page, 1), await step(page, 2)]).toEqual(paused)
    expect(await step(page, 45)).toBeGreaterThan(s45)

    expect(g.blocked).toEqual([])
    expect(g.errors).toEqual([])
    await page.context().close()
  })
})
