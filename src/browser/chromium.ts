/**
 * Headless Chromium for export, lint, tests and benchmarks (Debian's /usr/bin/chromium
 * via playwright-core). Every page blocks requests that would leave this machine: only
 * file:, data:, blob: and loopback URLs load; the others are aborted and counted.
 */
import fs from 'node:fs'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'

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

/**
 * Playwright's own `--disable-features` list (playwright-core 1.65, chromiumSwitches.ts):
 * Chromium keeps only the last `--disable-features` it is given, so ours must repeat it.
 * tests/browser/chromium-features.test.ts fails if Playwright's list gains a feature not here.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
]

/**
 * Chromium 156 preloads two WebUI pages (the omnibox popups) for every browser context, in a
 * renderer of their own, although a headless browser never shows them: about 0.6 CPU-seconds per
 * context. Export opens a context per page, so a five-deck course paid about 4 CPU-seconds for them.
 */
export const DISABLED_FEATURES = [...PLAYWRIGHT_DISABLED_FEATURES, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']

/** `extraArgs` are added to CHROMIUM_ARGS (e.g. `--disable-webgl` to test without WebGL; not `--disable-features`). */
export async function launch(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium was not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`)
  }
  // loaded here, not at start-up: commands that need no browser (an HTML build) skip its 0.3 s
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, `--disable-features=${DISABLED_FEATURES.join(',')}`, ...extraArgs] })
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
