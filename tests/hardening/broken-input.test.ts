/**
 * Broken decks through the real CLI: YAML front matter that Marp cannot parse, and an HTML
 * comment that is never closed, are errors at file:line:column with exit code 1, and the
 * previous output stays as it was (no partial file over it). And a deck builds to the same
 * bytes every time.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Livedeck } from '../../src/engine'
import { buildRuntime } from '../../src/engine/runtime-bundle'
import { livedeck, tempDir } from '../helpers'

const GOOD = '---\nmarp: true\ntheme: presentation\n---\n\n# Good deck\n\n<!-- live: neuron -->\n'

async function buildBroken(broken: string) {
  const dir = tempDir()
  const md = path.join(dir, 'talk.md')
  const out = path.join(dir, 'talk.html')
  fs.writeFileSync(md, GOOD)
  const first = await livedeck(['build', md, '-o', out])
  expect(first.code, first.stderr).toBe(0)
  const before = fs.readFileSync(out)
  fs.writeFileSync(md, broken)
  const ran = await livedeck(['build', md, '-o', out])
  // nothing but the previous output and the deck in the folder: no partial or temporary file
  expect(fs.readdirSync(dir).sort()).toEqual(['talk.html', 'talk.md'])
  expect(fs.readFileSync(out).equals(before)).toBe(true)
  return { ...ran, md }
}

const errors = (markdown: string) => {
  const engine = new Livedeck({ livedeck: { file: 'deck.md', report: 'none', throwOnError: false } })
  engine.render(markdown)
  return engine.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`)
}

describe('broken YAML front matter', () => {
  it('is an error at its line, exit code 1, and the previous output is kept', async () => {
    const r = await buildBroken('---\nmarp: true\ntheme: [presentation\n---\n\n# Slide\n')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/talk\.md:3:\d+: error: invalid YAML front matter: .*Marp would ignore the whole front matter/)
  })

  it('is judged as Marp judges it: loose directive values pass, YAML syntax in them does not', () => {
    // Marp quotes a directive's plain value itself (a colon, emphasis inside), so this is fine
    expect(errors('---\nmarp: true\nheader: Course 2024, **part** one\nfooter: Part 1: basics\n---\n\n# A\n')).toEqual([])
    // but a value starting with `*` is YAML (an alias), broken: Marp drops the front matter
    expect(errors('---\nmarp: true\nheader: **Course** 2024\n---\n\n# A\n')).toEqual([expect.stringMatching(/^3:\d+ invalid YAML front matter/)])
    // a value starting with YAML syntax is left as YAML, and this one is broken
    expect(errors('---\nmarp: true\nfooter: "Part 1" basics\n---\n\n# A\n')).toEqual([expect.stringMatching(/^3:\d+ invalid YAML front matter/)])
    expect(errors('---\nmarp: true\nsize: {a: 1\n---\n\n# A\n')).toEqual([expect.stringMatching(/^3:\d+ invalid YAML front matter/)])
    expect(errors('---\njust some text\n---\n\n# A\n')).toEqual([expect.stringMatching(/^2:1 front matter must be a YAML mapping/)])
    expect(errors('---\n---\n\n# A\n')).toEqual([])
    expect(errors('---\n# only a comment\n---\n\n# A\n')).toEqual([])
  })

  it('leaves the decks we ship alone', () => {
    for (const file of ['slides/ai-for-geosciences.md', 'slides/gallery.md']) {
      const md = path.resolve(__dirname, '..', '..', file)
      if (fs.existsSync(md)) expect(errors(fs.readFileSync(md, 'utf8')).filter((e) => /front matter|unterminated/.test(e)), file).toEqual([])
    }
  })
})

describe('an unterminated HTML comment', () => {
  it('is an error at the `<!--`, exit code 1, and the previous output is kept', async () => {
    const r = await buildBroken('---\nmarp: true\n---\n\n# One\n\n<!-- speaker note, never closed\n\n---\n\n# Two\n\n---\n\n# Three\n')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('talk.md:7:1: error: unterminated HTML comment')
  })

  it('covers a live: directive, indented comments, and spares code and closed comments', () => {
    expect(errors('# A\n\n<!-- live: neuron\n\n# B\n')).toEqual([expect.stringMatching(/^3:1 unterminated HTML comment/)])
    expect(errors('- item\n\n  <!-- in a list\n\n- two\n')).toEqual([expect.stringMatching(/^3:3 unterminated HTML comment/)])
    expect(errors('# A\n\n<!-- closed\nlater -->\n\n```\n<!-- in code\n```\n\n`<!--` inline, and text <!-- in a paragraph\n')).toEqual([])
  })
})

describe('determinism', () => {
  it('building the same deck twice gives byte-identical HTML', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'deck.md')
    fs.writeFileSync(
      md,
      '---\nmarp: true\ntheme: presentation\nmath: katex\npaginate: true\n---\n\n# Title $x^2$\n\n---\n\n## Widgets\n\n' +
        '<!-- live: gradient-descent lr=0.1 -->\n\n---\n\n<!-- live: kmeans k=4 -->\n\n---\n\n![missing](nowhere.png)\n\n<!-- a presenter note -->\n',
    )
    const outs = [path.join(dir, 'a.html'), path.join(dir, 'b.html')]
    for (const out of outs) {
      const r = await livedeck(['build', md, '-o', out])
      expect(r.code, r.stderr).toBe(0)
    }
    const [a, b] = outs.map((o) => fs.readFileSync(o))
    expect(a.length).toBeGreaterThan(100_000) // the runtime is in it
    expect(a.equals(b)).toBe(true)
  })

  it('the runtime bundle itself is the same on every build, not only when read from the cache', () => {
    const req = { root: path.resolve(__dirname, '..', '..'), widgets: ['kmeans', 'neuron'], backends: ['wasm'] }
    expect(buildRuntime(req) === buildRuntime(req)).toBe(true)
  })
})
