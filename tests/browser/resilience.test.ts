/**
 * A deck asking for WebGL or WASM still runs where the browser has neither: every widget
 * trains on the CPU backend and its badge says so, with the reason in its title. A WebGL
 * context lost in the middle of training does not kill the widgets: they restart on the
 * CPU, and the badge says why.
 */
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { guardedPage } from './chromium'
import { useBrowser } from './use-browser'
import { buildDeck } from './deck'
import { deckMarkdown, liveSlide } from './widget-page'

/** each widget with what shows it computing: the field that advances, or the field it computes */
const WIDGETS: [name: string, params: string, progress: 'step' | string][] = [
  ['gradient-descent', 'speed=200 steps=20000 lr=0.01', 'step'],
  ['kmeans', 'autoplay=true speed=30 points=200', 'step'],
  ['conv-filter', 'mode=learn autoplay=true speed=200', 'step'],
  ['playground', 'dataset=xor', 'step'],
  ['overfitting', 'degree=5', 'testMse'],
  ['neuron', 'activation=tanh', 'h'],
  ['digits', 'speed=100 evalEvery=5', 'step'],
]

const deckWith = (backend: string) => deckMarkdown(...WIDGETS.map(([name, params]) => liveSlide(name, `${name} backend=${backend} ${params}`)))

const widgetData = (page: Page, slide: number) =>
  page.$eval(`svg[data-marpit-svg]:nth-of-type(${slide})`, (svg) => {
    const embed = svg.querySelector('.live-embed') as HTMLElement
    const root = svg.querySelector('.live-root > *') as HTMLElement | null
    const badge = svg.querySelector('.live-badge') as HTMLElement | null
    return { state: embed.dataset.liveState, data: { ...(root?.dataset ?? {}) } as Record<string, string>, badge: badge?.textContent, note: badge?.dataset.note ?? '', title: badge?.title ?? '' }
  })

/** Shows each slide in turn; each widget must mount on CPU with a note naming `missing`, and compute. */
async function everyWidgetOnCpu(browser: Browser, backend: string, missing: RegExp) {
  const deck = await buildDeck(deckWith(backend), `no-${backend}`)
  const g = await guardedPage(browser)
  const { page } = g
  await page.goto(`${deck.url}#1`)
  for (let i = 0; i < WIDGETS.length; i++) {
    const [name, , progress] = WIDGETS[i]
    const slide = i + 1
    if (i > 0) await page.keyboard.press('ArrowRight')
    await page.waitForFunction((s) => (document.querySelector(`svg[data-marpit-svg]:nth-of-type(${s}) .live-embed`) as HTMLElement).dataset.liveState === 'mounted', slide, { timeout: 30_000 })
    if (progress === 'step') {
      await page.waitForFunction(
        (s) => Number((document.querySelector(`svg[data-marpit-svg]:nth-of-type(${s}) .live-root > *`) as HTMLElement | null)?.dataset.step) >= 2,
        slide,
        { timeout: 30_000 },
      )
    }
    const w = await widgetData(page, slide)
    expect(w.state, name).toBe('mounted')
    expect(w.badge, name).toBe('CPU')
    expect(w.note, name).toMatch(missing)
    expect(w.title, name).toContain(w.note)
    if (progress !== 'step') expect(Number.isFinite(Number(w.data[progress])), `${name} ${progress}=${w.data[progress]}`).toBe(true)
  }
  expect(await page.evaluate(() => (window as any).livedeck.tf.getBackend())).toBe('cpu')
  expect(g.blocked).toEqual([])
  expect(g.errors).toEqual([])
  await page.context().close()
}

describe('without WebGL', () => {
  // --disable-webgl alone leaves WebGL on OffscreenCanvas (which TF.js uses); without the
  // software rasteriser there is no WebGL at all, as on a machine without a usable GPU
  const browser = useBrowser(['--disable-webgl', '--disable-software-rasterizer'])

  it('every widget of a backend=webgl deck trains on CPU, and the badge says WebGL is missing', async () => {
    await everyWidgetOnCpu(browser(), 'webgl', /WEBGL could not start \(WebGL is not available in this browser\); running on CPU/)
  })
})

