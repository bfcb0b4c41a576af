/**
 * digits in Chromium, built from a deck by the real CLI: it mounts offline, trains (the test
 * accuracy rises), the drawing pad predicts what is drawn, and the controls and keys work.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { deckMarkdown, liveSlide, useWidgetDeck } from '../../tests/browser/widget-page'

const deck = useWidgetDeck(deckMarkdown(liveSlide('Digits', 'digits autoplay=false speed=400')), 'digits', (d) => ({
  step: Number(d.step),
  loss: Number(d.loss),
  accuracy: Number(d.accuracy),
  status: d.status,
  playing: d.playing,
  prediction: d.prediction,
}))

/** a 7 drawn with the mouse across the pad */
async function drawSeven(page: Page): Promise<void> {
  const box = (await page.locator('canvas.ldd-pad').boundingBox())!
  const at = (x: number, y: number) => [box.x + x * box.width, box.y + y * box.height] as const
  await page.mouse.move(...at(0.25, 0.2))
  await page.mouse.down()
  await page.mouse.move(...at(0.75, 0.2), { steps: 10 })
  await page.mouse.move(...at(0.45, 0.85), { steps: 12 })
  await page.mouse.up()
}

describe('digits in the browser', () => {
  it('bundles its digits into the HTML (no outside request)', () => {
    // the packed test pixels are inlined; the page is well under 2 MB with TF.js
    expect(deck.html.length).toBeLessThan(2_000_000)
  })

  it('trains, predicts what is drawn on the pad, and follows its buttons and keys', async () => {
    const w = await deck.open({ mounted: 'canvas.ldd-pad' })
    const { page } = w
    const start = await w.state()
    expect(start).toMatchObject({ step: 0, status: 'ready', playing: 'false', prediction: '' })
    expect(start.accuracy).toBeLessThan(0.3)

    // Step: one evaluation's worth of steps
    await page.click('button[aria-label="Step"]')
    const stepped = await w.state()
    expect(stepped.step).toBe(10)
    expect(stepped.status).toBe('training')

    // Play until the network is good, then pause
    await page.click('button[aria-label="Play"]')
    await w.waitFor((d) => Number(d.step) >= 300 && Number(d.accuracy) > 0.85, 40_000)
    await page.click('button[aria-label="Pause"]')
    const trained = await w.state()
    expect(trained.playing).toBe('false')
    expect(trained.accuracy).toBeGreaterThan(start.accuracy + 0.5)
    expect(trained.loss).toBeLessThan(start.loss)
    await page.waitForTimeout(150)
    expect((await w.state()).step).toBe(trained.step) // paused means paused

    // draw a 7 on the pad
    await drawSeven(page)
    await w.waitFor((d) => d.prediction !== '')
    expect((await w.state()).prediction).toBe('7')

    // Clear empties the pad and the prediction
    await page.click('button[aria-label="Clear"]')
    expect((await w.state()).prediction).toBe('')

    // keys, with the widget focused: c clears, . steps, r resets, k plays
    await drawSeven(page)
    await w.waitFor((d) => d.prediction !== '')
    await w.focus()
    await page.keyboard.press('c')
    expect((await w.state()).prediction).toBe('')
    const before = (await w.state()).step
    await page.keyboard.press('.')
    expect((await w.state()).step).toBe(Math.ceil((before + 1) / 10) * 10)
    await page.keyboard.press('r')
    expect(await w.state()).toMatchObject({ step: 0, status: 'ready', accuracy: start.accuracy, loss: start.loss })
    await page.keyboard.press('k')
    await w.waitFor((d) => Number(d.step) > 0)
    await page.keyboard.press('k')
    expect((await w.state()).playing).toBe('false')

    // the widget's keys stay inside it; the deck's keys (arrows) are not taken
    const reached = await page.evaluate(() => {
      const seen: string[] = []
      const listen = (e: KeyboardEvent) => seen.push(e.key)
      document.addEventListener('keydown', listen)
      const root = document.querySelector('.live-root') as HTMLElement
      for (const key of ['k', 'ArrowRight', 'c', ' ']) root.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
      document.removeEventListener('keydown', listen)
      return seen
    })
    expect(reached).toEqual(['ArrowRight', ' '])

    await w.close()
  })

  it('shows only the pad and one panel in a half-width column, with a menu to switch', async () => {
    const w = await deck.openDeck(
      deckMarkdown('## Two columns\n\n<div>\n\nText.\n\n</div>\n<div>\n\n<!-- live: digits autoplay=false panel=weights -->\n\n</div>'),
      'digits-narrow',
      { mounted: 'canvas.ldd-pad' },
    )
    const { page } = w
    const visible = () =>
      page.$$eval('.ldd-panels > *', (els) => els.filter((e) => !e.classList.contains('ldd-hidden')).map((e) => e.getAttribute('aria-label') ?? e.className))
    expect(await page.$eval('.ldd', (e) => e.classList.contains('live-compact'))).toBe(true)
    const before = await visible()
    expect(before.length).toBe(3) // weights, pad, probabilities
    expect(before[0]).toMatch(/weights/)
    await page.selectOption('.ldd select', 'curves')
    const after = await visible()
    expect(after.length).toBe(4) // two charts, pad, probabilities
    await w.close()
  })
})
