/**
 * `livedeck build` to PDF, PNG and PPTX as a course's CI runs it: every widget drawn on its
 * page, the same bytes on every export, a folder of decks in one run, and a widget that
 * fails or hangs failing the export with its deck, slide and name.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { guardedPage } from '../browser/chromium'
import { useBrowser } from '../browser/use-browser'
import { livedeck, root, tempDir } from '../helpers'
import { ink, pageCount, rasterise, widgetPlaces } from './raster'

const lecture = path.join(root, 'slides', 'ai-for-geosciences.md')
/** a drawn widget has at least this many colours and this share of non-background pixels */
const DRAWN = { colours: 60, share: 0.08 }

const browser = useBrowser()
let work: string
beforeAll(async () => {
  work = tempDir()
})
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true })
})

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  return file
}

const SMALL = `---
marp: true
theme: presentation
---

# Handout test

---

## K-means

<!-- live: kmeans k=3 seed=7 height=400 -->

<!-- Speaker note: the centroids move to the means. -->

---

## Descent

<!-- live: gradient-descent lr=0.1 snapshot=20 height=400 -->

---

## Reveal

* one
* two
* three
`

/** SMALL and three more widgets: two drawing pages with several widgets each */
const MANY =
  SMALL +
  `
---

## Neuron

<!-- live: neuron activation=sigmoid height=400 -->

---

## Degree

<!-- live: overfitting degree=8 height=400 -->

---

## Filter

<!-- live: conv-filter kernel=sobel-x height=400 -->
`

function pdfText(pdf: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : []
  return execFileSync('pdftotext', [...range, '-layout', pdf, '-'], { encoding: 'utf8' })
}

