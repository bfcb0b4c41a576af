/**
 * prefers-reduced-motion in Chromium: no widget starts by itself, a playing widget's picture
 * changes in a few discrete steps (about twice a second) instead of every frame, and k-means'
 * centroids jump instead of gliding. Each is checked against the same page without the
 * preference, so the test can tell the difference.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { guardedPage, type GuardedPage } from './chromium'
import { useBrowser } from './use-browser'
import { buildDeck } from './deck'
import { deckMarkdown, liveSlide } from './widget-page'

const AUTOPLAYING = [
  'gradient-descent speed=60',
  'gradient-descent mode=optimizers',
  'kmeans autoplay=true speed=4',
  'conv-filter mode=learn autoplay=true',
  'playground',
  'digits',
]
const DECK = deckMarkdown(
  liveSlide('k-means, by hand', 'kmeans k=3 seed=7 autoplay=false'),
  ...AUTOPLAYING.map((d, i) => liveSlide(`Widget ${i + 1}`, d)),
)

const browser = useBrowser()
let url: string

beforeAll(async () => {
  url = (await buildDeck(DECK, 'motion')).url
})

const ACTIVE = '.bespoke-marp-active'
const step = (page: Page) => page.$eval(`${ACTIVE} .live-root > *`, (el) => Number((el as HTMLElement).dataset.step))

async function open(slide: number, reduce: boolean): Promise<GuardedPage> {
  const g = await guardedPage(browser())
  await g.page.emulateMedia({ reducedMotion: reduce ? 'reduce' : 'no-preference' })
  await g.page.goto(`${url}#${slide}`)
  await g.page.waitForSelector(`${ACTIVE} .live-embed[data-live-state="mounted"] canvas`)
  return g
}

/** how many times the step shown changes while playing for `ms` */
async function updatesWhilePlaying(page: Page, ms: number): Promise<{ updates: number; steps: number }> {
  await page.click(`${ACTIVE} .live-root button[aria-label="Play"]`)
  const seen: number[] = []
  const end = Date.now() + ms
  while (Date.now() < end) {
    seen.push(await step(page))
    await page.waitForTimeout(15)
  }
  let updates = 0
  for (let i = 1; i < seen.length; i++) if (seen[i] !== seen[i - 1]) updates++
  return { updates, steps: seen[seen.length - 1] - seen[0] }
}

describe('prefers-reduced-motion', () => {
  it('starts no widget by itself', async () => {
    const g = await open(2, true)
    const { page } = g
    for (let slide = 2; slide <= AUTOPLAYING.length + 1; slide++) {
      if (slide > 2) {
        await page.keyboard.press('ArrowRight')
        await page.waitForFunction((n) => location.hash === `#${n}`, slide)
        await page.waitForSelector(`${ACTIVE} .live-embed[data-live-state="mounted"] canvas`)
      }
      await page.waitForTimeout(500)
      const name = AUTOPLAYING[slide - 2]
      expect(await step(page), name).toBe(0)
      expect(await page.$(`${ACTIVE} .live-root button[aria-label="Pause"]`), name).toBeNull()
    }
    expect(g.errors).toEqual([])
    await page.context().close()
  })

  it('plays step-wise: a few updates a second instead of one a frame', async () => {
    const reduced = await open(2, true)
    const r = await updatesWhilePlaying(reduced.page, 1600)
    expect(r.steps).toBeGreaterThan(20) // it does train, at its speed
    expect(r.updates).toBeGreaterThanOrEqual(2)
    expect(r.updates).toBeLessThanOrEqual(5)
    await reduced.page.context().close()

    const normal = await open(2, false)
    await normal.page.click(`${ACTIVE} .live-root button[aria-label="Pause"]`) // it autoplays
    const n = await updatesWhilePlaying(normal.page, 1600)
    expect(n.updates).toBeGreaterThan(12)
    await normal.page.context().close()
  })

  it("moves k-means' centroids in one jump instead of a glide", async () => {
    const picture = (page: Page) => page.$eval(`${ACTIVE} .live-root canvas`, (c) => (c as HTMLCanvasElement).toDataURL())
    /** the plot shortly after an update half-step, and a while later */
    const afterUpdate = async (page: Page) => {
      await page.click(`${ACTIVE} .live-root button[aria-label="Step"]`) // assign
      await page.waitForTimeout(100)
      await page.click(`${ACTIVE} .live-root button[aria-label="Step"]`) // update: the centroids move
      await page.waitForTimeout(60)
      const early = await picture(page)
      await page.waitForTimeout(600)
      return { early, late: await picture(page) }
    }
    const reduced = await open(1, true)
    const r = await afterUpdate(reduced.page)
    expect(r.early).toBe(r.late)
    await reduced.page.context().close()
    const normal = await open(1, false)
    const n = await afterUpdate(normal.page)
    expect(n.early).not.toBe(n.late)
    await normal.page.context().close()
  })
})
