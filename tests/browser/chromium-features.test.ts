// The Chromium we launch: our `--disable-features` replaces Playwright's own (Chromium keeps
// the last one), so it must carry Playwright's list, and the WebUI pages Chromium would otherwise
// preload for every browser context (one per export page) must not be there.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DISABLED_FEATURES, guardedPage } from './chromium'
import { useBrowser } from './use-browser'

/** The features playwright-core's chromiumSwitches.ts disables, read from the installed package. */
function playwrightDisabledFeatures(): string[] {
  const root = path.dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'))
  const bundle = fs.readFileSync(path.join(root, 'lib', 'coreBundle.js'), 'utf8')
  const list = /disabledFeatures = \[([\s\S]*?)\]\.filter\(Boolean\)/.exec(bundle)?.[1]
  if (!list) throw new Error("playwright-core's list of disabled Chromium features was not found in lib/coreBundle.js")
  return [...list.matchAll(/^\s*"([A-Za-z0-9]+)"/gm)].map((m) => m[1])
}

describe('the Chromium Livedeck launches', () => {
  const browser = useBrowser()

  it("keeps every feature Playwright disables disabled", () => {
    const theirs = playwrightDisabledFeatures()
    expect(theirs.length).toBeGreaterThan(5)
    expect(theirs.filter((f) => !DISABLED_FEATURES.includes(f))).toEqual([])
  })

  it('preloads no WebUI page for the browser contexts it opens', async () => {
    const pages = [await guardedPage(browser()), await guardedPage(browser())]
    for (const { page } of pages) await page.goto('data:text/html,<p>slide</p>')
    const cdp = await browser().newBrowserCDPSession()
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] }
    await cdp.detach()
    expect(targetInfos.filter((t) => t.type === 'page').length).toBeGreaterThanOrEqual(2)
    expect(targetInfos.filter((t) => t.url.startsWith('chrome:')).map((t) => t.url)).toEqual([])
    for (const { page } of pages) await page.context().close()
  })
})