describe('without WebAssembly', () => {
  // V8 without its JIT has no WebAssembly (--noexpose_wasm is ignored by this Chromium)
  const browser = useBrowser(['--js-flags=--jitless'])

  it('every widget of a backend=wasm deck trains on CPU, and the badge says WebAssembly is missing', async () => {
    const g = await guardedPage(browser())
    expect(await g.page.evaluate(() => typeof WebAssembly)).toBe('undefined')
    await g.page.context().close()
    await everyWidgetOnCpu(browser(), 'wasm', /WASM could not start.*; running on CPU/)
  })
})

describe('a WebGL context lost in the middle of training', () => {
  const browser = useBrowser()

  it('restarts the widgets on CPU, the shown one training again, and the badge says why', async () => {
    const deck = await buildDeck(
      deckMarkdown(liveSlide('Playground', 'playground backend=webgl dataset=xor'), liveSlide('Descent', 'gradient-descent backend=webgl speed=200 steps=20000 lr=0.01')),
      'context-loss',
    )
    const g = await guardedPage(browser())
    const { page } = g
    await page.goto(`${deck.url}#1`)
    await page.waitForFunction(() => Number((document.querySelector('#live-1 .live-root > *') as HTMLElement | null)?.dataset.step) >= 3, null, { timeout: 30_000 })
    await page.keyboard.press('ArrowRight')
    await page.waitForFunction(() => Number((document.querySelector('#live-2 .live-root > *') as HTMLElement | null)?.dataset.step) >= 20, null, { timeout: 30_000 })
    // WebGL runs here (SwiftShader); a test of its loss is meaningless without it
    expect(await page.evaluate(() => (window as any).livedeck.tf.getBackend())).toBe('webgl')
    expect(await page.$eval('#live-2 .live-badge', (b) => b.textContent)).toBe('WEBGL')

    const lostAt = await page.evaluate(() => {
      const tf = (window as any).livedeck.tf
      tf.backend().gpgpu.gl.getExtension('WEBGL_lose_context').loseContext()
      return performance.now()
    })
    // the shown widget trains again, on CPU, from its initial state
    await page.waitForFunction(
      () => {
        const root = document.querySelector('#live-2 .live-root > *') as HTMLElement | null
        return document.querySelector('#live-2 .live-badge')?.textContent === 'CPU' && Number(root?.dataset.step) >= 5
      },
      null,
      { timeout: 20_000 },
    )
    const recovered = await page.evaluate(() => performance.now())
    console.log(`context loss: gradient-descent training again on CPU ${Math.round(recovered - lostAt)} ms after the loss`)
    expect(await page.evaluate(() => (window as any).livedeck.tf.getBackend())).toBe('cpu')
    expect(await page.$eval('#live-2 .live-badge', (b) => (b as HTMLElement).title)).toContain('WebGL context lost; running on CPU')
    const before = Number(await page.$eval('#live-2 .live-root > *', (el) => (el as HTMLElement).dataset.step))
    await page.waitForTimeout(300)
    expect(Number(await page.$eval('#live-2 .live-root > *', (el) => (el as HTMLElement).dataset.step))).toBeGreaterThan(before)

    // the hidden widget was remounted on CPU too, and trains when its slide comes back
    await page.keyboard.press('ArrowLeft')
    await page.waitForFunction(
      () => document.querySelector('#live-1 .live-badge')?.textContent === 'CPU' && Number((document.querySelector('#live-1 .live-root > *') as HTMLElement | null)?.dataset.step) >= 3,
      null,
      { timeout: 20_000 },
    )
    expect(g.blocked).toEqual([])
    expect(g.errors).toEqual([])
    await page.context().close()
  })
})
