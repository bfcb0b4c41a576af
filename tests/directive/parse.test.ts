import { describe, expect, it } from 'vitest'
import { isLiveDirective, looksLikeMistypedDirective, parseDirective } from '../../src/directive/parse'

function ok(body: string) {
  const r = parseDirective(body)
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '))
  return r.directive
}

function problems(body: string) {
  const r = parseDirective(body)
  if (r.ok) throw new Error(`expected a problem parsing ${JSON.stringify(body)}`)
  return r.problems
}

describe('one-line form', () => {
  it('reads the name and bare, double- and single-quoted values with their offsets', () => {
    const body = ` live: kmeans k=3 title="two words" label='it''s' seed=-7 `
    const d = ok(body.replace(`'it''s'`, `'its'`))
    expect(d.name).toBe('kmeans')
    expect(d.params.map((p) => [p.key, p.value])).toEqual([
      ['k', '3'],
      ['title', 'two words'],
      ['label', 'its'],
      ['seed', '-7'],
    ])
    const b = body.replace(`'it''s'`, `'its'`)
    for (const p of d.params) {
      expect(b.slice(p.offset, p.offset + p.key.length)).toBe(p.key)
      expect(b[p.valueOffset - 1]).toBe('=')
    }
    expect(b.slice(d.nameOffset, d.nameOffset + 6)).toBe('kmeans')
  })

  it('unescapes quotes and backslashes inside quoted values', () => {
    const d = ok(String.raw` live: w title="say \"hi\" \\ bye" `)
    expect(d.params[0].value).toBe('say "hi" \\ bye')
  })

  it('accepts a widget without parameters and spaces around the colon', () => {
    expect(ok(' live : gradient-descent ').name).toBe('gradient-descent')
  })

  it('reports a missing widget name', () => {
    expect(problems(' live: ')[0].message).toMatch(/expected a widget name/)
    expect(problems(' live: =3')[0].message).toMatch(/expected a widget name after `live:`, found "=3"/)
  })

  it('reports a parameter without value, a missing "=", and an unterminated quote', () => {
    expect(problems(' live: w k= ')[0].message).toMatch(/expected a value after "k="/)
    expect(problems(' live: w k 3')[0].message).toMatch(/expected "=" and a value after parameter "k"/)
    const p = problems(' live: w title="abc ')[0]
    expect(p.message).toMatch(/unterminated double-quoted value for "title"/)
    expect(p.offset).toBe(' live: w title='.length)
  })

  it('reports parameters glued together and duplicates', () => {
    expect(problems(' live: w a="1"b=2 ')[0].message).toMatch(/space between parameters/)
    const dup = problems(' live: w a=1 a=2 ')
    expect(dup[0].message).toMatch(/"a" is given twice/)
    expect(dup[0].offset).toBe(' live: w a=1 '.length)
  })
})

describe('multi-line YAML form', () => {
  it('reads key: value lines after the name, typed by YAML, with offsets', () => {
    const body = ' live: gradient-descent\nlr: 0.05\nmomentum: 0.9\nautoplay: false\ntitle: "a: b"\n'
    const d = ok(body)
    expect(d.params.map((p) => [p.key, p.value])).toEqual([
      ['lr', 0.05],
      ['momentum', 0.9],
      ['autoplay', false],
      ['title', 'a: b'],
    ])
    expect(body.slice(d.params[1].offset, d.params[1].offset + 8)).toBe('momentum')
    expect(body.slice(d.params[1].valueOffset, d.params[1].valueOffset + 3)).toBe('0.9')
  })

  it('combines first-line parameters with the YAML body and catches duplicates across them', () => {
    expect(ok(' live: w a=1\nb: 2\n').params.map((p) => p.key)).toEqual(['a', 'b'])
    expect(problems(' live: w a=1\na: 2\n')[0].message).toMatch(/given twice/)
  })

  it('reports invalid YAML and a body that is not a mapping, at the right place', () => {
    const body = ' live: w\nlr: [1, 2\n'
    const p = problems(body)[0]
    expect(p.message).toMatch(/invalid YAML/)
    expect(p.offset).toBeGreaterThanOrEqual(body.indexOf('lr'))
    expect(problems(' live: w\n- a\n- b\n')[0].message).toMatch(/key: value/)
  })
})

describe('recognising directives', () => {
  it('tells live directives from other comments', () => {
    expect(isLiveDirective(' live: w ')).toBe(true)
    expect(isLiveDirective('live:w')).toBe(true)
    expect(isLiveDirective(' _class: dark ')).toBe(false)
    expect(isLiveDirective(' a note about live: coding ')).toBe(false)
  })

  it('flags likely typos of the directive', () => {
    expect(looksLikeMistypedDirective(' live kmeans k=3 ')).toBe(true)
    expect(looksLikeMistypedDirective(' lives: kmeans ')).toBe(true)
    expect(looksLikeMistypedDirective(' live: kmeans ')).toBe(false)
    expect(looksLikeMistypedDirective(' we will live together ')).toBe(false)
    expect(looksLikeMistypedDirective(' Presenter note ')).toBe(false)
    expect(looksLikeMistypedDirective(' lve: kmeans ')).toBe(true)
    expect(looksLikeMistypedDirective(' Live: kmeans k=3 ')).toBe(true)
    expect(looksLikeMistypedDirective(' _class: dark ')).toBe(false)
    expect(looksLikeMistypedDirective(' size: 4:3 ')).toBe(false)
  })
})

describe('robustness', () => {
  it('never throws on random input and always answers ok or with located problems', () => {
    let seed = 12345
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const alphabet = ['live', ':', ' ', '=', '"', "'", '\\', '\n', 'a', 'k', '1', '-', '<', '>', '--', 'é', '\u0000', ': ', '[', '{', '#']
    for (let i = 0; i < 3000; i++) {
      let body = rand() < 0.8 ? ' live: w ' : ''
      const n = Math.floor(rand() * 12)
      for (let j = 0; j < n; j++) body += alphabet[Math.floor(rand() * alphabet.length)]
      const r = parseDirective(body)
      if (!r.ok) {
        expect(r.problems.length).toBeGreaterThan(0)
        for (const p of r.problems) {
          expect(p.offset).toBeGreaterThanOrEqual(0)
          expect(p.offset).toBeLessThanOrEqual(body.length)
          expect(p.message.length).toBeGreaterThan(0)
        }
      }
    }
  })
})
