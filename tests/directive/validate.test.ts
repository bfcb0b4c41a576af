import { describe, expect, it } from 'vitest'
import { parseDirective } from '../../src/directive/parse'
import { suggest } from '../../src/directive/suggest'
import { expectation, validateDirective } from '../../src/directive/validate'
import { defineManifest } from '../../src/widget/schema'

const demo = defineManifest({
  name: 'demo',
  summary: 'a widget for tests',
  params: {
    lrate: { type: 'number', default: 0.1, min: 0.001, max: 1, doc: 'learning rate' },
    k: { type: 'number', default: 3, min: 1, max: 10, integer: true, doc: 'clusters' },
    autoplay: { type: 'boolean', default: true, doc: 'start on show' },
    init: { type: 'choice', default: 'random', choices: ['random', 'kmeans++'], doc: 'initialisation' },
    title: { type: 'string', default: '', maxLength: 20, doc: 'a title' },
  },
})
const other = defineManifest({ name: 'kmeans', summary: 'x', params: {} })

function validate(body: string) {
  const parsed = parseDirective(body)
  if (!parsed.ok) throw new Error(parsed.problems[0].message)
  return validateDirective(parsed.directive, [demo, other])
}

describe('validation against the schema', () => {
  it('types values, fills defaults, and includes the common parameters', () => {
    const r = validate(' live: demo lrate=0.5 k=7 autoplay=no init=kmeans++ title="Hello there" ')
    expect(r).toEqual({
      ok: true,
      manifest: demo,
      params: { lrate: 0.5, k: 7, autoplay: false, init: 'kmeans++', title: 'Hello there', height: 440, backend: 'auto', snapshot: 'converged', filmstrip: [] },
    })
  })

  it('accepts YAML-typed values', () => {
    const r = validate(' live: demo\nlrate: 0.2\nautoplay: true\nk: 2\n')
    expect(r.ok && r.params).toMatchObject({ lrate: 0.2, autoplay: true, k: 2 })
  })

  it('names an unknown widget with a suggestion and the list', () => {
    const r = validate(' live: kmean k=3 ')
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problems[0].message).toBe('unknown widget "kmean" (did you mean "kmeans"?); available widgets: demo, kmeans')
      expect(r.problems[0].offset).toBe(' live: '.length)
    }
  })

  it('names an unknown parameter, suggests the near miss, and points at it', () => {
    const body = ' live: demo lr=0.3 '
    const r = validate(body)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problems[0].message).toMatch(/^unknown parameter "lr" for widget "demo" \(did you mean "lrate"\?\); known parameters: lrate, k, autoplay, init, title, height, backend, snapshot, filmstrip$/)
      expect(r.problems[0].offset).toBe(body.indexOf('lr='))
    }
  })

  it('rejects bad types and out-of-range values, saying what was expected, at the value', () => {
    const cases: [string, RegExp][] = [
      [' live: demo lrate=fast ', /"lrate" of widget "demo" expects a number between 0.001 and 1, got "fast"/],
      [' live: demo lrate=2 ', /expects a number between 0.001 and 1, got "2"/],
      [' live: demo k=2.5 ', /expects an integer between 1 and 10, got "2.5"/],
      [' live: demo autoplay=maybe ', /expects true or false, got "maybe"/],
      [' live: demo init=best ', /expects one of "random", "kmeans\+\+", got "best"/],
      [' live: demo title="this title is far too long" ', /expects a text of at most 20 characters/],
      [' live: demo lrate=0x10 ', /expects a number/],
      [' live: demo lrate=1e400 ', /expects a number/],
      [' live: demo\nk: [1, 2]\n', /expects an integer between 1 and 10, got a list/],
      [' live: demo height=12 ', /"height" of widget "demo" expects an integer between 160 and 720/],
      [' live: demo backend=tpu ', /expects one of "auto", "cpu", "webgl", "wasm"/],
      [' live: demo snapshot=soon ', /"snapshot" of widget "demo" expects a number of steps \(0 to 100,000\) or "converged", got "soon"/],
      [' live: demo snapshot=-3 ', /"snapshot" .* expects a number of steps/],
      [' live: demo snapshot=2.5 ', /"snapshot" .* expects a number of steps/],
      [' live: demo filmstrip=0,ten ', /"filmstrip" of widget "demo" expects a comma-separated list of up to 6 steps/],
      [' live: demo filmstrip=0,1,2,3,4,5,6 ', /"filmstrip" .* up to 6 steps/],
    ]
    for (const [body, message] of cases) {
      const r = validate(body)
      expect(r.ok, body).toBe(false)
      if (!r.ok) {
        expect(r.problems[0].message).toMatch(message)
        expect(r.problems[0].offset, body).toBe(body.indexOf('=') + 1 || body.indexOf(': [') + 2)
      }
    }
  })

  it('reads snapshot steps and filmstrips, one-line or as a YAML list', () => {
    const one = validate(' live: demo snapshot=120 filmstrip=0,10,converged ')
    expect(one.ok && [one.params.snapshot, one.params.filmstrip]).toEqual([120, [0, 10, 'converged']])
    const yaml = validate(' live: demo\nsnapshot: converged\nfilmstrip: [0, 5, converged]\n')
    expect(yaml.ok && [yaml.params.snapshot, yaml.params.filmstrip]).toEqual(['converged', [0, 5, 'converged']])
  })

  it('reports every problem of a directive, not just the first', () => {
    const r = validate(' live: demo lr=1 k=0 init=x ')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems).toHaveLength(3)
  })

  it('does not treat inherited object keys as parameters', () => {
    const r = validate(' live: demo constructor=1 toString=2 ')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems[0].message).toMatch(/unknown parameter "constructor"/)
  })
})

describe('suggestions', () => {
  it('suggests close names and abbreviations, and nothing for unrelated words', () => {
    expect(suggest('lr', ['lrate', 'k'])).toBe('lrate')
    expect(suggest('lrate', ['lr', 'momentum'])).toBe('lr')
    expect(suggest('momentun', ['lr', 'momentum'])).toBe('momentum')
    expect(suggest('gradient-decsent', ['gradient-descent', 'kmeans'])).toBe('gradient-descent')
    expect(suggest('banana', ['lr', 'momentum', 'seed'])).toBeUndefined()
  })

  it('describes expectations in words', () => {
    expect(expectation({ type: 'number', default: 1, min: 0, doc: '' })).toBe('a number >= 0')
    expect(expectation({ type: 'number', default: 1, doc: '' })).toBe('a number')
  })
})
