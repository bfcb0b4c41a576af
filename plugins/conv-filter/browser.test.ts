/**
 * conv-filter in Chromium, built from a deck by the real CLI: it mounts, filters, shows the
 * multiply-add on hover, follows its controls and keys, and in learn mode trains the kernel.
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
      `---\nmarp: true\ntheme: presentation\n---\n\n## Apply\n\n<!-- live: conv-filter kernel=sobel-x -->\n\n---\n\n## Learn\n\n<!-- live: conv-filter mode=learn speed=400 -->\n`,
      'conv',
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
    return {
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
    }
  })

/** a hash of the output canvas, to see it change */
const outputPixels = (page: Page) =>
  page.$$eval('.live-root canvas', (cs) => (cs[1] as HTMLCanvasElement).toDataURL())

describe('conv-filter in the browser', () => {
  it('filters, explains a pixel on hover, and follows presets, cells and keys', async () => {
    const g = await guardedPage(browser)
    const { page } = g
    await page.goto(url + '#1')
    await page.waitForSelector('.live-embed[data-live-state="mounted"] canvas')
    const s = await read(page)
    expect(s).toMatchObject({ mode: 'apply', name: 'sobel-x', size: '3', colormap: 'diverging', status: 'applied' })
    expect(s.kernel).toEqual([-1, 0, 1, -2, 0, 2, -1, 0, 1])
    expect(s.outMin).toBeLessThan(-1)
    expect(s.outMax).toBeGreaterThan(1)
    const before = await outputPixels(page)

    // hover the output: the written-out multiply-add equals the conv2d value
    const box = (await page.$$('.live-root canvas'))[1]
    const r = (await box.boundingBox())!
    await page.mouse.move(r.x + r.width * 0.5, r.y + r.width * 0.45)
    const h = await read(page)
    expect(h.hover).toMatch(/^\d+,\d+$/)
    expect(h.hoverSum).toBeCloseTo(h.hoverValue, 4)
    expect(await page.$eval('.cfw-sum', (e) => e.querySelector('math') !== null)).toBe(true)

    // preset select: a blur is shown in gray scale
    await page.selectOption('select[aria-label="Kernel preset"]', 'gaussian-blur')
    const blur = await read(page)
    expect(blur.colormap).toBe('gray')
    expect(blur.outMin).toBeGreaterThanOrEqual(0)
    expect(blur.kernel[4]).toBeCloseTo(0.25, 4)
    expect(await outputPixels(page)).not.toBe(before)

    // type into a cell: the kernel becomes custom
    await page.fill('.cfw-cell input >> nth=4', '8')
    await page.press('.cfw-cell input >> nth=4', 'Enter')
    const typed = await read(page)
    expect(typed.name).toBe('custom')
    expect(typed.kernel[4]).toBeCloseTo(0.5, 4) // 1/16 × 8

    // keys when focused: ] next preset, 5 size, + on the selected cell, r reset
    await page.focus('.live-root')
    await page.keyboard.press('r')
    expect((await read(page)).name).toBe('gaussian-blur')
    await page.keyboard.press(']')
    expect((await read(page)).name).toBe('sharpen')
    await page.keyboard.press('5')
    const five = await read(page)
    expect(five.size).toBe('5')
    expect(five.kernel).toHaveLength(25)
    await page.keyboard.press('+')
    expect((await read(page)).kernel[12]).toBeCloseTo(five.kernel[12] + 0.2, 4) // 1/5 × (21 + 1)
    await page.click('button[aria-label="Decrease weight"]')
    expect((await read(page)).kernel[12]).toBeCloseTo(five.kernel[12], 4)
    expect(g.errors).toEqual([])
    expect(g.blocked).toEqual([])
    await page.context().close()
  })

  it('learn mode: steps, trains to the target kernel, resets', async () => {
    const g = await guardedPage(browser)
    const { page } = g
    await page.goto(url + '#2')
    await page.waitForSelector('.live-embed[data-live-state="mounted"] canvas')
    const start = await read(page)
    expect(start).toMatchObject({ mode: 'learn', step: 0, status: 'ready', name: 'sobel-x' })
    expect(start.maxDiff).toBeGreaterThan(1)
    const before = await outputPixels(page)

    await page.click('button[aria-label="Step"]')
    await page.click('button[aria-label="Step"]')
    const two = await read(page)
    expect(two.step).toBe(2)
    expect(two.loss).toBeLessThan(start.loss)

    await page.click('button[aria-label="Play"]')
    await page.waitForFunction(() => (document.querySelector('.live-root > *') as HTMLElement).dataset.status === 'converged', null, { timeout: 40_000 })
    const done = await read(page)
    expect(done.loss).toBeLessThan(start.loss / 1000)
    expect(done.maxDiff).toBeLessThan(0.01)
    done.kernel.forEach((v, k) => expect(v).toBeCloseTo([-1, 0, 1, -2, 0, 2, -1, 0, 1][k], 1))
    expect(await outputPixels(page)).not.toBe(before)

    await page.focus('.live-root')
    await page.keyboard.press('r')
    expect(await read(page)).toMatchObject({ step: 0, loss: start.loss })
    await page.keyboard.press('.')
    expect((await read(page)).step).toBe(1)
    expect(g.errors).toEqual([])
    expect(g.blocked).toEqual([])
    await page.context().close()
  })
})
