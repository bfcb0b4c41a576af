/**
 * The keyboard in Chromium: a widget's keys act only while it has focus, Escape gives the keys
 * back to the deck (without opening Marp's overview), a slider moved with the arrows keeps them,
 * `?` shows the deck's and the widgets' shortcuts; a swipe on a widget does not turn the slide.
 * And the overlay's widget keys are the README's.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { WIDGET_SHORTCUTS } from '../../src/runtime/shortcuts'
import { root } from '../helpers'
import { guardedPage } from './chromium'
import { useBrowser } from './use-browser'
import { buildDeck } from './deck'
import { deckMarkdown, liveSlide } from './widget-page'

const DECK = deckMarkdown(
  '## Intro\n\nText.',
  liveSlide('k-means', 'kmeans k=3 seed=7 autoplay=false'),
  liveSlide('Gradient descent', 'gradient-descent autoplay=false'),
)

const browser = useBrowser()
let url: string

beforeAll(async () => {
  url = (await buildDeck(DECK, 'keys')).url
})

const ACTIVE = '.bespoke-marp-active'
const step = (page: Page) => page.$eval(`${ACTIVE} .live-root > *`, (el) => Number((el as HTMLElement).dataset.step))
const hash = (page: Page) => page.evaluate(() => location.hash)
const focused = (page: Page) => page.evaluate(() => document.activeElement?.className ?? '')
const overviewOpen = (page: Page) => page.evaluate(() => document.querySelector('.bespoke-marp-overview')?.getAttribute('data-open') === '1')

describe('keyboard', () => {
  it("gives a widget the keys only while it has focus, and Escape gives them back to the deck", async () => {
    const g = await guardedPage(browser())
    const { page } = g
    await page.goto(`${url}#2`)
    await page.waitForSelector(`${ACTIVE} .live-embed[data-live-state="mounted"] canvas`)
    // no focus: the widget's keys do nothing
    await page.keyboard.press('.')
    await page.keyboard.press('k')
    await page.waitForTimeout(200)
    expect(await step(page)).toBe(0)
    // focused: they act, and they are the widget's alone
    await page.focus(`${ACTIVE} .live-root`)
    await page.keyboard.press('.')
    expect(await step(page)).toBe(1)
    expect(await hash(page)).toBe('#2')
    // Escape: focus leaves the widget, Marp's overview (also on Escape) stays closed
    await page.keyboard.press('Escape')
    expect(await focused(page)).toBe('')
    expect(await overviewOpen(page)).toBe(false)
    await page.keyboard.press('.')
    expect(await step(page)).toBe(1)
    await page.keyboard.press('ArrowRight')
    await page.waitForFunction(() => location.hash === '#3')

    // a slider moved with the arrow keys keeps them: each press moves it, the slide stays
    await page.waitForSelector(`${ACTIVE} .live-embed[data-live-state="mounted"] canvas`)
    const slider = `${ACTIVE} input[type="range"]`
    const value = () => page.$eval(slider, (s) => Number((s as HTMLInputElement).value))
    const values = [await value()]
    await page.focus(slider)
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('ArrowRight')
      values.push(await value())
    }
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1])
    expect(await hash(page)).toBe('#3')
    await page.keyboard.press('Escape')
    await page.keyboard.press('ArrowLeft')
    await page.waitForFunction(() => location.hash === '#2')
    expect(g.errors).toEqual([])
    await page.context().close()
  })

  it('shows the shortcuts on ?, and closes them on Escape or ?', async () => {
    const g = await guardedPage(browser())
    const { page } = g
    await page.goto(`${url}#2`)
    await page.waitForSelector(`${ACTIVE} .live-embed[data-live-state="mounted"] canvas`)
    await page.keyboard.press('?')
    const overlay = await page.waitForSelector('.live-help [role="dialog"]')
    const text = await overlay.innerText()
    for (const words of ['Keyboard shortcuts', 'Deck', 'next slide', 'presenter view', 'kmeans', 'new data', 'gradient-descent', 'learning rate down/up']) {
      expect(text).toContain(words)
    }
    await page.screenshot({ path: `${process.env.LIVEDECK_SHOTS ?? '/tmp'}/shortcuts-overlay.png` })
    // the deck stays put while it is shown
    await page.keyboard.press('ArrowRight')
    expect(await hash(page)).toBe('#2')
    await page.keyboard.press('Escape')
    expect(await page.$('.live-help')).toBeNull()
    expect(await overviewOpen(page)).toBe(false)
    await page.keyboard.press('?')
    await page.waitForSelector('.live-help')
    await page.keyboard.press('?')
    expect(await page.$('.live-help')).toBeNull()
    // with a widget focused, ? still shows them, and closing gives the focus back to the widget
    await page.focus(`${ACTIVE} .live-root`)
    await page.keyboard.press('?')
    await page.waitForSelector('.live-help')
    await page.click('.live-help-close')
    expect(await page.$('.live-help')).toBeNull()
    expect(await page.evaluate(() => document.activeElement?.classList.contains('live-root'))).toBe(true)
    expect(g.errors).toEqual([])
    await page.context().close()
  })

  it('keeps a swipe that starts on a widget from turning the slide', async () => {
    const g = await guardedPage(browser())
    const { page } = g
    await page.goto(`${url}#3`)
    await page.waitForSelector(`${ACTIVE} .live-embed[data-live-state="mounted"] canvas`)
    const swipe = (selector: string) =>
      page.evaluate((sel) => {
        const target = document.querySelector(sel)!
        const r = target.getBoundingClientRect()
        const at = (dx: number) => [new Touch({ identifier: 1, target, clientX: r.left + r.width / 2 + dx, clientY: r.top + r.height / 2, pageX: r.left + r.width / 2 + dx, pageY: r.top + r.height / 2 })]
        target.dispatchEvent(new TouchEvent('touchstart', { bubbles: true, cancelable: true, touches: at(0), changedTouches: at(0) }))
        target.dispatchEvent(new TouchEvent('touchmove', { bubbles: true, cancelable: true, touches: at(200), changedTouches: at(200) }))
        target.dispatchEvent(new TouchEvent('touchend', { bubbles: true, cancelable: true, touches: [], changedTouches: at(200) }))
      }, selector)
    await swipe(`${ACTIVE} .live-root canvas`)
    await page.waitForTimeout(300)
    expect(await hash(page)).toBe('#3')
    // the same swipe on the slide's title turns it back (so the gesture above was a real swipe)
    await swipe(`${ACTIVE} h2`)
    await page.waitForFunction(() => location.hash === '#2')
    expect(g.errors).toEqual([])
    await page.context().close()
  })
})

describe('the shortcuts overlay', () => {
  it("lists each widget's keys exactly as the README's widget table does", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
    for (const [name, rows] of Object.entries(WIDGET_SHORTCUTS)) {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`${name}\` |`))
      expect(line, `README has no row for ${name}`).toBeDefined()
      const cells = line!.split(' | ')
      const readmeKeys = [...cells[cells.length - 1].matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort()
      const ours = rows.flatMap(([keys]) => keys).sort()
      expect(ours, name).toEqual(readmeKeys)
    }
  })
})
