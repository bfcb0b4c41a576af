/**
 * The runtime in a real browser: the built HTML opens from file:// with no request at
 * all, widgets mount only when their slide is shown, pause when it is hidden, resume
 * when it comes back, keep TF.js memory flat, and stay out of the deck's keys.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { guardedPage, type GuardedPage } from './chromium'
import { useBrowser } from './use-browser'
import { buildDeck } from './deck'

const DECK = `---
marp: true
theme: presentation
math: katex
---

## Plain slide with $x^2$

---

## Gradient descent

<!-- live: gradient-descent speed=20 steps=20000 lr=0.002 -->

---

## In a column

<div>

Text column.

</div>

<div>
<!-- live: gradient-descent speed=20 steps=20000 lr=0.002 autoplay=false height=380 -->
</div>
`

const browser = useBrowser()
let deck: Awaited<ReturnType<typeof buildDeck>>

beforeAll(async () => {
  deck = await buildDeck(DECK)
})

const state = (page: Page, id: string) => page.$eval(`#${id}`, (el) => (el as HTMLElement).dataset.liveState)
const step = (page: Page, id: string) => page.$eval(`#${id} .live-root > *`, (el) => Number((el as HTMLElement).dataset.step))
const loss = (page: Page, id: string) => page.$eval(`#${id} .live-root > *`, (el) => Number((el as HTMLElement).dataset.loss))
const tensors = (page: Page) => page.evaluate(() => (window as any).livedeck.tf.memory().numTensors as number)
const canvas = (page: Page, id: string) => page.$eval(`#${id} canvas`, (c) => (c as HTMLCanvasElement).toDataURL())

async function open(hash: string): Promise<GuardedPage> {
  const g = await guardedPage(browser())
  await g.page.goto(`${deck.url}${hash}`)
  return g
}

describe('runtime', () => {
  it('opens from file:// without a single outside request, and inlines the runtime once', async () => {
    const g = await open('#1')
    await g.page.waitForTimeout(300)
    expect(g.blocked).toEqual([])
    expect(g.requests).toEqual([deck.url + '#1'].map((u) => u.replace(/#.*/, '')))
    expect(deck.html.match(/data-livedeck-runtime/g)).toHaveLength(1)
    expect(g.errors).toEqual([])
    await g.page.context().close()
  })

  it('mounts a widget only when its slide is shown, trains it, and pauses it when hidden', async () => {
    const g = await open('#1')
    const { page } = g
    await page.waitForFunction(() => document.querySelectorAll('.live-embed[data-live-state]').length === 2)
    expect(await state(page, 'live-1')).toBe('waiting')
    expect(await state(page, 'live-2')).toBe('waiting')

    await page.keyboard.press('ArrowRight')
    await page.waitForFunction(() => (document.querySelector('#live-1') as HTMLElement).dataset.liveState === 'mounted')
    expect(await state(page, 'live-2')).toBe('waiting')
    expect(await page.$eval('#live-1 .live-badge', (b) => b.textContent)).toBe('CPU')
    expect(await page.evaluate(() => (window as any).livedeck.tf.getBackend())).toBe('cpu')

    // training: the step counter advances, the loss falls, the picture changes
    await page.waitForFunction(() => Number((document.querySelector('#live-1 .live-root > *') as HTMLElement).dataset.step) > 3)
    const s1 = await step(page, 'live-1')
    const l1 = await loss(page, 'live-1')
    const c1 = await canvas(page, 'live-1')
    const n1 = await tensors(page)
    await page.waitForTimeout(700)
    const s2 = await step(page, 'live-1')
    expect(s2).toBeGreaterThan(s1)
    expect(await loss(page, 'live-1')).toBeLessThan(l1)
    expect(await canvas(page, 'live-1')).not.toBe(c1)
    expect(await tensors(page)).toBe(n1)

    // hidden slide: no more steps
    await page.keyboard.press('ArrowRight')
    await page.waitForFunction(() => (document.querySelector('#live-2') as HTMLElement).dataset.liveState === 'mounted')
    const hidden = await step(page, 'live-1')
    await page.waitForTimeout(600)
    expect(await step(page, 'live-1')).toBe(hidden)
    // the column widget does not autoplay
    expect(await step(page, 'live-2')).toBe(0)

    // shown again: it resumes
    await page.keyboard.press('ArrowLeft')
    await page.waitForTimeout(600)
    expect(await step(page, 'live-1')).toBeGreaterThan(hidden)
    expect(g.blocked).toEqual([])
    expect(g.errors).toEqual([])
    await page.context().close()
  })

  it("keeps the deck's navigation keys unless a widget has focus, and Escape hands focus back", async () => {
    const g = await open('#3')
    const { page } = g
    await page.waitForFunction(() => (document.querySelector('#live-2') as HTMLElement).dataset.liveState === 'mounted')
    // the widget's play button pressed with Space plays the widget and does not change slide
    await page.focus('#live-2 button')
    await page.keyboard.press(' ')
    await page.waitForTimeout(400)
    expect(await page.evaluate(() => location.hash)).toBe('#3')
    expect(await step(page, 'live-2')).toBeGreaterThan(0)
    // Escape leaves the widget; then the arrow keys navigate again
    await page.keyboard.press('Escape')
    await page.keyboard.press('ArrowLeft')
    await page.waitForFunction(() => location.hash === '#2')
    expect(g.errors).toEqual([])
    await page.context().close()
  })
})

describe('a deck without widgets', () => {
  it('carries no runtime at all', async () => {
    const plain = await buildDeck('---\nmarp: true\ntheme: presentation\n---\n\n## Just text\n', 'plain')
    expect(plain.html.includes('data-livedeck-runtime')).toBe(false)
    expect(plain.html.includes('class="live-embed')).toBe(false)
    const g = await guardedPage(browser())
    await g.page.goto(plain.url)
    expect(await g.page.evaluate(() => 'livedeck' in window)).toBe(false)
    expect(g.blocked).toEqual([])
    await g.page.context().close()
  })
})