describe('PDF of the shipped lecture', () => {
  it('has every page, and every widget drawn where the slide shows it (not the blank placeholder)', async () => {
    const out = path.join(work, 'lecture.pdf')
    const r = await livedeck(['build', lecture, '-o', out, '--no-cache'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/132 pages, 24 widgets/)
    expect(pageCount(out)).toBe(132)

    const places = await widgetPlaces(browser(), lecture, work)
    expect(places).toHaveLength(24)
    // the same pages printed with no runtime: the placeholders must not pass for drawings
    const { page } = await guardedPage(browser())
    await page.goto(`file://${path.join(work, 'places.html')}`)
    const blankPdf = path.join(work, 'placeholders.pdf')
    fs.writeFileSync(blankPdf, await page.pdf({ printBackground: true, preferCSSPageSize: true }))
    await page.context().close()

    for (const place of places) {
      const drawn = ink(rasterise(out, place.page), place.box)
      const blank = ink(rasterise(blankPdf, place.page), place.box)
      expect(blank.colours < DRAWN.colours || blank.share < DRAWN.share, `placeholder of ${place.name} on page ${place.page}`).toBe(true)
      expect(drawn.colours, `${place.name} on page ${place.page}`).toBeGreaterThanOrEqual(DRAWN.colours)
      expect(drawn.share, `${place.name} on page ${place.page}`).toBeGreaterThanOrEqual(DRAWN.share)
    }
  }, 240_000)
})

describe('reproducible handouts', () => {
  it('gives the same PDF bytes and the same PNG pixels on every export, drawn anew or from the cache', async () => {
    const deck = write(path.join(work, 'same', 'deck.md'), MANY)
    const env = { SOURCE_DATE_EPOCH: '1700000000' }
    const [a, b, c] = ['a', 'b', 'c'].map((n) => path.join(work, 'same', `${n}.pdf`))
    for (const out of [a, b]) expect((await livedeck(['build', deck, '-o', out, '--no-cache'], root, env)).code).toBe(0)
    const cached = await livedeck(['build', deck, '-o', c, '--verbose'], root, env)
    expect(cached.code).toBe(0)
    expect((await livedeck(['build', deck, '-o', c, '--verbose'], root, env)).stderr).toMatch(/placing 5 widgets \(5 drawn earlier or kept in the cache\)/)
    const bytes = fs.readFileSync(a)
    expect(fs.readFileSync(b).equals(bytes)).toBe(true)
    expect(fs.readFileSync(c).equals(bytes)).toBe(true)
    const text = bytes.toString('latin1')
    expect(text).toContain("/CreationDate (D:20231114221320+00'00')")
    expect(text).toMatch(/\/ID \[<[0-9A-F]{32}> <[0-9A-F]{32}>\]/)
    expect(pageCount(a)).toBe(7)

    for (const name of ['p', 'q']) expect((await livedeck(['build', deck, '--png', '--no-cache', '-o', path.join(work, 'same', `${name}/`)])).code).toBe(0)
    const pngs = fs.readdirSync(path.join(work, 'same', 'p')).sort()
    expect(pngs).toEqual(['deck.001.png', 'deck.002.png', 'deck.003.png', 'deck.004.png', 'deck.005.png', 'deck.006.png', 'deck.007.png'])
    for (const png of pngs) {
      const first = fs.readFileSync(path.join(work, 'same', 'p', png))
      expect(fs.readFileSync(path.join(work, 'same', 'q', png)).equals(first), png).toBe(true)
      // IHDR: 1280x720
      expect([first.readUInt32BE(16), first.readUInt32BE(20)]).toEqual([1280, 720])
    }
  }, 120_000)

  it('draws a widget alike whether its drawing page draws it first or after another widget', async () => {
    const front = '---\nmarp: true\ntheme: presentation\n---\n\n# Order\n\n---\n\n'
    // a missing image in the drawing page is what made the first widget drawn differ (export-mode.ts)
    const degree = '\n\n---\n\n## Degree\n\n![width:100](missing.png)\n\n<!-- live: overfitting degree=8 height=400 -->\n'
    const after = write(path.join(work, 'order', 'after.md'), `${front}## Neuron\n\n<!-- live: neuron height=400 -->${degree}`)
    const first = write(path.join(work, 'order', 'first.md'), `${front}## Neuron\n\nNo widget here.${degree}`)
    const pdf = (deck: string) => deck.replace(/\.md$/, '.pdf')
    for (const deck of [after, first]) expect((await livedeck(['build', deck, '-o', pdf(deck), '--no-cache', '--no-strict', '--parallel', '1'])).code).toBe(0)
    const [a, b] = [after, first].map((deck) => Buffer.from(rasterise(pdf(deck), 3).rgb))
    expect(a.equals(b)).toBe(true)
  }, 120_000)
})

describe('a course folder', () => {
  it('exports every deck in one run, mirroring sub-folders, with plain log lines', async () => {
    const course = path.join(work, 'course')
    write(path.join(course, 'week1.md'), SMALL)
    write(path.join(course, 'extra', 'week2.md'), '---\nmarp: true\n---\n\n# Week 2\n\n<!-- live: neuron -->\n\n---\n\n# End\n')
    write(path.join(course, 'week3.md'), '---\nmarp: true\n---\n\n# Week 3\n\nNo widgets here.\n')
    write(path.join(course, 'README.md'), '# About this course (not slides)\n')
    // the same k-means as week 1, on a slide with a page number: its picture is drawn once
    write(path.join(course, 'week4.md'), '---\nmarp: true\ntheme: presentation\npaginate: true\n---\n\n## K-means again\n\n<!-- live: kmeans k=3 seed=7 height=400 -->\n')
    const out = path.join(work, 'course-out')
    const r = await livedeck(['build', course, '--pdf', '-o', out, '--no-cache', '--verbose'])
    expect(r.code, r.stderr).toBe(0)
    expect(pageCount(path.join(out, 'week1.pdf'))).toBe(4)
    expect(pageCount(path.join(out, 'extra', 'week2.pdf'))).toBe(2)
    expect(pageCount(path.join(out, 'week3.pdf'))).toBe(1)
    expect(r.stderr).toContain('4 of 4 decks built')
    expect(r.stderr).not.toContain('\r')
    expect(r.stderr.match(/=> .*\.pdf \(/g)).toHaveLength(4)
    const reused = [...r.stderr.matchAll(/placing \d+ widgets? \((\d+) drawn earlier/g)].map((m) => Number(m[1]))
    expect(reused.reduce((a, b) => a + b, 0)).toBe(1)
  }, 120_000)

  it('refuses to write several decks into one file', async () => {
    const r = await livedeck(['build', path.join(work, 'course'), '-o', path.join(work, 'all.pdf')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/4 decks cannot all be written to .*all\.pdf: give a folder/)
  })
})

/**
 * A course folder with one custom widget `name` (no parameters; `code` follows the imports of
 * its index.ts) and deck.md showing it on slide 2, line 7. Returns the deck's path.
 */
function oneWidgetCourse(name: string, summary: string, code: string): string {
  const course = path.join(work, name)
  write(path.join(course, 'livedeck.config.json'), `{ "widgets": ["./widgets/${name}"] }\n`)
  write(
    path.join(course, 'widgets', name, 'schema.ts'),
    `import { defineManifest } from 'livedeck/widget'\nexport default defineManifest({ name: '${name}', summary: '${summary}', params: {} })\n`,
  )
  write(path.join(course, 'widgets', name, 'index.ts'), `import { defineWidget } from 'livedeck/widget'\nimport manifest from './schema'\n` + code)
  return write(path.join(course, 'deck.md'), `# ${name}\n\n---\n\n## Here\n\n<!-- live: ${name} -->\n`)
}

describe('widgets that fail or hang', () => {
  it('names the deck, slide and widget that did not finish drawing in time, and keeps the previous file', async () => {
    const deck = write(path.join(work, 'slow', 'deck.md'), SMALL)
    const out = write(path.join(work, 'slow', 'deck.pdf'), 'the previous handout')
    const r = await livedeck(['build', deck, '-o', out, '--timeout', '0.001', '--no-cache', '--parallel', '1'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/deck\.md:12:1: error: widget "kmeans" on slide 2 did not finish drawing its snapshot within 0\.001 s/)
    expect(r.stderr).toMatch(/deck\.pdf was left as it was/)
    expect(fs.readFileSync(out, 'utf8')).toBe('the previous handout')
  }, 60_000)

  it('names the widget, and why, when the page\'s runtime fails before drawing any', async () => {
    const deck = oneWidgetCourse(
      'dead',
      'A widget whose code fails as it loads.',
      `if (!globalThis.__neverSet) throw new Error('the widget module exploded')\nexport default defineWidget({ manifest, mount(root) { return { destroy() {} } } })\n`,
    )
    const out = path.join(path.dirname(deck), 'deck.pdf')
    const r = await livedeck(['build', deck, '-o', out, '--timeout', '1', '--no-cache'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/deck\.md:7:1: error: widget "dead" on slide 2 did not finish drawing its snapshot within 1 s \(the page failed: the widget module exploded\)/)
    expect(fs.existsSync(out)).toBe(false)
  }, 60_000)

  it('shows a widget that throws as its error box, a warning that --strict makes fatal', async () => {
    const deck = oneWidgetCourse(
      'broken',
      'A widget whose snapshot always fails.',
      `export default defineWidget({ manifest, mount(root) { root.textContent = 'half'; return { destroy() {}, async snapshot() { throw new Error('the model diverged') } } } })\n`,
    )
    const out = path.join(path.dirname(deck), 'deck.pdf')
    const lenient = await livedeck(['build', deck, '-o', out])
    expect(lenient.code, lenient.stderr).toBe(0)
    expect(lenient.stderr).toMatch(/deck\.md:7:1: warning: widget "broken" on slide 2 failed to draw its snapshot: the model diverged/)
    // its error box is on the page, in red
    const [place] = await widgetPlaces(browser(), deck, work)
    const picture = rasterise(out, 2)
    let red = 0
    for (let y = Math.ceil(place.box.y); y < place.box.y + place.box.height; y++) {
      for (let x = Math.ceil(place.box.x); x < place.box.x + place.box.width; x++) {
        const i = (y * picture.width + x) * 3
        if (picture.rgb[i] > 180 && picture.rgb[i + 1] < 90 && picture.rgb[i + 2] < 90) red++
      }
    }
    expect(red).toBeGreaterThan(500)

    fs.rmSync(out)
    const strict = await livedeck(['build', deck, '-o', out, '--strict'])
    expect(strict.code).toBe(1)
    expect(strict.stderr).toMatch(/failed with 1 warning \(strict\)/)
    expect(fs.existsSync(out)).toBe(false)
  }, 120_000)
})

describe('handout options', () => {
  it('--handout draws filmstrips, --fragments one page per step, --notes a notes page', async () => {
    const deck = write(path.join(work, 'opts', 'deck.md'), SMALL)
    const out = path.join(work, 'opts', 'deck.pdf')
    const r = await livedeck(['build', deck, '-o', out, '--handout', '--fragments', '--notes'])
    expect(r.code, r.stderr).toBe(0)
    // title, k-means, its notes, descent, reveal x4
    expect(pageCount(out)).toBe(8)
    expect(pdfText(out, 3)).toMatch(/Notes · slide 2 · K-means[\s\S]*the centroids move to the means/)
    // the filmstrips: four (k-means) and three (descent) frames, each a drawing, where the plain export has one
    const plain = path.join(work, 'opts', 'plain.pdf')
    expect((await livedeck(['build', deck, '-o', plain])).code).toBe(0)
    const places = await widgetPlaces(browser(), deck, work)
    for (const [place, handoutPage, frames] of [[places[0], 2, 4], [places[1], 4, 3]] as const) {
      const { x, y, width, height } = place.box
      const quarters = [0, 1, 2, 3].map((q) => ({ x: x + (q % 2) * (width / 2), y: y + Math.floor(q / 2) * (height / 2), width: width / 2, height: height / 2 }))
      const handout = rasterise(out, handoutPage)
      const drawnFrames = quarters.filter((quarter) => ink(handout, quarter).colours >= DRAWN.colours)
      expect(drawnFrames, `${place.name} filmstrip`).toHaveLength(frames)
      expect(Buffer.from(handout.rgb).equals(Buffer.from(rasterise(plain, place.page).rgb))).toBe(false)
    }
    const reveal = [5, 6, 7, 8].map((p) => pdfText(out, p))
    expect(reveal.map((t) => ['one', 'two', 'three'].filter((w) => new RegExp(`\\b${w}\\b`).test(t)).length)).toEqual([0, 1, 2, 3])
  }, 120_000)

  it('PPTX: one picture per slide, speaker notes as slide notes', async () => {
    const deck = write(path.join(work, 'pptx', 'deck.md'), SMALL)
    const out = path.join(work, 'pptx', 'deck.pptx')
    const r = await livedeck(['build', deck, '-o', out])
    expect(r.code, r.stderr).toBe(0)
    const entries = zipEntries(fs.readFileSync(out))
    expect([...entries.keys()].filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))).toHaveLength(4)
    expect([...entries.keys()].filter((n) => /^ppt\/media\/.*\.png$/.test(n))).toHaveLength(4)
    const notes = [...entries].filter(([n]) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n)).map(([, xml]) => xml)
    expect(notes.some((xml) => xml.includes('the centroids move to the means'))).toBe(true)
  }, 120_000)
})

describe('strict mode, offline HTML and online resources', () => {
  const deck = () =>
    write(
      path.join(work, 'assets', 'deck.md'),
      '# Assets\n\n![local](pixel.png)\n\n![remote](https://example.org/cat.png)\n\n<iframe src="https://example.org/embed"></iframe>\n\n![gone](missing.png)\n',
    )

  it('CI=true makes warnings fail the build; --no-strict overrides it', async () => {
    const d = deck()
    write(path.join(work, 'assets', 'pixel.png'), '')
    const ci = await livedeck(['build', d, '-o', path.join(work, 'assets', 'ci.html')], root, { CI: 'true' })
    expect(ci.code).toBe(1)
    expect(ci.stderr).toMatch(/deck\.md:9:\d+: warning: image not found: missing\.png/)
    expect(ci.stderr).toMatch(/failed with 1 warning \(strict\)/)
    expect(fs.existsSync(path.join(work, 'assets', 'ci.html'))).toBe(false)
    const lenient = await livedeck(['build', d, '-o', path.join(work, 'assets', 'ci.html'), '--no-strict'], root, { CI: 'true' })
    expect(lenient.code).toBe(0)
  }, 60_000)

  it('--inline-assets puts local images in the file and lists remote resources', async () => {
    const d = deck()
    // a 1x1 PNG
    fs.writeFileSync(path.join(work, 'assets', 'pixel.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'))
    const out = path.join(work, 'offline.html')
    const r = await livedeck(['build', d, '-o', out, '--inline-assets'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/deck\.md:5:\d+: warning: remote image will not load offline: https:\/\/example\.org\/cat\.png/)
    expect(r.stderr).toMatch(/deck\.md:7:\d+: warning: remote iframe will not load offline: https:\/\/example\.org\/embed/)
    const html = fs.readFileSync(out, 'utf8')
    expect(html).toContain('data:image/png;base64,iVBORw0KGgo')
    expect(html).not.toMatch(/src="pixel\.png"/)
    // opened from anywhere, it asks for nothing but itself and the remote resources it listed
    const moved = path.join(tempDir(), 'moved.html')
    fs.copyFileSync(out, moved)
    const g = await guardedPage(browser())
    await g.page.goto(`file://${moved}`)
    await g.page.waitForLoadState('load')
    await g.page.context().close()
    expect(g.requests.filter((u) => u.startsWith('file:'))).toEqual([`file://${moved}`])
    expect([...new Set(g.blocked)].sort()).toEqual(['https://example.org/cat.png', 'https://example.org/embed'])
  }, 60_000)

  it('a handout shows online images and web pages as placeholders naming and linking their addresses', async () => {
    const d = write(path.join(work, 'online', 'deck.md'), '# Online\n\n![remote](https://example.org/cat.png)\n\n---\n\n<iframe src="https://example.org/embed"></iframe>\n')
    const out = path.join(work, 'online', 'online.pdf')
    const r = await livedeck(['build', d, '-o', out, '--no-strict'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/deck\.md:7:\d+: warning: remote iframe will not load offline: https:\/\/example\.org\/embed/)
    expect(pdfText(out, 1)).toMatch(/Online image, not in this handout\s+example\.org\/cat\.png/)
    expect(pdfText(out, 2)).toMatch(/Web page, not in this\s+handout\s+example\.org\/embed/)
    const pdf = fs.readFileSync(out, 'latin1')
    expect(pdf).toContain('/URI (https://example.org/cat.png)')
    expect(pdf).toContain('/URI (https://example.org/embed)')
  }, 60_000)
})

/** The entries of a ZIP file (PPTX), inflated, as text. */
function zipEntries(zip: Buffer): Map<string, string> {
  const entries = new Map<string, string>()
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  let at = zip.readUInt32LE(end + 16)
  const count = zip.readUInt16LE(end + 10)
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10)
    const size = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const extra = zip.readUInt16LE(at + 30)
    const comment = zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const data = zip.subarray(dataAt, dataAt + size)
    entries.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'))
    at += 46 + nameLength + extra + comment
  }
  return entries
}
