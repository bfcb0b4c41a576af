/**
 * Rule: slides whose content does not fit the slide, measured in Chromium. The deck is
 * rendered by the engine (without the widget runtime: a widget's box has the height its
 * directive gives it), laid out at 1280x720 with the deck's own images and fonts, and
 * every element's box is compared with its slide's. All outside requests are blocked.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { guardedPage } from '../../browser/chromium'
import type { Deck, Problem } from '../types'
import type { Rendered } from './engine'

export interface SlideOverflow {
  /** 0-based slide index */
  index: number
  title: string
  top: number
  bottom: number
  left: number
  right: number
}

/** Overflow smaller than this is rounding, not a problem. */
const TOLERANCE = 2

export async function overflow(browser: Browser, deck: Deck, rendered: Rendered): Promise<Problem[]> {
  const measured = await measure(browser, deck.file, rendered)
  return measured.map((s) => {
    const line = rendered.slideLines[s.index] ?? 1
    const parts: string[] = []
    const vertical = s.top + s.bottom
    const horizontal = s.left + s.right
    if (vertical > TOLERANCE) parts.push(`${vertical} px vertically (${where(s.top, 'above the top', s.bottom, 'below the bottom')})`)
    if (horizontal > TOLERANCE) parts.push(`${horizontal} px horizontally (${where(s.left, 'left of the slide', s.right, 'right of the slide')})`)
    return {
      file: deck.file,
      line,
      column: 1,
      severity: 'warning',
      rule: 'overflow',
      message: `slide ${s.index + 1}${s.title ? ` "${s.title}"` : ''} overflows by ${parts.join(' and ')}: shorten it, split it, or make a widget's height= smaller`,
    }
  })
}

function where(a: number, aText: string, b: number, bText: string): string {
  return [a > 0 ? `${a} px ${aText}` : '', b > 0 ? `${b} px ${bText}` : ''].filter(Boolean).join(', ')
}

export async function measure(browser: Browser, file: string, rendered: Rendered): Promise<SlideOverflow[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-lint-'))
  const page = path.join(work, 'deck.html')
  const base = pathToFileURL(path.dirname(path.resolve(file)) + path.sep).href
  // without the widget runtime: widgets keep the box their directive gives them
  const html = rendered.html.replace(/<script data-livedeck-runtime>[\s\S]*?<\/script>/g, '')
  fs.writeFileSync(
    page,
    `<!DOCTYPE html><html><head><meta charset="utf-8"><base href="${base.replace(/"/g, '%22')}">` +
      `<style>html,body{margin:0;padding:0}${rendered.css.replace(/<\/style/gi, '<\\/style')}</style></head><body>${html}</body></html>`,
  )
  const guarded = await guardedPage(browser)
  try {
    await guarded.page.goto(pathToFileURL(page).href, { waitUntil: 'load', timeout: 60_000 })
    await guarded.page.evaluate(() => document.fonts.ready.then(() => undefined))
    return await guarded.page.evaluate((tolerance: number) => {
      const sections = [...document.querySelectorAll<HTMLElement>('div.marpit > svg > foreignObject > section, div.marpit > section')]
      const out: { index: number; title: string; top: number; bottom: number; left: number; right: number }[] = []
      sections.forEach((section, index) => {
        const box = section.getBoundingClientRect()
        const scale = section.offsetWidth ? box.width / section.offsetWidth : 1
        const extent = { top: 0, bottom: 0, left: 0, right: 0 }
        type Clip = { top: number; bottom: number; left: number; right: number }
        const walk = (el: Element, clip: Clip) => {
          for (const child of el.children) {
            const style = getComputedStyle(child)
            if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed') continue
            const r = child.getBoundingClientRect()
            const top = Math.max(r.top, clip.top)
            const bottom = Math.min(r.bottom, clip.bottom)
            const left = Math.max(r.left, clip.left)
            const right = Math.min(r.right, clip.right)
            if (r.width > 0 && r.height > 0 && bottom > top && right > left) {
              extent.top = Math.max(extent.top, (box.top - top) / scale)
              extent.bottom = Math.max(extent.bottom, (bottom - box.bottom) / scale)
              extent.left = Math.max(extent.left, (box.left - left) / scale)
              extent.right = Math.max(extent.right, (right - box.right) / scale)
            }
            const clips = style.overflowX !== 'visible' || style.overflowY !== 'visible'
            walk(child, clips ? { top, bottom, left, right } : clip)
          }
        }
        walk(section, { top: -Infinity, bottom: Infinity, left: -Infinity, right: Infinity })
        const round = (x: number) => Math.max(0, Math.round(x))
        const o = { top: round(extent.top), bottom: round(extent.bottom), left: round(extent.left), right: round(extent.right) }
        if (o.top + o.bottom > tolerance || o.left + o.right > tolerance) {
          const heading = section.querySelector('h1, h2, h3, h4, h5, h6')
          const title = (heading?.textContent ?? '').replace(/\s+/g, ' ').trim()
          out.push({ index, title: title.length > 60 ? title.slice(0, 59) + '…' : title, ...o })
        }
      })
      return out
    }, TOLERANCE)
  } finally {
    await guarded.page.context().close()
    fs.rmSync(work, { recursive: true, force: true })
  }
}
