/** The gallery deck (slides/gallery.md) shows every widget and every mode, and builds and lints clean. */
import fs from 'node:fs'
import path from 'node:path'
import { manifests } from 'livedeck:manifests'
import { describe, expect, it } from 'vitest'
import { livedeck, root, tempDir } from '../helpers'

const gallery = path.join(root, 'slides', 'gallery.md')

describe('the gallery deck', () => {
  it('uses every widget, and every mode of the widgets that have modes', () => {
    const md = fs.readFileSync(gallery, 'utf8')
    const directives = [...md.matchAll(/<!-- live: ([\w-]+)([^>]*)-->/g)].map((m) => ({ name: m[1], params: m[2] }))
    for (const m of manifests) {
      const mine = directives.filter((d) => d.name === m.name)
      expect(mine.length, `no slide for ${m.name}`).toBeGreaterThan(0)
      const mode = m.params.mode
      if (mode?.type !== 'choice') continue
      for (const choice of mode.choices) {
        const shown = mine.some((d) => new RegExp(`\\smode=${choice}(\\s|$)`).test(d.params) || (choice === mode.default && !/\smode=/.test(d.params)))
        expect(shown, `${m.name} mode=${choice} has no slide`).toBe(true)
      }
    }
  })

  it('builds with no error or warning, and lints clean (overflow measured in Chromium)', async () => {
    const out = path.join(tempDir(), 'gallery.html')
    const built = await livedeck(['build', gallery, '-o', out])
    expect(built.code, built.stderr).toBe(0)
    expect(built.stderr.trim().split('\n')).toHaveLength(1)
    expect(built.stderr).toMatch(/gallery\.md => .*gallery\.html/)
    const lint = await livedeck(['lint', gallery, '--strict'])
    expect(lint.stdout, lint.stderr).toBe('no problems in 1 deck\n')
    expect(lint.code).toBe(0)
  })
})
