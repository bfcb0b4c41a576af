/**
 * The example's custom widget in Chromium, from the deck the CLI builds: it mounts, trains
 * (the loss falls below ln 2, the accuracy rises), draws, follows its buttons, and the page
 * has no error and makes no outside request.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { useBrowser } from '../browser/use-browser'
import { type Data, onSlide, openWidget } from '../browser/widget-page'
import { livedeck, tempDir } from '../helpers'
import { exampleDir } from './course'

const read = (d: Data) => ({ step: Number(d.step), loss: Number(d.loss), accuracy: Number(d.accuracy), playing: d.playing })

const browser = useBrowser()
let url: string

beforeAll(async () => {
  const out = path.join(tempDir(), 'deck.html')
  const ran = await livedeck(['build', path.join(exampleDir, 'deck.md'), '-o', out])
  expect(ran.code, ran.stderr).toBe(0)
  url = pathToFileURL(out).href
})

/** canvas pixels in the classes' colours: lava (class 1) and blueschist (class 0), roughly */
const colours = (page: Page, scope: string) =>
  page.$eval(`${scope} .live-root canvas`, (c) => {
    const canvas = c as HTMLCanvasElement
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    let red = 0
    let blue = 0
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]]
      if (r > 200 && g < 100 && b < 100) red++
      if (b > 190 && r < 160 && g > 150) blue++
    }
    return { red, blue }
  })

describe('a custom widget in the browser', () => {
  it('mounts, trains on its own when autoplay is on, and draws both classes', async () => {
    const w = await openWidget(browser(), url, { read, slide: 2, within: onSlide(2) })
    await w.waitFor((d) => Number(d.step) >= 40, 20_000)
    const s = await w.state()
    expect(s.loss).toBeGreaterThan(0)
    expect(s.loss).toBeLessThan(Math.log(2) - 0.1)
    expect(s.accuracy).toBeGreaterThan(0.8)
    const { red, blue } = await colours(w.page, onSlide(2))
    expect(red).toBeGreaterThan(200)
    expect(blue).toBeGreaterThan(200)
    expect(await w.page.$eval(`${onSlide(2)} .live-embed`, (el) => (el as HTMLElement).dataset.liveBackend)).toBe('cpu')
    await w.close()
  })

  it('waits with autoplay=false, and follows Step, Play and Reset', async () => {
    const w = await openWidget(browser(), url, { read, slide: 3, within: onSlide(3) })
    const scope = onSlide(3)
    const click = (text: string) => w.page.click(`${scope} .live-root button:text-is("${text}")`)
    await new Promise((r) => setTimeout(r, 300))
    const start = await w.state()
    expect(start).toMatchObject({ step: 0, playing: 'false' })
    expect(start.loss).toBeCloseTo(Math.log(2), 5) // zero weights: p = 0.5 everywhere
    await click('Step')
    expect((await w.state()).step).toBe(1)
    await click('Play')
    await w.waitFor((d) => Number(d.step) >= 10 && d.playing === 'true', 10_000)
    await click('Pause')
    const paused = await w.state()
    expect(paused.playing).toBe('false')
    expect(paused.loss).toBeLessThan(start.loss)
    await click('Reset')
    expect(await w.state()).toEqual(start)
    await w.close()
  })
})
