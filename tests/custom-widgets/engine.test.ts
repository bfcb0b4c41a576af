/**
 * Custom widgets in the engine: found through livedeck.config.json (or the `widgets` option),
 * their schema bundled and checked, directives validated against it, and every mistake in
 * the config, the schema or the component an error naming its file and line.
 */
import fs from 'node:fs'
import path from 'node:path'
import { manifests } from 'livedeck:manifests'
import { describe, expect, it } from 'vitest'
import { type Diagnostic, formatDiagnostic } from '../../src/diagnostics'
import { Livedeck, type LivedeckEngineOptions } from '../../src/engine'
import { manifestProblems } from '../../src/engine/custom-widgets'
import { copyCourse, deck } from './course'

function render(markdown: string, options: LivedeckEngineOptions) {
  const e = new Livedeck({ livedeck: { report: 'none', throwOnError: false, ...options } })
  const { html } = e.render(markdown)
  return { html, diagnostics: e.diagnostics, widgets: e.widgets, text: e.diagnostics.map(formatDiagnostic).join('\n') }
}

const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error')

describe('a custom widget named by livedeck.config.json', () => {
  it('is validated like a built-in one, and its component is bundled into the runtime', () => {
    const c = copyCourse()
    const file = c.write('deck.md', deck('## Fit\n\n<!-- live: logistic lr=0.25 points=60 -->', '## And a built-in one\n\n<!-- live: neuron -->'))
    const r = render(c.read('deck.md'), { file })
    expect(r.diagnostics).toEqual([])
    expect(r.widgets).toEqual(['logistic', 'neuron'])
    expect(r.html).toContain('data-live="logistic"')
    expect(r.html).toMatch(/data-live-params="[^"]*&quot;lr&quot;:0.25/)
    expect(r.html).toContain('data-livedeck-runtime')
    // the component's own text made it into the runtime
    expect(r.html).toContain('Two classes of points, the probability map and the decision line')
  })

  it('gives the same errors as a built-in widget: file:line:column, did-you-mean across built-in and custom names', () => {
    const c = copyCourse()
    const file = c.write('deck.md', deck('## A\n\n<!-- live: logistic sped=3 -->', '## B\n\n<!-- live: logistik -->', '## C\n\n<!-- live: logistic points=5 autoplay=maybe -->', '## D\n\n<!-- live: neuronn -->'))
    const r = render(c.read('deck.md'), { file })
    expect(r.text).toContain(`${file}:8:21: error: unknown parameter "sped" for widget "logistic" (did you mean "speed"?); known parameters: points, spread, lr, steps, speed, autoplay, seed, height`)
    expect(r.text).toMatch(new RegExp(`${file}:14:12: error: unknown widget "logistik" \\(did you mean "logistic"\\?\\); available widgets: .*neuron.*logistic`))
    expect(r.text).toContain(`${file}:20:28: error: parameter "points"`)
    expect(r.text).toContain('parameter "points" of widget "logistic" expects an integer between 10 and 600, got "5"')
    expect(r.text).toContain('parameter "autoplay" of widget "logistic" expects true or false, got "maybe"')
    expect(r.text).toContain('unknown widget "neuronn" (did you mean "neuron"?)')
    expect(errors(r.diagnostics)).toHaveLength(5)
  })

  it('is found from a deck in a sub-folder (the nearest config above the deck)', () => {
    const c = copyCourse()
    const file = c.write('lectures/week1/deck.md', deck('<!-- live: logistic -->'))
    const r = render(c.read('lectures/week1/deck.md'), { file })
    expect(r.diagnostics).toEqual([])
    expect(r.widgets).toEqual(['logistic'])
  })

  it('is not known to a deck outside the course', () => {
    const c = copyCourse()
    const other = path.join(path.dirname(c.dir), 'elsewhere', 'deck.md')
    fs.mkdirSync(path.dirname(other), { recursive: true })
    fs.mkdirSync(path.join(path.dirname(other), '.git'))
    const r = render(deck('<!-- live: logistic -->'), { file: other })
    expect(r.text).toContain('unknown widget "logistic"')
  })

  it('can be named by the engine option `widgets` instead (relative to baseDir)', () => {
    const c = copyCourse()
    fs.rmSync(c.at('livedeck.config.json'))
    const r = render(deck('<!-- live: logistic -->'), { widgets: ['./widgets/logistic'], baseDir: c.dir })
    expect(r.diagnostics).toEqual([])
    expect(r.widgets).toEqual(['logistic'])
    const missing = render(deck('# no widget'), { widgets: ['./widgets/nope'], baseDir: c.dir })
    expect(missing.text).toContain('widget folder "./widgets/nope" not found')
    expect(missing.text).toContain('engine option livedeck.widgets')
  })
})

