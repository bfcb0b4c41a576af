/**
 * The shipped lecture (slides/ai-for-geosciences.md), as a lecturer uses it: it builds
 * without errors, keeps every slide of the original deck with its text repaired, and its
 * gradient-descent slides train live in Chromium while the deck's online iframes and
 * images are blocked (counted) and nothing else is requested.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { root, sharedDeck } from '../helpers'
import { guardedPage } from './chromium'
import { useBrowser } from './use-browser'
import { buildDeck } from './deck'

const source = fs.readFileSync(path.join(root, 'slides', 'ai-for-geosciences.md'), 'utf8')
const browser = useBrowser()
let deck: Awaited<ReturnType<typeof buildDeck>>

beforeAll(async () => {
  deck = await buildDeck(source, 'ai-for-geosciences')
})

const slideCount = (markdown: string) => markdown.replace(/^---\n[\s\S]*?\n---\n/, '').split(/^---\s*$/m).length

describe('the shipped lecture', () => {
  it('keeps every slide of the original deck, with its text encoding repaired', () => {
    const original = fs.readFileSync(sharedDeck, 'utf8')
    expect(slideCount(source)).toBe(slideCount(original))
    expect(deck.html.match(/<section id="\d+"/g)).toHaveLength(slideCount(original))
    expect(original).toMatch(/LÃ©onard/)
    expect(source).toContain('Léonard Seydoux')
    expect(source).not.toMatch(/Ã|Â|â€|ðŸ/)
  })

  it('trains gradient descent on its slide, offline', async () => {
    const sections = [...deck.html.matchAll(/<section id="(\d+)"[\s\S]*?<\/section>/g)]
    const slide = sections.find((m) => m[0].includes('data-live="gradient-descent"'))![1]
    const g = await guardedPage(browser())
    await g.page.goto(`${deck.url}#${slide}`)
    const box = `section[id="${slide}"] .live-root > *`
    await g.page.waitForFunction((sel) => Number((document.querySelector(sel) as HTMLElement | null)?.dataset.step) > 5, box, { timeout: 20_000 })
    const first = await g.page.$eval(box, (el) => Number((el as HTMLElement).dataset.loss))
    await g.page.waitForTimeout(800)
    expect(await g.page.$eval(box, (el) => Number((el as HTMLElement).dataset.loss))).toBeLessThan(first)
    // the deck's online resources were asked for and blocked; nothing else left the page
    expect(g.blocked.length).toBeGreaterThan(0)
    for (const url of g.blocked) expect(url).toMatch(/^https?:\/\/(?!127\.|localhost)/)
    expect(g.requests.filter((u) => !g.blocked.includes(u) && !u.startsWith('data:'))).toEqual([deck.url])
    await g.page.context().close()
  })
})
