/**
 * neuron in Chromium, built from a deck by the real CLI: it mounts, computes z, h and φ′,
 * and follows its slider, its activation menu, dragging on the plot and its keys.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { deckMarkdown, liveSlide, useWidgetDeck } from '../../tests/browser/widget-page'

const deck = useWidgetDeck(deckMarkdown(liveSlide('Neuron', 'neuron')), 'neuron', (d) => ({
  step: d.step,
  z: Number(d.z),
  h: Number(d.h),
  grad: Number(d.grad),
  status: d.status,
  activation: d.activation,
  b: Number(d.b),
}))

const readout = (page: Page) => page.$eval('.live-root > *', (el) => (el.querySelector('[class$="readout"]') as HTMLElement).textContent ?? '')
const pixels = (page: Page) => page.$eval('.live-root canvas', (c) => (c as HTMLCanvasElement).toDataURL())

describe('neuron in the browser', () => {
  it('shows z, h, φ′ and follows the bias slider, the activation menu, dragging and keys', async () => {
    const w = await deck.open()
    const { page } = w
    const start = await w.state()
    expect(start).toMatchObject({ step: '0', status: 'active', activation: 'sigmoid' })
    expect(start.z).toBeCloseTo(1.5, 5)
    expect(start.h).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 5)
    expect(start.grad).toBeCloseTo(start.h * (1 - start.h), 5)
    expect(await readout(page)).toContain('0.818')
    const before = await pixels(page)

    // bias slider to its maximum: z = 1 + 10 = 11, deep in saturation
    await page.$eval('input[data-param="b"]', (i) => {
      const input = i as HTMLInputElement
      input.value = input.max
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })
    const high = await w.state()
    expect(high.z).toBeCloseTo(11, 4)
    expect(high.status).toBe('saturated')
    expect(high.grad).toBeLessThan(1e-3)
    expect(await readout(page)).toContain('11.00')
    expect(await pixels(page)).not.toBe(before)

    // ReLU from the menu: z > 0, gradient 1; dragging on the plot to the left makes it dead
    await page.selectOption('select', 'relu')
    const relu = await w.state()
    expect(relu).toMatchObject({ activation: 'relu', status: 'active', grad: 1 })
    const box = (await page.$('.live-root canvas'))!
    const r = (await box.boundingBox())!
    await page.mouse.move(r.x + r.width * 0.25, r.y + r.height * 0.5)
    await page.mouse.down()
    await page.mouse.move(r.x + r.width * 0.2, r.y + r.height * 0.5, { steps: 3 })
    await page.mouse.up()
    const dead = await w.state()
    expect(dead.z).toBeLessThan(0)
    expect(dead.b).toBeLessThan(relu.b)
    expect(dead).toMatchObject({ status: 'dead', grad: 0, h: 0 })

    // keys, while the widget has focus: ] raises the bias, a cycles the activation, r resets
    await w.focus()
    await page.keyboard.press(']')
    expect((await w.state()).b).toBeCloseTo(dead.b + 0.5, 5)
    await page.keyboard.press('a')
    expect((await w.state()).activation).toBe('sigmoid')
    await page.keyboard.press('r')
    expect(await w.state()).toEqual(start)
    await w.close()
  })
})
