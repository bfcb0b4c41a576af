/** The Chromium of a test file, launched and closed around its tests (vitest hooks: tests only). */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launch } from './chromium'

/**
 * The browser of a test file, or of a `describe` block when called in one: launched (with
 * `args`) before its tests, closed after them. The function returned gives it inside a test.
 */
export function useBrowser(args: readonly string[] = []): () => Browser {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launch(args)
  })
  afterAll(async () => {
    await browser?.close()
  })
  return () => {
    if (!browser) throw new Error('useBrowser: the browser starts in beforeAll; use it inside a test')
    return browser
  }
}