describe('mistakes in the config', () => {
  it('a folder that does not exist, or lacks index.ts: an error at the config line naming it', () => {
    const c = copyCourse()
    const config = c.write('livedeck.config.json', '{\n  "widgets": [\n    "./widgets/logistic",\n    "./widgets/nope"\n  ]\n}\n')
    const file = c.write('deck.md', deck('<!-- live: logistic -->'))
    const r = render(c.read('deck.md'), { file })
    expect(r.text).toContain(`${config}:4:5: error: widget folder "./widgets/nope" not found (looked for ${c.at('widgets/nope')})`)
    expect(errors(r.diagnostics)).toHaveLength(1)

    c.write('widgets/nope/schema.ts', 'export default {}\n')
    const r2 = render(c.read('deck.md'), { file })
    expect(r2.text).toContain(`${config}:4:5: error: widget folder "./widgets/nope" has no index.ts`)
  })

  it('not JSON, or widgets not a list: an error naming the config file and line', () => {
    const c = copyCourse()
    const config = c.write('livedeck.config.json', '{\n  "widgets": ["./widgets/logistic",]\n}\n')
    const file = c.write('deck.md', deck('# Title'))
    expect(render(c.read('deck.md'), { file }).text).toMatch(new RegExp(`^${config}:2:36: error: not valid JSON: Unexpected token ']'`))
    c.write('livedeck.config.json', '{\n  "widgets": "./widgets/logistic"\n}\n')
    expect(render(c.read('deck.md'), { file }).text).toContain(`${config}:2:3: error: "widgets" must be a list of folder paths`)
    c.write('livedeck.config.json', '{ "widget": ["./widgets/logistic"] }\n')
    const r = render(c.read('deck.md'), { file })
    expect(r.text).toContain(`${config}:1:3: warning: unknown key "widget" (did you mean "widgets"?)`)
    expect(errors(r.diagnostics)).toEqual([])
  })

  it('a custom widget with a built-in name, or two with one name: an error', () => {
    const c = copyCourse()
    fs.cpSync(c.at('widgets/logistic'), c.at('widgets/neuron'), { recursive: true })
    c.write('widgets/neuron/schema.ts', c.read('widgets/neuron/schema.ts').replace("name: 'logistic'", "name: 'neuron'"))
    fs.cpSync(c.at('widgets/logistic'), c.at('more/logistic'), { recursive: true })
    const config = c.write('livedeck.config.json', '{ "widgets": [\n  "./widgets/logistic",\n  "./widgets/neuron",\n  "./more/logistic"\n] }\n')
    const file = c.write('deck.md', deck('<!-- live: logistic -->'))
    const r = render(c.read('deck.md'), { file })
    expect(r.text).toContain(`${config}:3:3: error: custom widget "neuron" (${c.at('widgets/neuron/schema.ts')}) has the name of a built-in widget`)
    expect(r.text).toContain(`${config}:4:3: error: custom widget "logistic" is named twice: ${c.at('widgets/logistic')} and ${c.at('more/logistic')}`)
    expect(errors(r.diagnostics)).toHaveLength(2)
  })
})

