import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Livedeck } from '../../src/engine'
import { DeckError } from '../../src/diagnostics'
import { embedHtml } from '../../src/engine/embed-html'

function engine(file?: string) {
  return new Livedeck({ livedeck: { file, report: 'none', throwOnError: false } })
}

function attr(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1])
}

function unescapeAttr(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

const deck = (body: string) => `---\nmarp: true\ntheme: presentation\n---\n\n${body}`

describe('the live: directive in a slide', () => {
  it('becomes a live-embed div where the comment stood, with typed parameters, and never a presenter note', () => {
    const e = engine('deck.md')
    const { html, comments } = e.render(deck('## Slide\n\n<!-- live: gradient-descent lr=0.05 points=40 -->\n\n<!-- a real note -->\n'))
    expect(html).toContain('class="live-embed"')
    expect(attr(html, 'data-live')).toEqual(['gradient-descent'])
    const params = JSON.parse(unescapeAttr(attr(html, 'data-live-params')[0]))
    expect(params).toMatchObject({ lr: 0.05, points: 40, height: 440, backend: 'auto' })
    expect(attr(html, 'data-live-source')).toEqual(['deck.md:8'])
    expect(comments).toEqual([['a real note']])
    expect(html).not.toContain('live: gradient-descent')
    expect(e.diagnostics).toEqual([])
    expect(e.widgets).toEqual(['gradient-descent'])
  })

  it('sits inside a column <div> even without blank lines around it', () => {
    const e = engine('deck.md')
    const { html } = e.render(deck('## Two columns\n\n<div>\n<!-- live: gradient-descent -->\n</div>\n\n<div>\n\ntext\n\n</div>\n'))
    expect(html).toMatch(/<div>\s*<div class="live-embed"[^>]*>.*?<\/div><\/div>\s*<\/div>/s)
    expect(html).not.toContain('<!-- live')
  })

  it('takes the multi-line YAML form', () => {
    const e = engine('deck.md')
    const { html } = e.render(deck('<!-- live: gradient-descent\nlr: 0.02\nmomentum: 0.9\n-->\n'))
    expect(JSON.parse(unescapeAttr(attr(html, 'data-live-params')[0]))).toMatchObject({ lr: 0.02, momentum: 0.9 })
  })

  it('ignores directives in code', () => {
    const e = engine('deck.md')
    const { html } = e.render(deck('```html\n<!-- live: gradient-descent -->\n```\n\nInline `<!-- live: nope -->` code.\n'))
    expect(html).not.toContain('class="live-embed"')
    expect(html).toContain('&lt;!-- live: gradient-descent --&gt;')
    expect(e.diagnostics).toEqual([])
  })

  it('reports errors with file, line and column, and shows them on the slide', () => {
    const e = engine('talk.md')
    const src = deck('## A\n\n---\n\n## B\n\n  <!-- live: gradient-descent lrate=0.1 -->\n')
    const { html } = e.render(src)
    const line = src.split('\n').findIndex((l) => l.includes('lrate')) + 1
    const column = src.split('\n')[line - 1].indexOf('lrate') + 1
    expect(e.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', file: 'talk.md', line, column, message: expect.stringMatching(/unknown parameter "lrate".*did you mean "lr"/) }),
    ])
    expect(html).toContain('live-error')
    expect(html).toContain(`talk.md:${line}:${column}: error: unknown parameter`)
  })

  it('locates errors inside multi-line directives and html blocks', () => {
    const e = engine('deck.md')
    const src = deck('<div>\n<!-- live: gradient-descent\nlr: 0.1\nseed: -3\n-->\n</div>\n')
    e.render(src)
    const line = src.split('\n').findIndex((l) => l.startsWith('seed')) + 1
    expect(e.diagnostics.map((d) => [d.line, d.column])).toEqual([[line, 7]])
    expect(e.diagnostics[0].message).toMatch(/"seed" of widget "gradient-descent" expects an integer/)
  })

  it('throws a DeckError listing every error when asked to', () => {
    const e = new Livedeck({ livedeck: { file: 'd.md', report: 'none' } })
    expect(() => e.render(deck('<!-- live: nope -->\n\n<!-- live: gradient-descent lr=x -->\n'))).toThrow(DeckError)
    expect(e.diagnostics.filter((d) => d.severity === 'error')).toHaveLength(2)
  })

  it('serialises parameters so that no value can inject markup', () => {
    const e = engine('deck.md')
    const { html } = e.render(deck(`<!-- live: gradient-descent seed=1 backend="cpu" -->\n`))
    const embed = html.slice(html.indexOf('<div class="live-embed"'))
    const tag = embed.slice(0, embed.indexOf('>') + 1)
    expect(tag).toMatch(/^<div class="live-embed" id="live-1" data-live="gradient-descent" data-live-source="deck.md:6" data-live-params="[^"<>]*" style="height:440px">$/)
    const hostile = embedHtml({ id: 'x"y', name: 'w', source: '<b>', params: { title: `"><img src=x onerror=alert(1)>'</div>` } })
    expect(hostile).not.toMatch(/<img|<b>|onerror=alert\(1\)>/)
    const attrs = [...hostile.slice(0, hostile.indexOf('>') + 1).matchAll(/ ([\w-]+)="([^"]*)"/g)].map((m) => m[1])
    expect(attrs).toEqual(['class', 'id', 'data-live', 'data-live-source', 'data-live-params', 'style'])
    expect(JSON.parse(unescapeAttr(attr(hostile, 'data-live-params')[0])).title).toBe(`"><img src=x onerror=alert(1)>'</div>`)
    const unknown = e.render(deck(`<!-- live: x"><script>alert(1)</script> -->\n`)).html
    expect(unknown).not.toContain('<script>alert(1)')
  })

  it('warns about a mistyped directive instead of silently making it a note', () => {
    const e = engine('deck.md')
    e.render(deck('<!-- live gradient-descent lr=1 -->\n'))
    expect(e.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', line: 6, message: expect.stringMatching(/mistyped directive/) })])
  })
})

describe('the runtime', () => {
  it('is inlined once, and only when the deck uses a widget', () => {
    const e = engine('deck.md')
    const plain = e.render(deck('## No widgets\n\n$x^2$\n'))
    expect(plain.html).not.toContain('data-livedeck-runtime')
    expect(plain.html).not.toContain('live-embed')
    const two = e.render(deck('<!-- live: gradient-descent -->\n\n---\n\n<!-- live: gradient-descent seed=2 -->\n'))
    expect(two.html.match(/<script data-livedeck-runtime>/g)).toHaveLength(1)
    expect(two.html).toContain('.live-embed')
  })
})

describe('offline output', () => {
  it('inlines the KaTeX fonts and makes no reference to a CDN', () => {
    const e = engine()
    const { html, css } = e.render('---\nmarp: true\nmath: katex\n---\n\n$$\\mathcal{L}(\\theta) = \\frac{1}{N}$$\n\n:smile: 👍\n')
    expect(css).toContain('data:font/woff2;base64,')
    expect(css).not.toMatch(/url\((['"]?)(https?:|\/\/)/)
    expect(css).not.toContain('livedeck-katex-font')
    expect(html + css).not.toMatch(/cdn\.jsdelivr|twemoji/)
    expect(html).toContain('😄')
  })
})

describe('checks', () => {
  it('warns about a theme nobody answers to, with its line', () => {
    const e = engine('deck.md')
    e.render('---\nmarp: true\ntheme: presentaton\n---\n\n# Hi\n')
    expect(e.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', line: 3, column: 1, message: expect.stringMatching(/unknown theme "presentaton"/) })])
    e.render('---\nmarp: true\ntheme: presentation\n---\n\n# Hi\n')
    expect(e.diagnostics).toEqual([])
  })

  it('replaces a missing local image with a placeholder naming it, and warns with its line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-test-'))
    fs.writeFileSync(path.join(dir, 'here.png'), 'png')
    const file = path.join(dir, 'deck.md')
    const e = engine(file)
    const { html } = e.render(deck('![width:300px](here.png)\n\n![width:300px](images/gone.png)\n\n<img src="images/also-gone.png" height=300>\n\n![](https://example.org/x.png)\n'))
    expect(e.diagnostics.map((d) => [d.severity, d.line, d.message.split(' (')[0]])).toEqual([
      ['warning', 8, 'image not found: images/gone.png'],
      ['warning', 10, 'image not found: images/also-gone.png'],
    ])
    expect(html).toContain('src="here.png"')
    expect(html).not.toContain('src="images/gone.png"')
    const placeholders = attr(html, 'src').filter((s) => s.startsWith('data:image/svg+xml,')).map((s) => decodeURIComponent(s.slice(19)))
    expect(placeholders).toHaveLength(2)
    expect(placeholders[0]).toContain('images/gone.png</text>')
    expect(html).toContain('https://example.org/x.png')
    fs.rmSync(dir, { recursive: true })
  })
})

describe('online resources in a handout', () => {
  const handout = (file?: string) => new Livedeck({ livedeck: { file, report: 'none', throwOnError: false, offline: true, handout: true } })
  const svgs = (html: string) => attr(html, 'src').filter((s) => s.startsWith('data:image/svg+xml,')).map((s) => decodeURIComponent(s.slice(19)))
  const body = [
    '![width:300px](https://example.org/cat.png)',
    '[![](https://example.org/in-a-link.png)](https://example.org/page)',
    '![bg right](https://example.org/background.jpg)',
    '<img src="https://example.org/photo.jpg?a=1&amp;b=2" style="width:400px">',
    '<a href="https://example.org/x"><img src="https://example.org/linked.png"></a>',
    '<iframe src="https://example.org/embed" width="700" height="500" style="border:none"></iframe>',
    '<img src="data:image/png;base64,AAAA"> <iframe src="local.html"></iframe>',
  ].join('\n\n')

  it('shows each online image as a placeholder naming its address, linked to it unless in a link already', () => {
    const e = handout('deck.md')
    const { html } = e.render(deck(body + '\n'))
    expect(html).not.toMatch(/src="https:/)
    const boxes = svgs(html)
    expect(boxes.filter((b) => b.includes('Online image, not in this handout'))).toHaveLength(4)
    expect(boxes.join('\n')).toContain('example.org/cat.png</text>')
    // entities in an HTML attribute are the address's own characters
    expect(boxes.join('\n')).toContain('example.org/photo.jpg?a=1&amp;b=2</text>')
    expect(html).toContain('<a href="https://example.org/cat.png"><img src="data:image/svg+xml,')
    expect(html).toContain('<a href="https://example.org/photo.jpg?a=1&amp;b=2"><img src="data:image/svg+xml,')
    // no link inside a link, and a background image stays a background, shown whole
    expect(html).toContain('<a href="https://example.org/page"><img src="data:image/svg+xml,')
    expect(html).not.toContain('href="https://example.org/in-a-link.png"')
    expect(html).toContain('<a href="https://example.org/x"><img src="data:image/svg+xml,')
    expect(html).not.toContain('href="https://example.org/linked.png"')
    expect(html).not.toContain('href="https://example.org/background.jpg"')
    expect(html).toMatch(/background-image:url\(&quot;data:image\/svg\+xml,[^"]*background\.jpg%3C%2Ftext%3E%3C%2Fsvg%3E&quot;\);background-size:contain/)
    // every one is still a warning
    expect(e.diagnostics.filter((d) => /remote (image|iframe) will not load offline/.test(d.message))).toHaveLength(6)
  })

  it('shows an online web page as a placeholder page in the iframe\'s own box, linking to it; local ones load', () => {
    const { html } = handout('deck.md').render(deck(body + '\n'))
    const iframe = /<iframe srcdoc="([^"]*)" width="700" height="500" style="border:none"><\/iframe>/.exec(html)
    expect(iframe).not.toBeNull()
    const page = unescapeAttr(iframe![1])
    expect(page).toContain('<a href="https://example.org/embed" target="_blank"')
    expect(page).toContain('Web page, not in this handout')
    expect(page).toContain('<code>example.org/embed</code>')
    expect(html).toContain('<iframe src="local.html"></iframe>')
    expect(html).toContain('<img src="data:image/png;base64,AAAA"')
  })

  it('leaves online resources alone outside handouts (live HTML, offline HTML)', () => {
    for (const e of [engine('deck.md'), new Livedeck({ livedeck: { file: 'deck.md', report: 'none', throwOnError: false, offline: true } })]) {
      const { html } = e.render(deck(body + '\n'))
      expect(html).toContain('src="https://example.org/cat.png"')
      expect(html).toContain('<iframe src="https://example.org/embed"')
      expect(svgs(html)).toEqual([])
    }
  })
})

describe('positions in nested blocks', () => {
  it('locates a directive in an HTML block inside a blockquote', () => {
    const e = engine('deck.md')
    const src = deck('> <div>\n> <!-- live: gradient-descent lr=fast -->\n> </div>\n')
    e.render(src)
    const line = src.split('\n').findIndex((l) => l.includes('lr=fast')) + 1
    expect(e.diagnostics).toEqual([expect.objectContaining({ severity: 'error', line, column: src.split('\n')[line - 1].indexOf('fast') + 1 })])
  })
})
