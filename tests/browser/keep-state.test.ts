/**
 * Widget state across the reloads of `livedeck serve` (the reload client marks them in
 * sessionStorage): a widget whose parameters did not change comes back as it was (its step, its
 * slider, playing or not); one whose parameters changed starts fresh; any other load starts fresh.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { livedeck, root, tempDir } from '../helpers'
import { guardedPage } from './chromium'
import { useBrowser } from './use-browser'
import { buildDeck } from './deck'
import { deckMarkdown, liveSlide } from './widget-page'

const deck = (lr: string) =>
  deckMarkdown(
    '## Intro',
    liveSlide('k-means', 'kmeans k=3 seed=7 autoplay=false'),
    liveSlide('Gradient descent', `gradient-descent autoplay=false speed=60 lr=${lr}`),
  )

const browser = useBrowser()
let built: { url: string; file: string }

beforeAll(async () => {
  built = await buildDeck(deck('0.05'), 'kept')
})

const ACTIVE = '.bespoke-marp-active'
const data = (page: Page) => page.$eval(`${ACTIVE} .live-root > *`, (el) => ({ ...(el as HTMLElement).dataset }) as Record<string, string | undefined>)
const mounted = (page: Page) => page.waitForSelector(`${ACTIVE} .live-embed[data-live-state="mounted"] canvas`)
const stepTo = (page: Page, n: number) =>
  page.waitForFunction((n) => Number((document.querySelector('.bespoke-marp-active .live-root > *') as HTMLElement | null)?.dataset.step) === n, n)
/** reload as the serve client does (mark, then reload), or as a plain reload */
async function reload(page: Page, byServe: boolean): Promise<void> {
  if (byServe) await page.evaluate(() => sessionStorage.setItem('livedeck:serve-reload', '1'))
  await page.reload()
  await mounted(page)
}
const click = async (page: Page, label: string, times = 1) => {
  for (let i = 0; i < times; i++) await page.click(`${ACTIVE} .live-root button[aria-label="${label}"]`)
}

describe('state kept across serve reloads', () => {
  it('brings back unchanged widgets as they were, and starts changed ones fresh', async () => {
    const g = await guardedPage(browser())
    const { page } = g
    await page.goto(`${built.url}#2`)
    await mounted(page)
    await click(page, 'Step', 3)
    await page.keyboard.press('ArrowRight')
    await page.waitForFunction(() => location.hash === '#3')
    await mounted(page)
    await click(page, 'Step', 5)
    await page.focus(`${ACTIVE} input[type="range"]`)
    await page.keyboard.press('ArrowRight')
    const before = await data(page)
    const slider = () => page.$eval(`${ACTIVE} input[type="range"]`, (s) => (s as HTMLInputElement).value)
    const sliderBefore = await slider()

    await reload(page, true)
    await stepTo(page, 5)
    expect((await data(page)).loss).toBe(before.loss)
    expect(await slider()).toBe(sliderBefore)
    await page.keyboard.press('ArrowLeft')
    await mounted(page)
    await stepTo(page, 3)

    // the deck is saved with another learning rate for the gradient descent only
    fs.writeFileSync(built.file.replace(/\.html$/, '.md'), deck('0.2'))
    const ran = await livedeck(['build', built.file.replace(/\.html$/, '.md'), '-o', built.file])
    expect(ran.code, ran.stderr).toBe(0)
    await reload(page, true)
    await stepTo(page, 3) // k-means: unchanged, kept
    await page.keyboard.press('ArrowRight')
    await mounted(page)
    expect((await data(page)).step).toBe('0') // gradient descent: new parameters, fresh

    // a playing widget plays on after the reload, from where it was
    await click(page, 'Play')
    await page.waitForFunction(() => Number((document.querySelector('.bespoke-marp-active .live-root > *') as HTMLElement).dataset.step) > 30)
    await reload(page, true)
    await page.waitForSelector(`${ACTIVE} .live-root button[aria-label="Pause"]`)
    expect(Number((await data(page)).step)).toBeGreaterThan(30)

    // a reload that is not the server's starts every widget fresh
    await reload(page, false)
    expect((await data(page)).step).toBe('0')
    await page.keyboard.press('ArrowLeft')
    await mounted(page)
    expect((await data(page)).step).toBe('0')
    expect(g.errors).toEqual([])
    expect(g.blocked).toEqual([])
    await page.context().close()
  })
})

describe('livedeck serve', () => {
  it('reloads a saved deck with the widgets whose parameters did not change as they were', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'talk.md')
    fs.writeFileSync(md, deck('0.05'))
    const child = spawn(process.execPath, [path.join(root, 'bin', 'livedeck.js'), 'serve', md, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      let log = ''
      child.stdout!.on('data', (c: Buffer) => (log += c.toString()))
      child.stderr!.on('data', (c: Buffer) => (log += c.toString()))
      const deadline = Date.now() + 30_000
      while (!/http:\/\/\S+\.html/.test(log)) {
        if (Date.now() > deadline) throw new Error(`serve did not start:\n${log}`)
        await new Promise((r) => setTimeout(r, 100))
      }
      const pageUrl = log.match(/http:\/\/\S+\.html/)![0]
      const g = await guardedPage(browser())
      const { page } = g
      await page.goto(`${pageUrl}#2`)
      await mounted(page)
      await click(page, 'Step', 3)
      // a save that changes the text only: the page reloads, k-means is as it was
      let reloaded = page.waitForEvent('load', { timeout: 30_000 })
      fs.writeFileSync(md, deck('0.05').replace('## Intro', '## Introduction'))
      await reloaded
      await mounted(page)
      await stepTo(page, 3)
      // a save that changes its parameters: it starts fresh
      reloaded = page.waitForEvent('load', { timeout: 30_000 })
      fs.writeFileSync(md, deck('0.05').replace('kmeans k=3', 'kmeans k=4'))
      await reloaded
      await mounted(page)
      await page.waitForTimeout(300)
      expect(await data(page)).toMatchObject({ step: '0', k: '4' })
      expect(g.blocked).toEqual([])
      await page.context().close()
    } finally {
      child.kill('SIGTERM')
    }
  })
})
