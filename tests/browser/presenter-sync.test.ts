/**
 * Presenting in Chromium: the audience window and the presenter view (opened with `p`, as a
 * lecturer does) of the same file:// deck show the same widget state, whichever window is used;
 * the next-slide preview shows the next slide's widget as the audience last saw it; the presenter
 * view has a timer.
 */
import type { Frame, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { guardedPage, type GuardedPage } from './chromium'
import { useBrowser } from './use-browser'
import { buildDeck } from './deck'
import { deckMarkdown, liveSlide } from './widget-page'

const DECK = deckMarkdown(
  '## Intro\n\nText.',
  liveSlide('k-means', 'kmeans k=3 seed=7 autoplay=false'),
  liveSlide('Gradient descent', 'gradient-descent speed=40 steps=20000 lr=0.002'),
  liveSlide('A neuron', 'neuron'),
)

const browser = useBrowser()
let url: string

beforeAll(async () => {
  url = (await buildDeck(DECK, 'presenting')).url
})

type Where = Page | Frame
const ACTIVE = '.bespoke-marp-active'
const widget = `${ACTIVE} .live-root > *`
const data = (p: Where, scope = ACTIVE) =>
  p.$eval(`${scope} .live-root > *`, (el) => ({ ...(el as HTMLElement).dataset }) as Record<string, string | undefined>)
const step = async (p: Where, scope = ACTIVE) => Number((await data(p, scope)).step)
const mounted = (p: Where, name: string) => p.waitForSelector(`${ACTIVE} .live-embed[data-live="${name}"][data-live-state="mounted"] canvas`)
/** waits until `read` gives the same value in both windows, and returns it */
async function same<T>(a: Where, b: Where, read: (p: Where) => Promise<T>, timeout = 4000): Promise<T> {
  const end = Date.now() + timeout
  for (;;) {
    const [x, y] = [await read(a), await read(b)]
    if (JSON.stringify(x) === JSON.stringify(y)) return x
    if (Date.now() > end) expect(y, 'the two windows differ').toEqual(x)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function openPresenter(audience: GuardedPage): Promise<{ page: Page; errors: string[] }> {
  const errors: string[] = []
  const [page] = await Promise.all([audience.page.context().waitForEvent('page'), audience.page.keyboard.press('p')])
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.waitForLoadState()
  expect(new URL(page.url()).searchParams.get('view')).toBe('presenter')
  return { page, errors }
}

const preview = (page: Page): Frame => {
  const f = page.frames().find((fr) => new URL(fr.url()).searchParams.get('view') === 'next')
  if (!f) throw new Error('no next-slide preview')
  return f
}

describe('presenter view', () => {
  it('shows the same widget state in the audience window, the presenter view and its preview', async () => {
    const audience = await guardedPage(browser())
    const a = audience.page
    await a.goto(`${url}#3`)
    await mounted(a, 'gradient-descent')
    // the audience has trained for a while before the presenter view is opened
    await a.waitForFunction((sel) => Number((document.querySelector(sel) as HTMLElement).dataset.step) > 20, widget)
    const before = await step(a)
    const { page: p, errors } = await openPresenter(audience)
    await mounted(p, 'gradient-descent')
    // it joins at the audience's step (not from 0) and keeps playing
    await p.waitForFunction((sel) => (document.querySelector(sel) as HTMLElement | null)?.querySelector('button[aria-label="Pause"]'), ACTIVE)
    expect(await step(p)).toBeGreaterThanOrEqual(before)

    // pause in the presenter view: both windows stop on the very same step and loss
    await p.click(`${widget} button[aria-label="Pause"]`)
    const paused = await same(a, p, async (w) => {
      const d = await data(w)
      return { step: d.step, loss: d.loss }
    })
    expect(Number(paused.step)).toBeGreaterThan(before)
    await a.waitForTimeout(400)
    expect(await step(a)).toBe(Number(paused.step))
    expect(await a.$eval(`${widget} button.live-primary, ${widget} button[aria-label="Play"]`, (b) => b.getAttribute('aria-label'))).toBe('Play')

    // one step in the audience window: exactly one more step in both (no echo)
    await a.click(`${widget} button[aria-label="Step"]`)
    expect(await same(a, p, (w) => step(w))).toBe(Number(paused.step) + 1)
    await a.waitForTimeout(300)
    expect(await step(p)).toBe(Number(paused.step) + 1)

    // a parameter: the learning-rate slider moved with the keyboard in the presenter view
    await p.focus(`${widget} input[type="range"]`)
    for (let i = 0; i < 3; i++) await p.keyboard.press('ArrowRight')
    const slider = (w: Where) => w.$eval(`${widget} input[type="range"]`, (s) => (s as HTMLInputElement).value)
    const moved = await same(a, p, slider)
    expect(moved).not.toBe('0')
    expect(new URL(p.url()).hash).toBe('#3') // the arrows moved the slider, not the deck

    // the widget's keys in the audience window: play (k), pause (k), then reset (r)
    await a.focus(`${ACTIVE} .live-root`)
    await a.keyboard.press('k')
    await a.waitForTimeout(500)
    await a.keyboard.press('k')
    const afterKeys = await same(a, p, async (w) => (await data(w)).loss)
    expect(await step(a)).toBeGreaterThan(Number(paused.step) + 1)
    expect(afterKeys).toBe((await data(p)).loss)
    await a.keyboard.press('r')
    expect(await same(a, p, (w) => step(w))).toBe(0)

    // a click is replayed only on a control that reads the same: with the presenter view already
    // playing (started by a script, which is not broadcast), Play in the audience window does not
    // pause it; then Pause pauses both, on the same step
    const playLabel = (w: Where) => w.$eval(`${widget} button[aria-label="Play"], ${widget} button[aria-label="Pause"]`, (b) => b.getAttribute('aria-label'))
    await p.$eval(`${widget} button[aria-label="Play"]`, (b) => (b as HTMLButtonElement).click())
    await a.click(`${widget} button[aria-label="Play"]`)
    await a.waitForTimeout(300)
    expect([await playLabel(a), await playLabel(p)]).toEqual(['Pause', 'Pause'])
    await a.click(`${widget} button[aria-label="Pause"]`)
    expect(await same(a, p, async (w) => [await playLabel(w), (await data(w)).step])).toEqual(['Play', String(await step(a))])

    // the next-slide preview (a page of the same deck) shows slide 3 once the deck is back on 2
    await a.keyboard.press('Escape')
    await a.keyboard.press('ArrowLeft')
    await p.waitForFunction(() => location.hash === '#2')
    await mounted(p, 'kmeans')
    const next = preview(p)
    await mounted(next, 'gradient-descent')
    // it shows the gradient descent as the audience left it
    const gd = '.live-embed[data-live="gradient-descent"]'
    const leftAt = await step(a, gd)
    expect(leftAt).toBeGreaterThan(0)
    await next.waitForFunction((n) => Number((document.querySelector('.bespoke-marp-active .live-root > *') as HTMLElement).dataset.step) === n, leftAt)

    // k-means steps made in the presenter view appear in the audience window
    await p.click(`${widget} button[aria-label="Step"]`)
    await p.click(`${widget} button[aria-label="Step"]`)
    const km = await same(a, p, async (w) => {
      const d = await data(w)
      return { step: d.step, inertia: d.inertia, phase: d.phase }
    })
    expect(km.step).toBe('2')

    // on to slide 3 and back: the preview then shows the gradient descent where the class left it
    await a.keyboard.press('ArrowRight')
    await mounted(p, 'gradient-descent')
    await a.click(`${widget} button[aria-label="Play"]`)
    await a.waitForFunction((sel) => Number((document.querySelector(sel) as HTMLElement).dataset.step) > 10, widget)
    await a.keyboard.press('ArrowLeft')
    await mounted(p, 'kmeans')
    // the two windows agree on where it stopped (the one that lagged catches up)
    await a.waitForTimeout(500) // the reports of both windows are in
    const left = await same(a, p, (w) => step(w, gd))
    expect(left).toBeGreaterThan(10)
    // and both still play it, to go on when the slide is shown again
    for (const w of [a, p]) await w.waitForSelector(`${gd} button[aria-label="Pause"]`, { state: 'attached', timeout: 3000 })
    await next.waitForFunction((n) => Number((document.querySelector('.bespoke-marp-active .live-root > *') as HTMLElement).dataset.step) === n, left)
    // the preview is a picture: it does not run by itself
    await next.waitForTimeout(600)
    expect(await step(next)).toBe(left)
    expect(await next.$eval(`${widget} button[aria-label="Play"]`, (b) => b.getAttribute('aria-label'))).toBe('Play')

    // a drag on a canvas in the presenter view, a menu changed with the keyboard in the audience
    await a.keyboard.press('ArrowRight')
    await a.keyboard.press('ArrowRight')
    await mounted(p, 'neuron')
    await mounted(a, 'neuron')
    const plane = (await p.$(`${ACTIVE} canvas[aria-label^="Output of the unit"]`))!
    const box = (await plane.boundingBox())!
    await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await p.mouse.down()
    await p.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.75, { steps: 6 })
    await p.mouse.up()
    await a.focus(`${ACTIVE} select`)
    await a.keyboard.press('ArrowDown')
    const neuron = await same(a, p, async (w) => {
      const d = await data(w)
      return { x1: d.x1, x2: d.x2, activation: d.activation, h: d.h }
    })
    expect(Number(neuron.x1)).toBeGreaterThan(0.4) // moved right of where it starts
    expect(neuron.activation).not.toBe('sigmoid')

    expect(errors).toEqual([])
    expect(audience.errors).toEqual([])
    expect(audience.blocked).toEqual([])
    await a.context().close()
  })

  it('has a timer that starts, pauses and resets, in place of the template elapsed time', async () => {
    const audience = await guardedPage(browser())
    await audience.page.goto(`${url}#1`)
    await audience.page.waitForSelector('.live-embed[data-live-state]', { state: 'attached' })
    const { page: p, errors } = await openPresenter(audience)
    const timer = await p.waitForSelector('.bespoke-marp-presenter-info-container .live-timer')
    // the template's own elapsed time is hidden: one timer, not two
    expect(await p.$eval('.bespoke-marp-presenter-info-timer', (t) => getComputedStyle(t).display)).toBe('none')
    const read = () =>
      timer.evaluate((t) => ({ running: (t as HTMLElement).dataset.running, elapsed: (t as HTMLElement).dataset.elapsed, text: t.querySelector('time')?.textContent }))
    expect(await read()).toMatchObject({ running: 'false', elapsed: '0', text: '00:00' })
    await p.click('.live-timer-toggle')
    await p.waitForTimeout(1400)
    const running = await read()
    expect(running.running).toBe('true')
    expect(Number(running.elapsed)).toBeGreaterThanOrEqual(1)
    expect(running.text).toMatch(/^00:0[1-2]$/)
    // pause: the time stands still; `t` resumes it
    await p.click('.live-timer-toggle')
    const stopped = await read()
    await p.waitForTimeout(1100)
    expect(await read()).toEqual(stopped)
    await p.keyboard.press('t')
    expect((await read()).running).toBe('true')
    await p.click('.live-timer-reset')
    expect((await read()).elapsed).toBe('0')
    // the shortcuts overlay of the presenter view names its own keys too
    await p.keyboard.press('?')
    const help = await (await p.waitForSelector('.live-help [role="dialog"]')).innerText()
    expect(help).toContain('Presenter view')
    expect(help).toContain('start or pause the timer')
    await p.keyboard.press('Escape')
    expect(await p.$('.live-help')).toBeNull()
    await p.screenshot({ path: `${process.env.LIVEDECK_SHOTS ?? '/tmp'}/presenter-view.png` })
    expect(errors).toEqual([])
    expect(audience.blocked).toEqual([])
    await audience.page.context().close()
  })
})
