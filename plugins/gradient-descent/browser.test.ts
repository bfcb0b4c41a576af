/**
 * gradient-descent in Chromium, built from a deck by the real CLI: it mounts, trains
 * (the loss falls towards the least-squares optimum), and reacts to its controls.
 */
import { describe, expect, it } from 'vitest'
import { deckMarkdown, liveSlide, useWidgetDeck } from '../../tests/browser/widget-page'

const deck = useWidgetDeck(
  deckMarkdown(liveSlide('Controls', 'gradient-descent autoplay=false lr=0.05 speed=400')),
  'gd',
  (d) => ({ step: Number(d.step), loss: Number(d.loss), status: d.status }),
)

describe('gradient-descent in the browser', () => {
  it('steps, plays to convergence, resets, and follows the learning-rate slider and its keys', async () => {
    const w = await deck.open()
    const { page } = w
    expect(await w.state()).toMatchObject({ step: 0 })
    const start = await w.state()

    await page.click('button[aria-label="Step"]')
    await page.click('button[aria-label="Step"]')
    const two = await w.state()
    expect(two.step).toBe(2)
    expect(two.loss).toBeLessThan(start.loss)

    await page.click('button[aria-label="Play"]')
    await w.waitFor((d) => d.status === 'converged', 20_000)
    const done = await w.state()
    expect(done.loss).toBeLessThan(start.loss / 20)

    await page.click('button[aria-label="Reset"]')
    expect(await w.state()).toMatchObject({ step: 0, loss: start.loss })

    // the slider changes the learning rate; ] raises it when the widget has focus
    const lr = () => page.$eval('input[type="range"]', (i) => (i as HTMLInputElement).getAttribute('aria-valuetext'))
    expect(await lr()).toBe('learning rate 0.05')
    await w.focus()
    await page.keyboard.press(']')
    expect(await lr()).not.toBe('learning rate 0.05')
    await page.keyboard.press('.')
    expect((await w.state()).step).toBe(1)
    await page.keyboard.press('r')
    expect((await w.state()).step).toBe(0)
    await w.close()
  })

  it.each(['compare-lr', 'optimizers', 'batches'])('mode=%s mounts, steps, plays and resets', async (mode) => {
    const w = await deck.openDeck(deckMarkdown(liveSlide(mode, `gradient-descent mode=${mode} autoplay=false speed=60`)), `gd-${mode}`, {
      read: (d) => ({ mode: d.mode, step: Number(d.step), status: d.status, losses: JSON.parse(d.losses ?? '[]') as (number | null)[] }),
    })
    const { page } = w
    const start = await w.state()
    expect(start).toMatchObject({ mode, step: 0, status: 'ready' })
    expect(start.losses.length).toBeGreaterThanOrEqual(3)
    await page.click('button[aria-label="Step"]')
    await page.click('button[aria-label="Step"]')
    expect((await w.state()).step).toBe(2)
    await page.click('button[aria-label="Play"]')
    await w.waitFor((d) => Number(d.step) > 20)
    await w.focus()
    // at 60 steps per second no race is over yet: k pauses it
    await page.keyboard.press('k')
    await page.waitForSelector('button[aria-label="Play"]')
    await page.keyboard.press('r')
    expect((await w.state()).step).toBe(0)
    await w.close()
  })
})
