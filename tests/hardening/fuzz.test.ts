/**
 * Random and mutated directives: the parser, the validator and the engine never throw
 * anything but a located diagnostic, never hang, and never let markup through.
 */
import { manifests } from 'livedeck:manifests'
import { describe, expect, it } from 'vitest'
import { parseDirective } from '../../src/directive/parse'
import { validateDirective } from '../../src/directive/validate'
import { Livedeck } from '../../src/engine'
import { mulberry32 } from '../../src/widget/random'

const SEEDS = [
  ' live: gradient-descent lr=0.1 momentum=0.9 ',
  ' live: kmeans k=3 init=kmeans++ dataset=moons seed=7 ',
  ' live: playground dataset=xor hidden="4,2" features="x1,x2,x1x2" ',
  ' live: conv-filter mode=learn target=sobel-y\nlr: 0.05\nsize: "5"\n',
  ' live: overfitting\ndegree: 12\nlambda: 0.001\n',
]
const PIECES = ['--', '-->', '--!>', '<!--', '"', "'", '\\', '=', ' ', '\n', '---', ':', 'é', '\u2028', '\u0000', '<script>', '`', '{', '[', 'lr', '1e9', '-1', 'NaN', 'true']

function mutate(text: string, rand: () => number): string {
  let out = text
  const edits = 1 + Math.floor(rand() * 4)
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (out.length + 1))
    const kind = rand()
    if (kind < 0.45) out = out.slice(0, at) + PIECES[Math.floor(rand() * PIECES.length)] + out.slice(at)
    else if (kind < 0.8) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 3))
    else out = out.slice(0, at) + String.fromCharCode(32 + Math.floor(rand() * 95)) + out.slice(at + 1)
  }
  return out
}

describe('fuzzing the live: directive', () => {
  it('10,000 random and mutated directives: each is a valid widget or located problems', () => {
    const rand = mulberry32(2024)
    let valid = 0
    for (let i = 0; i < 10_000; i++) {
      const body = i % 4 === 0 ? Array.from({ length: Math.floor(rand() * 30) }, () => PIECES[Math.floor(rand() * PIECES.length)]).join('') : mutate(SEEDS[i % SEEDS.length], rand)
      const parsed = parseDirective(body)
      const problems = parsed.ok ? (() => {
        const v = validateDirective(parsed.directive, manifests)
        if (v.ok) valid++
        return v.ok ? [] : v.problems
      })() : parsed.problems
      for (const p of problems) {
        expect(p.message.length, body).toBeGreaterThan(0)
        expect(p.offset, body).toBeGreaterThanOrEqual(0)
        expect(p.offset, body).toBeLessThanOrEqual(body.length)
      }
    }
    // the mutations leave a fair share of directives valid: both paths are exercised
    expect(valid).toBeGreaterThan(100)
    expect(valid).toBeLessThan(9_000)
  })

  it('1,000 mutated decks through the engine: no exception, every error at file:line:column, no markup let through', () => {
    const rand = mulberry32(7)
    const engine = new Livedeck({ livedeck: { file: 'fuzz.md', report: 'none', throwOnError: false } })
    for (let i = 0; i < 1_000; i++) {
      const body = mutate(SEEDS[i % SEEDS.length], rand)
      const deck = `---\nmarp: true\n---\n\n## Slide\n\n<div>\n<!--${body}-->\n</div>\n\n---\n\n<!--${mutate(body, rand)}-->\n`
      const { html } = engine.render(deck)
      const lines = deck.split('\n').length
      for (const d of engine.diagnostics) {
        expect(d.file).toBe('fuzz.md')
        expect(d.line).toBeGreaterThanOrEqual(1)
        expect(d.line).toBeLessThanOrEqual(lines)
        expect(d.column).toBeGreaterThanOrEqual(1)
      }
      // whatever the comment held, no <script> reaches the slides except the runtime's own
      expect(html.replace(/<script data-livedeck-runtime>[\s\S]*?<\/script>/g, '').replace(/<script>!function\(\)\{"use strict";const t=\{h1[\s\S]*?<\/script>/g, '')).not.toMatch(/<script/i)
    }
  })
})

describe('comment boundaries', () => {
  const engine = () => new Livedeck({ livedeck: { file: 'deck.md', report: 'none', throwOnError: false } })
  const deck = (body: string) => `---\nmarp: true\n---\n\n${body}\n`

  it('--!> inside a directive does not end it early in the page: the rest is an escaped error', () => {
    const e = engine()
    const { html, comments } = e.render(deck('<!-- live: gradient-descent seed=1 --!><script>alert(1)</script> -->'))
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&lt;script&gt;')
    expect(e.diagnostics[0]).toMatchObject({ severity: 'error', line: 5 })
    expect(comments.flat().join()).not.toContain('alert')
  })

  it('a nested <!-- ends at the first -->, like HTML; what follows is text', () => {
    const e = engine()
    const { html } = e.render(deck('<!-- live: gradient-descent <!-- seed=1 --> -->'))
    expect(e.diagnostics[0]).toMatchObject({ severity: 'error', line: 5, message: expect.stringMatching(/expected a parameter as key=value, found "<!--"/) })
    expect(html).not.toMatch(/<!--/)
  })

  it('a -- inside a quoted value is kept as text, escaped', () => {
    const e = engine()
    const { html } = e.render(deck('<!-- live: playground features="x1,--x2" -->'))
    expect(e.diagnostics).toEqual([])
    expect(html).toContain('x1,--x2')
  })

  it('a --- inside a directive does not split the slide: the comment is one directive (--- opens its YAML body)', () => {
    const e = engine()
    const { html } = e.render(deck('## One\n\n<!-- live: gradient-descent\n---\nlr: 0.5\n-->\n\n---\n\n## Two'))
    expect(html.match(/<section id="\d+"/g)).toHaveLength(2)
    expect(e.diagnostics).toEqual([])
    expect(html.match(/class="live-embed"/g)).toHaveLength(1)
    expect(html).toContain('&quot;lr&quot;:0.5')
    const bad = engine()
    bad.render(deck('## One\n\n<!-- live: gradient-descent\n---\nlr: [0.5\n-->\n\n---\n\n## Two'))
    expect(bad.diagnostics[0]).toMatchObject({ severity: 'error', file: 'deck.md', message: expect.stringMatching(/invalid YAML/) })
    expect(bad.diagnostics[0].line).toBeGreaterThanOrEqual(7)
  })

  it('an unterminated comment swallows the rest of the deck as Marp does, with no crash', () => {
    const e = engine()
    expect(() => e.render(deck('## A\n\n<!-- live: gradient-descent lr=0.1\n\n---\n\n## B'))).not.toThrow()
  })
})
