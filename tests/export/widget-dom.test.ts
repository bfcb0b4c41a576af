/**
 * A drawn widget taken as markup (src/export/page/widget-dom.ts, in dist/export-page.js) and
 * put back in another page: the same layout and the same pixels, canvases as pictures.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { WidgetDom } from '../../src/export/page/widget-dom'
import { guardedPage } from '../browser/chromium'
import { useBrowser } from '../browser/use-browser'
import { root } from '../helpers'

// rules written for `canvas` (which an <img> no longer matches) place the canvases
const CSS = `
  body { margin: 0; font: 16px sans-serif }
  .live-embed { position: relative; width: 400px; height: 220px; }
  .w { position: absolute; inset: 0 }
  .w canvas { position: absolute; display: block; border-radius: 6px; }
  .w .plot { left: 10px; top: 12px; width: 200px; height: 150px; }
  .w .overlay { left: 10px; top: 12px; width: 200px; height: 150px; }
  .w p { position: absolute; left: 230px; top: 20px; margin: 0 }
`
const EMBED = '<div class="live-embed" data-live="demo" data-live-params="{}"></div>'

/** Draws a "widget": an opaque plot, a transparent overlay, a text readout and a slider moved by script. */
const DRAW = `(() => {
  const el = document.querySelector('.live-embed')
  el.innerHTML = '<div class="w"><canvas class="plot" width="400" height="300"></canvas><canvas class="overlay" width="400" height="300"></canvas><p>loss <b>0.125</b></p><input type="range" min="0" max="10"></div>'
  const [plot, overlay] = el.querySelectorAll('canvas')
  const g = plot.getContext('2d')
  g.fillStyle = '#f4efe6'; g.fillRect(0, 0, 400, 300)
  g.strokeStyle = '#c0392b'; g.lineWidth = 6; g.beginPath(); g.moveTo(0, 300); g.bezierCurveTo(100, 0, 300, 300, 400, 20); g.stroke()
  const o = overlay.getContext('2d')
  o.fillStyle = '#1f5f8b'; for (let i = 0; i < 12; i++) { o.beginPath(); o.arc(20 + i * 32, 150 + 80 * Math.sin(i), 9, 0, 7); o.fill() }
  el.querySelector('input').value = '7'
})()`

const browser = useBrowser()
const exportPage = () => fs.readFileSync(path.join(root, 'dist', 'export-page.js'), 'utf8')

async function pageWith(body: string): Promise<Page> {
  const { page } = await guardedPage(browser(), { width: 500, height: 300 }, { deviceScaleFactor: 2 })
  await page.setContent(`<html><head><style>${CSS}</style></head><body>${body}</body></html>`)
  await page.addScriptTag({ content: exportPage() })
  return page
}

const boxes = (page: Page, selector: string) =>
  page.evaluate((s) => [...document.querySelectorAll(s)].map((e) => JSON.stringify(e.getBoundingClientRect())), selector)

describe('a drawn widget as markup', () => {
  it('keeps text as text, canvases as pictures in their places, and values set by script', async () => {
    const drawn = await pageWith(EMBED)
    await drawn.evaluate(DRAW)
    const dom = (await drawn.evaluate(() => window.__livedeckWidgetDom!(0, 'jpeg'))) as WidgetDom
    expect(dom.html).not.toContain('<canvas')
    const sources = [...dom.html.matchAll(/src="data:image\/(\w+);base64,/g)].map((m) => m[1])
    // the opaque plot as JPEG, the overlay with its transparency as PNG
    expect(sources).toEqual(['jpeg', 'png'])
    expect(dom.html).toContain('loss <b>0.125</b>')
    expect(dom.html).toMatch(/<input[^>]*value="7"/)
    expect((await drawn.evaluate(() => window.__livedeckWidgetDom!(0, 'png'))).html.match(/data:image\/png/g)).toHaveLength(2)

    const printed = await pageWith(EMBED)
    await printed.evaluate((list) => window.__livedeckPlaceWidgets!(list), [[0, dom]] as [number, WidgetDom][])
    expect(await boxes(printed, '.live-embed img')).toEqual(await boxes(drawn, '.live-embed canvas'))
    expect(await boxes(printed, '.live-embed p')).toEqual(await boxes(drawn, '.live-embed p'))
    expect(await printed.evaluate(() => document.querySelector('input')!.value)).toBe('7')

    // the same pixels where the canvases were: the PNG overlay exactly, the JPEG plot within its quality
    const shot = (page: Page) => page.locator('.live-embed').screenshot({ type: 'png' })
    const [before, after] = [await shot(drawn), await shot(printed)]
    const diff = await drawn.evaluate(
      async ([a, b]) => {
        const load = async (src: string) => {
          const img = new Image()
          img.src = src
          await img.decode()
          const c = new OffscreenCanvas(img.width, img.height)
          const g = c.getContext('2d')!
          g.drawImage(img, 0, 0)
          return g.getImageData(0, 0, img.width, img.height).data
        }
        const [p, q] = [await load(a), await load(b)]
        let worst = 0
        let differing = 0
        for (let i = 0; i < p.length; i++) {
          const d = Math.abs(p[i] - q[i])
          worst = Math.max(worst, d)
          if (d > 24) differing++
        }
        return { same: p.length === q.length, worst, share: differing / p.length }
      },
      [`data:image/png;base64,${before.toString('base64')}`, `data:image/png;base64,${after.toString('base64')}`],
    )
    expect(diff.same).toBe(true)
    expect(diff.worst).toBeGreaterThan(0) // JPEG is not lossless: the comparison can see a change
    expect(diff.share).toBeLessThan(0.002)
    await drawn.context().close()
    await printed.context().close()
  })
})
