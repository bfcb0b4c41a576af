/** `livedeck new` scaffolds a deck that builds and lints clean; `livedeck widgets` lists the schemas. */
import fs from 'node:fs'
import path from 'node:path'
import { manifests } from 'livedeck:manifests'
import { describe, expect, it } from 'vitest'
import { commonParams } from '../../src/widget/schema'
import { livedeck, tempDir } from '../helpers'

describe('livedeck new', () => {
  it('writes NAME.md with the theme and one slide per widget, which builds and lints clean', async () => {
    const dir = tempDir()
    const ran = await livedeck(['new', 'my-talk'], dir)
    expect(ran.code, ran.stderr).toBe(0)
    expect(ran.stderr).toContain(`created my-talk.md: a title slide and ${manifests.length} widget slides`)
    const md = fs.readFileSync(path.join(dir, 'my-talk.md'), 'utf8')
    expect(md).toMatch(/^---\nmarp: true\ntheme: presentation\n/)
    expect(md).toContain('<!-- _class: titlepage -->\n\n# My talk\n')
    for (const m of manifests) expect(md).toContain(`<!-- live: ${m.name} `)
    expect(md.match(/\n---\n/g)).toHaveLength(manifests.length + 1) // the front matter's end, then one divider per widget slide

    const built = await livedeck(['build', 'my-talk.md'], dir)
    expect(built.code, built.stderr).toBe(0)
    expect(built.stderr.trim()).toMatch(/^my-talk\.md => my-talk\.html \(\d+ ms\)$/)
    const html = fs.readFileSync(path.join(dir, 'my-talk.html'), 'utf8')
    expect(html.match(/class="live-embed"/g)).toHaveLength(manifests.length)

    const lint = await livedeck(['lint', 'my-talk.md', '--strict'], dir)
    expect(lint.stdout + lint.stderr).toBe('no problems in 1 deck\n')
    expect(lint.code).toBe(0)
  })

  it('never overwrites a file, and says what to do', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'talk.md'), 'my own words\n')
    const ran = await livedeck(['new', 'talk'], dir)
    expect(ran.code).toBe(2)
    expect(ran.stderr).toMatch(/talk\.md exists already; livedeck new never overwrites a file/)
    expect(fs.readFileSync(path.join(dir, 'talk.md'), 'utf8')).toBe('my own words\n')
    expect((await livedeck(['new', 'nowhere/talk'], dir)).code).toBe(2)
    expect((await livedeck(['new'], dir)).code).toBe(2)
    expect(fs.readdirSync(dir)).toEqual(['talk.md'])
  })
})

describe('livedeck widgets', () => {
  it('lists every widget and its parameters from the schemas, as text and JSON', async () => {
    const text = await livedeck(['widgets'])
    expect(text.code).toBe(0)
    for (const m of manifests) {
      expect(text.stdout).toContain(`${m.name}: ${m.summary}`)
      for (const key of Object.keys(m.params)) expect(text.stdout).toMatch(new RegExp(`\\n  ${key} +\\S`))
    }
    const json = JSON.parse((await livedeck(['widgets', '--format', 'json'])).stdout)
    expect(json.widgets.map((w: any) => w.name)).toEqual(manifests.map((m) => m.name).sort())
    expect(json.commonParams.map((p: any) => p.name)).toEqual(Object.keys(commonParams))
    const kmeans = json.widgets.find((w: any) => w.name === 'kmeans')
    const k = kmeans.params.find((p: any) => p.name === 'k')
    expect(k).toMatchObject({ type: 'integer', default: 3, min: 1, max: 10, accepts: 'an integer between 1 and 10' })
    expect(kmeans.params.find((p: any) => p.name === 'init')).toMatchObject({ type: 'choice', choices: ['random', 'kmeans++'] })
  })

  it("lists a course's own widgets, found through its livedeck.config.json", async () => {
    const course = path.join(path.dirname(path.dirname(__dirname)), 'docs', 'examples', 'custom-widget')
    const text = await livedeck(['widgets'], course)
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/logistic\s+Logistic regression.*\(custom: widgets\/logistic\)/)
    const json = JSON.parse((await livedeck(['widgets', 'logistic', '--format', 'json'], course)).stdout)
    expect(json.widgets).toHaveLength(1)
    expect(json.widgets[0]).toMatchObject({ name: 'logistic', custom: path.join('widgets', 'logistic') })
  })

  it('shows one widget, and suggests a name for a typo', async () => {
    const one = await livedeck(['widgets', 'neuron'])
    expect(one.code).toBe(0)
    expect(one.stdout).toMatch(/^neuron: /)
    expect(one.stdout).not.toContain('kmeans:')
    const typo = await livedeck(['widgets', 'nueron'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/unknown widget "nueron" \(did you mean "neuron"\?\)/)
  })
})