describe('mistakes in the widget', () => {
  it('a schema that does not compile: esbuild error at schema.ts:line:column', () => {
    const c = copyCourse()
    const schema = c.write('widgets/logistic/schema.ts', c.read('widgets/logistic/schema.ts').replace("summary: 'Logistic", "summary: 'Logistic' +,"))
    const file = c.write('deck.md', deck('<!-- live: logistic -->'))
    const r = render(c.read('deck.md'), { file })
    expect(r.text).toMatch(new RegExp(`^${schema}:9:\\d+: error: `, 'm'))
  })

  it('a schema that breaks the manifest rules: an error at the line of the problem', () => {
    const c = copyCourse()
    const original = c.read('widgets/logistic/schema.ts')
    const schema = c.write('widgets/logistic/schema.ts', original.replace("name: 'logistic'", "name: 'logistic-fit'").replace('default: 0.9, min: 0.1', 'default: 9, min: 0.1'))
    const file = c.write('deck.md', deck('<!-- live: logistic -->'))
    const r = render(c.read('deck.md'), { file })
    expect(r.text).toContain(`${schema}:8:3: error: the manifest's name "logistic-fit" must equal its folder's name "logistic"`)
    expect(r.text).toMatch(new RegExp(`${schema}:14:5: error: parameter "spread": its default 9 is outside \\[0.1, 3\\]`))
    // the directive says why the widget is missing, rather than listing the others
    expect(r.text).toContain(`${file}:6:12: error: widget "logistic" is not available: its folder, named in ${c.at('livedeck.config.json')}, has errors (reported above)`)
    c.write('widgets/logistic/schema.ts', original.replace("autoplay: { type: 'boolean'", "autoplay: { type: 'bool'"))
    expect(render(c.read('deck.md'), { file }).text).toContain('parameter "autoplay": unknown type "bool"')
    c.write('widgets/logistic/schema.ts', 'export const manifest = 1\n')
    expect(render(c.read('deck.md'), { file }).text).toContain(`${schema}:1:1: error: schema.ts must \`export default defineManifest({ name, summary, params })\``)
    c.write('widgets/logistic/schema.ts', 'throw new Error("no schema today")\n')
    expect(render(c.read('deck.md'), { file }).text).toContain(`${schema}:1:1: error: the schema failed to load: no schema today`)
  })

  it('a component with a syntax error or a bad import: an error at index.ts:line:column, no runtime', () => {
    const c = copyCourse()
    const source = c.read('widgets/logistic/index.ts')
    const lineOf = (text: string) => source.split('\n').findIndex((l) => l.includes(text)) + 1
    const index = c.write('widgets/logistic/index.ts', source.replace('const RANGE = 3.2', 'const RANGE = = 3.2'))
    const file = c.write('deck.md', deck('<!-- live: logistic -->'))
    const r = render(c.read('deck.md'), { file })
    expect(r.text).toMatch(new RegExp(`^${index}:${lineOf('const RANGE = 3.2')}:15: error: Unexpected "="`, 'm'))
    expect(r.html).not.toContain('data-livedeck-runtime')
    c.write('widgets/logistic/index.ts', c.read('widgets/logistic/index.ts').replace('const RANGE = = 3.2', 'const RANGE = 3.2').replace("'livedeck/widget/ui/plot-frame'", "'livedeck/widget/ui/plot-frames'"))
    expect(render(c.read('deck.md'), { file }).text).toMatch(new RegExp(`${index}:${lineOf('ui/plot-frame')}:\\d+: error: Could not resolve .*\\(originally "livedeck/widget/ui/plot-frames"\\)`))
  })

  it('a change to the component gives a new runtime (the cache follows the sources)', () => {
    const c = copyCourse()
    const file = c.write('deck.md', deck('<!-- live: logistic -->'))
    const before = render(c.read('deck.md'), { file }).html
    c.write('widgets/logistic/model.ts', c.read('widgets/logistic/model.ts').replace('Two Gaussian clouds', 'Two Gaussian clouds.') + '\nexport const marker = "a changed model"\n')
    c.write('widgets/logistic/index.ts', c.read('widgets/logistic/index.ts').replace("import { LogisticModel, makePoints } from './model'", "import { LogisticModel, makePoints, marker } from './model'\nconsole.debug(marker)"))
    const after = render(c.read('deck.md'), { file }).html
    expect(before).not.toContain('a changed model')
    expect(after).toContain('a changed model')
  })
})

describe('manifest rules', () => {
  it('accept every built-in manifest', () => {
    for (const m of manifests) expect(manifestProblems(m, m.name)).toEqual([])
  })

  it('reject malformed parameters', () => {
    const m = (params: unknown) => manifestProblems({ name: 'w', summary: 'A widget', params }, 'w').map((p) => p.message)
    expect(m({ a: { type: 'number', default: 1, doc: 'x' } })).toEqual(['parameter "a": a number needs min and max, with min < max'])
    expect(m({ a: { type: 'number', default: 1.5, min: 0, max: 3, integer: true, doc: 'x' } })[0]).toContain('whole numbers')
    expect(m({ a: { type: 'choice', default: 'c', choices: ['a', 'b'], doc: 'x' } })[0]).toContain('not one of its choices')
    expect(m({ a: { type: 'string', default: 'x', doc: '' } })[0]).toContain('one-line doc')
    expect(m({ height: { type: 'number', default: 1, min: 0, max: 2, doc: 'x' } })[0]).toContain('a parameter every widget has')
    expect(m([])[0]).toContain('needs params')
    expect(manifestProblems({ name: '1x', summary: 's', params: {} }, '1x')[0].message).toContain('must be a widget name')
    expect(manifestProblems({ name: 'w', summary: 's', params: {}, filmstrip: [0, 0] }, 'w')[0].message).toContain('filmstrip must list 2 to')
    expect(manifestProblems({ name: 'w', summary: 's', params: {}, filmstrip: [0, 10, 'converged'] }, 'w')).toEqual([])
  })
})
