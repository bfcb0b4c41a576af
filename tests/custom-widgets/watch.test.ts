/** watchCourse: what a preview server watches to rebuild a deck when its custom widgets change. */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type CourseWatch, watchCourse } from '../../src/config/watch-course'
import { tempDir } from '../helpers'
import { copyCourse } from './course'

let watch: CourseWatch | undefined
afterEach(() => watch?.close())

/** Collects the changes reported, and waits for one matching a path. */
function recorder() {
  const seen: string[] = []
  return {
    seen,
    onChange: (file: string) => seen.push(file),
    async waitFor(file: string, timeout = 5000) {
      const deadline = Date.now() + timeout
      while (!seen.includes(file)) {
        if (Date.now() > deadline) throw new Error(`no change reported for ${file}; saw ${JSON.stringify(seen)}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    },
  }
}

describe('watchCourse', () => {
  it('reports changes to a widget file (also in a sub-folder) and to the config', async () => {
    const c = copyCourse()
    const r = recorder()
    watch = watchCourse(c.at('deck.md'), r.onChange)
    expect(watch.paths()).toEqual([c.at('livedeck.config.json'), c.at('widgets/logistic')])
    c.write('widgets/logistic/model.ts', c.read('widgets/logistic/model.ts') + '\n')
    await r.waitFor(c.at('widgets/logistic/model.ts'))
    fs.mkdirSync(c.at('widgets/logistic/parts'))
    await new Promise((res) => setTimeout(res, 50))
    c.write('widgets/logistic/parts/util.ts', 'export const x = 1\n')
    await r.waitFor(c.at('widgets/logistic/parts/util.ts'))
    c.write('livedeck.config.json', c.read('livedeck.config.json') + '\n')
    await r.waitFor(c.at('livedeck.config.json'))
  })

  it('watches a folder added to the config, and stops watching one removed from it', async () => {
    const c = copyCourse()
    fs.cpSync(c.at('widgets/logistic'), c.at('widgets/other'), { recursive: true })
    const r = recorder()
    watch = watchCourse(c.at('deck.md'), r.onChange)
    expect(watch.paths()).not.toContain(c.at('widgets/other'))
    c.write('livedeck.config.json', '{ "widgets": ["./widgets/other"] }\n')
    await r.waitFor(c.at('livedeck.config.json'))
    expect(watch.paths()).toEqual([c.at('livedeck.config.json'), c.at('widgets/other')])
    c.write('widgets/other/index.ts', c.read('widgets/other/index.ts') + '\n')
    await r.waitFor(c.at('widgets/other/index.ts'))
  })

  it('watches nothing for a deck without a config', () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, '.git'))
    fs.writeFileSync(path.join(dir, 'deck.md'), '# deck\n')
    watch = watchCourse(path.join(dir, 'deck.md'), () => {})
    expect(watch.paths()).toEqual([])
  })
})
