/**
 * Hostile parameter values reach the page as text, never as markup or script: every
 * slide of a deck full of XSS payloads is shown in Chromium and a sentinel stays unset.
 */
import { describe, expect, it } from 'vitest'
import { guardedPage } from '../browser/chromium'
import { useBrowser } from '../browser/use-browser'
import { buildDeck } from '../browser/deck'

const PAYLOADS = [
  `"><img src=x onerror=window.__xss=1>`,
  `</script><script>window.__xss=1</script>`,
  `javascript:window.__xss=1`,
  `<svg onload=window.__xss=1>`,
  `'><iframe srcdoc="<script>parent.__xss=1</script>">`,
  `\u2028\u2029</div><img src=x onerror=__xss=1>`,
  `{{constructor.constructor('__xss=1')()}}`,
]

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

const browser = useBrowser()

describe('XSS through widget parameters', () => {
  it('shows every payload as text and runs none of them', async () => {
    const slides = PAYLOADS.flatMap((p) => [
      `## features\n\n<!-- live: playground autoplay=false features=${quote(p.slice(0, 80))} -->`,
      `## hidden\n\n<!-- live: playground autoplay=false hidden=${quote(p.slice(0, 40))} -->`,
      `## rates\n\n<!-- live: gradient-descent mode=compare-lr rates=${quote(p.slice(0, 60))} -->`,
    ])
    const deck = await buildDeck(`---\nmarp: true\ntheme: presentation\n---\n\n${slides.join('\n\n---\n\n')}\n`, 'xss')
    const g = await guardedPage(browser())
    await g.page.goto(deck.url)
    await g.page.evaluate(`window.__xss = undefined`)
    for (let n = 1; n <= slides.length; n++) {
      await g.page.evaluate(`location.hash = '#${n}'`)
      await g.page.waitForFunction(
        (id) => {
          const el = document.querySelector(`section[id="${id}"] .live-embed`) as HTMLElement | null
          return !!el && (el.dataset.liveState === 'mounted' || el.dataset.liveState === 'error')
        },
        n,
        { timeout: 20_000 },
      )
    }
    await g.page.waitForTimeout(300)
    expect(await g.page.evaluate(`window.__xss`)).toBeUndefined()
    // the payloads are shown to the author as text in the widgets' error messages
    const text = (await g.page.evaluate(`[...document.querySelectorAll(".live-embed")].map((e) => e.textContent).join("\\n")`)) as string
    expect(text).toContain('onerror=window.__xss=1')
    // no element was created from a payload
    expect(await g.page.$$eval('section img[src="x"], section svg[onload], section iframe[srcdoc]', (els) => els.length)).toBe(0)
    expect(g.blocked).toEqual([])
    await g.page.context().close()
  })
})
