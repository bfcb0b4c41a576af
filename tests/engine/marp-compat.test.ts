/**
 * A deck without live: directives builds to the same slides as Marp CLI (`marp --html`
 * with our theme): same sections with the same directives applied, same content.
 * The only differences allowed are the ones Livedeck makes on purpose: missing images
 * become placeholders, and emoji stay Unicode text instead of CDN images.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { livedeck, marp, root, sharedDeck, tempDir } from '../helpers'

function sections(html: string): string[] {
  return [...html.matchAll(/<section\b[\s\S]*?<\/section>/g)].map((m) => normalise(m[0]))
}

function normalise(section: string): string {
  return section
    .replace(/<img[^>]*?class="emoji"[^>]*?alt="([^"]+)"[^>]*>/g, '$1')
    .replace(/<img[^>]*?alt="([^"]+)"[^>]*?class="emoji"[^>]*>/g, '$1')
    .replace(/src="[^"]*"/g, 'src=""')
    .replace(/url\(&quot;[^)]*&quot;\)|url\("[^)]*"\)|url\([^)]*\)/g, 'url()')
}

async function buildBoth(deck: string) {
  const dir = tempDir()
  const copy = path.join(dir, 'deck.md')
  fs.copyFileSync(deck, copy)
  const ours = await livedeck(['build', copy, '-o', path.join(dir, 'livedeck.html')])
  expect(ours.code, ours.stderr).toBe(0)
  const theirs = await marp([copy, '--html', '-o', path.join(dir, 'marp.html'), '--theme-set', path.join(root, 'themes', 'presentation.css')])
  expect(theirs.code, theirs.stderr).toBe(0)
  return {
    ours: fs.readFileSync(path.join(dir, 'livedeck.html'), 'utf8'),
    theirs: fs.readFileSync(path.join(dir, 'marp.html'), 'utf8'),
    stderr: ours.stderr,
  }
}

describe('Marp compatibility', () => {
  it('builds the Marp feature deck to the same slides as marp-cli', async () => {
    const { ours, theirs } = await buildBoth(path.join(root, 'tests', 'fixtures', 'marp-features.md'))
    const a = sections(ours)
    const b = sections(theirs)
    const slides = a.filter((s) => /^<section id="/.test(s))
    expect(slides.length).toBe(4)
    expect(a).toEqual(b)
    expect(slides[0]).toMatch(/class="titlepage"/)
    expect(slides[1]).toMatch(/data-marpit-fragment/)
    expect(slides[1]).toMatch(/data-footer="Local footer/)
    expect(slides[2]).toMatch(/class="dark"/)
    expect(a.some((s) => /data-marpit-advanced-background="background"/.test(s))).toBe(true)
    expect(ours).toContain('👍')
    // the presenter notes are the same too
    const notes = (html: string) => html.match(/<div class="bespoke-marp-note"[\s\S]*?<\/div>/g)
    expect(notes(ours)).toEqual(notes(theirs))
  })

  it('builds the real lecture deck to the same slides as marp-cli', async () => {
    const { ours, theirs, stderr } = await buildBoth(sharedDeck)
    const a = sections(ours)
    const b = sections(theirs)
    expect(a.length).toBeGreaterThan(100)
    expect(a.length).toBe(b.length)
    for (let i = 0; i < a.length; i++) expect(a[i], `slide ${i + 1}`).toBe(b[i])
    // its images are not shipped: each one is a warning with file and line
    expect(stderr).toMatch(/deck\.md:\d+:\d+: warning: image not found: images\/logo\/cheese\.png/)
  })
})

describe('inside the Marp toolchain', () => {
  it('works as a Marp CLI custom engine: widgets, runtime, and failing on directive errors', async () => {
    const dir = tempDir()
    const good = path.join(dir, 'good.md')
    fs.writeFileSync(good, '---\nmarp: true\ntheme: presentation\n---\n\n## A\n\n<!-- live: gradient-descent lr=0.05 -->\n')
    const ran = await marp([good, '--engine', path.join(root, 'dist', 'engine.js'), '-o', path.join(dir, 'good.html')])
    expect(ran.code, ran.stderr).toBe(0)
    const html = fs.readFileSync(path.join(dir, 'good.html'), 'utf8')
    expect(html.match(/class="live-embed"/g)).toHaveLength(1)
    expect(html.match(/data-livedeck-runtime/g)).toHaveLength(1)
    expect(html.includes('live: gradient-descent')).toBe(false)

    const bad = path.join(dir, 'bad.md')
    fs.writeFileSync(bad, '---\nmarp: true\n---\n\n<!-- live: gradient-descent lrate=1 -->\n')
    const failed = await marp([bad, '--engine', path.join(root, 'dist', 'engine.js'), '-o', path.join(dir, 'bad.html')])
    expect(failed.code).not.toBe(0)
    expect(failed.stderr).toMatch(/<deck>:5:29: error: unknown parameter "lrate"/)
    expect(fs.existsSync(path.join(dir, 'bad.html'))).toBe(false)
  })
})

describe('decks with live: directives in plain Marp', () => {
  it('still build with plain marp-cli: same slides, the directive is only a comment there', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'live.md')
    fs.writeFileSync(md, '---\nmarp: true\n---\n\n## A\n\n<!-- live: gradient-descent lr=0.05 -->\n\nText\n\n---\n\n## B\n')
    const plain = await marp([md, '-o', path.join(dir, 'plain.html')])
    expect(plain.code, plain.stderr).toBe(0)
    const html = fs.readFileSync(path.join(dir, 'plain.html'), 'utf8')
    expect(html.match(/<section id="\d+"/g)).toHaveLength(2)
    expect(html.includes('class="live-embed"')).toBe(false)
    expect(sections(html)[0]).not.toContain('gradient-descent')
  })
})
