/**
 * `backend=` picks the TF.js backend, the page carries what it needs offline (the WASM
 * binary is inlined), a backend that cannot start falls back to CPU, and the badge
 * always names the backend really in use.
 */
import { describe, expect, it } from 'vitest'
import { guardedPage } from './chromium'
import { useBrowser } from './use-browser'
import { buildDeck } from './deck'

const browser = useBrowser()

async function trainWith(backend: string) {
  const deck = await buildDeck(`---\nmarp: true\ntheme: presentation\n---\n\n<!-- live: gradient-descent backend=${backend} speed=200 lr=0.01 steps=20000 -->\n`, backend)
  const g = await guardedPage(browser())
  await g.page.goto(deck.url)
  await g.page.waitForFunction(() => Number((document.querySelector('.live-root > *') as HTMLElement | null)?.dataset.step) > 20, null, { timeout: 20_000 })
  const result = await g.page.evaluate(() => ({
    active: (window as any).livedeck.tf.getBackend() as string,
    badge: document.querySelector('.live-badge')!.textContent,
    step: Number((document.querySelector('.live-root > *') as HTMLElement).dataset.step),
  }))
  expect(g.blocked).toEqual([])
  expect(g.requests.filter((u) => !u.startsWith('data:'))).toHaveLength(1)
  await g.page.context().close()
  return { ...result, html: deck.html }
}

describe('backends', () => {
  it('trains on WASM from a single offline file', async () => {
    const r = await trainWith('wasm')
    expect(r.active).toBe('wasm')
    expect(r.badge).toBe('WASM')
    expect(r.html).toContain('data:application/wasm;base64,')
  })

  it('uses WebGL when asked and it starts, or falls back to CPU and says so', async () => {
    const r = await trainWith('webgl')
    expect(['webgl', 'cpu']).toContain(r.active)
    expect(r.badge).toBe(r.active.toUpperCase())
  })

  it('bundles only the CPU backend by default', async () => {
    const r = await trainWith('auto')
    expect(r.active).toBe('cpu')
    expect(r.html).not.toContain('data:application/wasm')
    expect(r.html.includes('webgl2')).toBe(false)
  })
})
