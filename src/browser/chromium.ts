/**
 * Headless Chromium for export, lint, tests and benchmarks (Debian's /usr/bin/chromium
 * via playwright-core). Every page blocks requests that would leave this machine: only
 * file:, data:, blob: and loopback URLs load; the others are aborted and counted.
 */
import fs from 'node:fs'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
]

/** `extraArgs` are added to CHROMIUM_ARGS (e.g. `--disable-webgl` to test without WebGL). */
export async function launch(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium was not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`)
  }
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] })
}

const LOCAL = /^(file:|data:|blob:|about:|https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/)/i

export function isLocalUrl(url: string): boolean {
  return LOCAL.test(url)
}

export interface GuardedPage {
  page: Page
  /** outside URLs the page tried to load (all aborted) */
  blocked: string[]
  /** every request the page made, local ones included */
  requests: string[]
  /** console errors and uncaught exceptions */
  errors: string[]
}

export async function guardedPage(
  browser: Browser,
  viewport = { width: 1280, height: 720 },
  options: Omit<BrowserContextOptions, 'viewport'> = {},
): Promise<GuardedPage> {
  const context = await browser.newContext({ ...options, viewport })
  const page = await context.newPage()
  const guarded: GuardedPage = { page, blocked: [], requests: [], errors: [] }
  await page.route('**/*', (route) => {
    const url = route.request().url()
    guarded.requests.push(url)
    if (isLocalUrl(url)) return route.continue()
    guarded.blocked.push(url)
    return route.abort('blockedbyclient')
  })
  page.on('console', (m) => {
    if (m.type() === 'error') guarded.errors.push(m.text())
  })
  page.on('pageerror', (e) => guarded.errors.push(e.message))
  return guarded
}
