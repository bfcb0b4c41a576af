/** The print HTML that drawing pages load: only the slides with widgets, Marp's scripts kept. */
import { describe, expect, it } from 'vitest'
import { widgetSlidesOnly } from '../../src/export/widget-slides'

const slide = (body: string) => `<svg data-marpit-svg="" viewBox="0 0 1280 720"><foreignObject width="1280" height="720"><section>${body}</section></foreignObject></svg>`
const widget = (id: number, name: string) => `<div class="live-embed" id="live-${id}" data-live="${name}" data-live-params="{}"></div>`
// KaTeX draws some symbols (a square root) with an SVG of its own
const katex = '<span class="katex"><svg width="400em" viewBox="0 0 400000 1080"><path d="M95,702"></path></svg></span>'
const marpScript = '<script>!function(){/* marp-core browser script */}();</script>'

describe('widgetSlidesOnly', () => {
  it('keeps the slides with widgets, in order, and Marp\'s script from a dropped slide', () => {
    const html =
      '<html><head><style>section{}</style></head><body>' +
      slide(`<h1>Title</h1>${katex}`) +
      slide(`<h2>One</h2>${katex}${widget(1, 'kmeans')}`) +
      slide('<p>text only</p>') +
      slide(`${widget(2, 'digits')}${widget(3, 'neuron')}`) +
      slide(`<p>last</p>${marpScript}`) +
      '<style>.live-embed{}</style><script data-livedeck-runtime>boot()</script></body></html>'
    const cut = widgetSlidesOnly(html)!
    expect(cut.match(/<svg data-marpit-svg/g)).toHaveLength(2)
    expect([...cut.matchAll(/data-live="([\w-]+)"/g)].map((m) => m[1])).toEqual(['kmeans', 'digits', 'neuron'])
    expect(cut).toContain(`<h2>One</h2>${katex}`)
    expect(cut).not.toContain('Title')
    expect(cut).not.toContain('text only')
    expect(cut).not.toContain('<p>last</p>')
    expect(cut).toContain(marpScript)
    expect(cut.startsWith('<html><head><style>section{}</style></head><body>')).toBe(true)
    expect(cut.endsWith('<style>.live-embed{}</style><script data-livedeck-runtime>boot()</script></body></html>')).toBe(true)
  })

  it('leaves the HTML whole when its slides cannot be told apart', () => {
    expect(widgetSlidesOnly(`<body>${widget(1, 'kmeans')}</body>`)).toBeUndefined()
    const unclosed = slide(widget(1, 'kmeans')).replace(/<\/svg>$/, '')
    expect(widgetSlidesOnly(`<body>${unclosed}</body>`)).toBeUndefined()
  })
})
