/**
 * Reading exported handouts back for tests: PDF pages rasterised with poppler's pdftoppm
 * (as raw PPM), where the widgets sit on each page (measured in Chromium on the deck's
 * print HTML), and whether a region of a picture holds a drawing or is blank.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { guardedPage } from '../../src/browser/chromium'
import { convertDeck } from '../../src/cli/marp-convert'

export interface Picture {
  width: number
  height: number
  /** RGB, row by row */
  rgb: Uint8Array
}

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** One PDF page at 1280x720 pixels (the slide's CSS pixels). */
export function rasterise(pdf: string, page: number): Picture {
  const ppm = execFileSync('pdftoppm', ['-f', String(page), '-l', String(page), '-scale-to-x', '1280', '-scale-to-y', '720', pdf], {
    maxBuffer: 64 * 1024 * 1024,
  })
  return parsePpm(ppm)
}

export function pageCount(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1] ?? NaN)
}

function parsePpm(buf: Buffer): Picture {
  // P6 <width> <height> <max>\n<binary>
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'))
  if (!header) throw new Error('pdftoppm did not give a PPM picture')
  const width = Number(header[1])
  const height = Number(header[2])
  return { width, height, rgb: new Uint8Array(buf.subarray(header[0].length, header[0].length + width * height * 3)) }
}

/**
 * How much is drawn in a box: the number of distinct colours (4 bits a channel) and the
 * share of pixels that differ from the box's most common colour.
 */
export function ink(picture: Picture, box: Box): { colours: number; share: number } {
  const counts = new Map<number, number>()
  let total = 0
  const x0 = Math.max(0, Math.floor(box.x))
  const y0 = Math.max(0, Math.floor(box.y))
  const x1 = Math.min(picture.width, Math.ceil(box.x + box.width))
  const y1 = Math.min(picture.height, Math.ceil(box.y + box.height))
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * picture.width + x) * 3
      const key = ((picture.rgb[i] >> 4) << 8) | ((picture.rgb[i + 1] >> 4) << 4) | (picture.rgb[i + 2] >> 4)
      counts.set(key, (counts.get(key) ?? 0) + 1)
      total++
    }
  }
  const dominant = Math.max(0, ...counts.values())
  return { colours: counts.size, share: total ? 1 - dominant / total : 0 }
}

export interface WidgetPlace {
  name: string
  /** 1-based PDF page */
  page: number
  box: Box
}

/** Where each widget of a deck sits on its printed page (the print HTML, before any widget runs). */
export async function widgetPlaces(browser: Browser, deck: string, work: string): Promise<WidgetPlace[]> {
  const html = path.join(work, 'places.html')
  const r = await convertDeck(deck, html, { template: 'bare', engine: { offline: true, handout: true } })
  if (!r.ok) throw new Error(`cannot build ${deck}: ${r.messages.join('\n')}`)
  fs.writeFileSync(html, fs.readFileSync(html, 'utf8').replace('<head>', `<head><base href="${pathToFileURL(path.dirname(path.resolve(deck))).href}/">`).replace(/<script data-livedeck-runtime>[\s\S]*?<\/script>/, ''))
  const { page } = await guardedPage(browser)
  try {
    await page.goto(pathToFileURL(html).href)
    return (await page.evaluate(`[...document.querySelectorAll('.live-embed[data-live]')].map((el) => {
      const svgs = [...document.querySelectorAll('svg[data-marpit-svg]')]
      const svg = el.closest('svg[data-marpit-svg]')
      const s = svg.getBoundingClientRect()
      const r = el.getBoundingClientRect()
      const k = 1280 / s.width
      return { name: el.dataset.live, page: svgs.indexOf(svg) + 1, box: { x: (r.x - s.x) * k, y: (r.y - s.y) * k, width: r.width * k, height: r.height * k } }
    })`)) as WidgetPlace[]
  } finally {
    await page.context().close()
  }
}
