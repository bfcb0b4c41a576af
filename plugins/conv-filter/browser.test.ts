/**
 * conv-filter in Chromium, built from a deck by the real CLI: it mounts, filters, shows the
 * multiply-add on hover, follows its controls and keys, and in learn mode trains the kernel.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { deckMarkdown, liveSlide, useWidgetDeck } from '../../tests/browser/widget-page'

const deck = useWidgetDeck(
  deckMarkdown(liveSlide('Apply', 'conv-filter kernel=sobel-x'), liveSlide('Learn', 'conv-filter mode=learn speed=400')),
  'conv',
  (d) => ({
    mode: d.mode,
    step: Number(d.step),
    status: d.status,
    loss: Number(d.loss),
    maxDiff: Number(d.maxDiff),
    kernel: JSON.parse(d.kernel ?? '[]') as number[],
    name: d.kernelName,
    size: d.size,
    colormap: d.colormap,
    outMin: Number(d.outMin),
    outMax: Number(d.outMax),
    hover: d.hover,
    hoverValue: Number(d.hoverValue),
    hoverSum: Number(d.hoverSum),
  }),
)

/** a hash of the output canvas, to see it change */
const outputPixels = (page: Page) =>
  page.$$eval('.live-root canvas', (cs) => (cs[1] as HTMLCanvasElement).toDataURL())

describe('conv-filter in the browser', () => {
  it('filters, explains a pixel on hover, and follows presets, cells and keys', async () => {
    const w = await deck.open({ slide: 1 })
    const { page } = w
    const s = await w.state()
    expect(s).toMatchObject({ mode: 'apply', name: 'sobel-x', size: '3', colormap: 'diverging', status: 'applied' })
    expect(s.kernel).toEqual([-1, 0, 1, -2, 0, 2, -1, 0, 1])
    expect(s.outMin).toBeLessThan(-1)
    expect(s.outMax).toBeGreaterThan(1)
    const before = await outputPixels(page)

    // hover the output: the written-out multiply-add equals the conv2d value
    const box = (await page.$$('.live-root canvas'))[1]
    const r = (await box.boundingBox())!
    await page.mouse.move(r.x + r.width * 0.5, r.y + r.width * 0.45)
    const h = await w.state()
    expect(h.hover).toMatch(/^\d+,\d+$/)
    expect(h.hoverSum).toBeCloseTo(h.hoverValue, 4)
    expect(await page.$eval('.cfw-sum', (e) => e.querySelector('math') !== null)).toBe(true)

    // preset select: a blur is shown in gray scale
    await page.selectOption('select[aria-label="Kernel preset"]', 'gaussian-blur')
    const blur = await w.state()
    expect(blur.colormap).toBe('gray')
    expect(blur.outMin).toBeGreaterThanOrEqual(0)
    expect(blur.kernel[4]).toBeCloseTo(0.25, 4)
    expect(await outputPixels(page)).not.toBe(before)

    // type into a cell: the kernel becomes custom
    await page.fill('.cfw-cell input >> nth=4', '8')
    await page.press('.cfw-cell input >> nth=4', 'Enter')
    const typed = await w.state()
    expect(typed.name).toBe('custom')
    expect(typed.kernel[4]).toBeCloseTo(0.5, 4) // 1/16 × 8

    // keys when focused: ] next preset, 5 size, + on the selected cell, r reset
    await w.focus()
    await page.keyboard.press('r')
    expect((await w.state()).name).toBe('gaussian-blur')
    await page.keyboard.press(']')
    expect((await w.state()).name).toBe('sharpen')
    await page.keyboard.press('5')
    const five = await w.state()
    expect(five.size).toBe('5')
    expect(five.kernel).toHaveLength(25)
    await page.keyboard.press('+')
    expect((await w.state()).kernel[12]).toBeCloseTo(five.kernel[12] + 0.2, 4) // 1/5 × (21 + 1)
    await page.click('button[aria-label="Decrease weight"]')
    expect((await w.state()).kernel[12]).toBeCloseTo(five.kernel[12], 4)
    await w.close()
  })

  it('learn mode: steps, trains to the target kernel, resets', async () => {
    const w = await deck.open({ slide: 2 })
    const { page } = w
    const start = await w.state()
    expect(start).toMatchObject({ mode: 'learn', step: 0, status: 'ready', name: 'sobel-x' })
    expect(start.maxDiff).toBeGreaterThan(1)
    const before = await outputPixels(page)

    await page.click('button[aria-label="Step"]')
    await page.click('button[aria-label="Step"]')
    const two = await w.state()
    expect(two.step).toBe(2)
    expect(two.loss).toBeLessThan(start.loss)

    await page.click('button[aria-label="Play"]')
    await w.waitFor((d) => d.status === 'converged', 40_000)
    const done = await w.state()
    expect(done.loss).toBeLessThan(start.loss / 1000)
    expect(done.maxDiff).toBeLessThan(0.01)
    done.kernel.forEach((v, k) => expect(v).toBeCloseTo([-1, 0, 1, -2, 0, 2, -1, 0, 1][k], 1))
    expect(await outputPixels(page)).not.toBe(before)

    await w.focus()
    await page.keyboard.press('r')
    expect(await w.state()).toMatchObject({ step: 0, loss: start.loss })
    await page.keyboard.press('.')
    expect((await w.state()).step).toBe(1)
    await w.close()
  })
})
