import fs from 'node:fs'
import path from 'node:path'
import { manifests } from 'livedeck:manifests'
import { describe, expect, it } from 'vitest'
import { BEGIN, END, widgetReference } from '../src/docs/widget-reference'
import { root } from './helpers'

describe('README', () => {
  it('holds the widget reference generated from the schemas (run `npm run docs` after changing one)', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
    const current = readme.slice(readme.indexOf(BEGIN), readme.indexOf(END) + END.length)
    expect(current).toBe(widgetReference(manifests))
    for (const m of manifests) for (const key of Object.keys(m.params)) expect(current).toContain(`| \`${key}\` |`)
  })
})
