/** Which decks an export reads and where it writes them. */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { planJobs } from '../../src/export/plan'
import { tempDir } from '../helpers'

const dir = tempDir()
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const deck = (rel: string) => {
  const file = path.join(dir, rel)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, '---\nmarp: true\n---\n\n# Deck\n')
  return file
}
const a = deck('course/a.md')
const b = deck('course/week2/b.md')
deck('course/node_modules/pkg/readme.md')
deck('course/.hidden/c.md')

describe('planJobs', () => {
  it('takes the format of one deck from the output name, HTML by default', () => {
    expect(planJobs([a], undefined, undefined)).toEqual([{ input: a, output: a.replace(/\.md$/, '.html'), format: 'html' }])
    expect(planJobs([a], path.join(dir, 'x.pdf'), undefined)[0]).toMatchObject({ format: 'pdf', output: path.join(dir, 'x.pdf') })
    expect(planJobs([a], undefined, 'pptx')[0]).toMatchObject({ format: 'pptx', output: a.replace(/\.md$/, '.pptx') })
  })

  it('mirrors a folder of decks into the output folder, skipping hidden folders, node_modules and other Markdown', () => {
    fs.writeFileSync(path.join(dir, 'course', 'README.md'), '# About this course\n')
    const jobs = planJobs([path.join(dir, 'course')], path.join(dir, 'out'), 'pdf')
    expect(jobs.map((j) => [path.relative(dir, j.input), path.relative(dir, j.output)])).toEqual([
      ['course/a.md', 'out/a.pdf'],
      ['course/week2/b.md', 'out/week2/b.pdf'],
    ])
  })

  it('lists a deck named twice once', () => {
    expect(planJobs([a, a, path.join(dir, 'course')], path.join(dir, 'out/'), 'png')).toHaveLength(2)
  })

  it('refuses what would lose or mix up files', () => {
    expect(() => planJobs([a], a, undefined)).toThrow(/cannot tell the format/)
    expect(() => planJobs([a], a.replace('.md', '.MD'), undefined)).toThrow(/cannot tell the format/)
    expect(() => planJobs([a, b], path.join(dir, 'both.pdf'), undefined)).toThrow(/2 decks cannot all be written to/)
    expect(() => planJobs([a, deck('other/a.md')], path.join(dir, 'flat/'), 'pdf')).toThrow(/would both be written to/)
    expect(() => planJobs([path.join(dir, 'nowhere')], undefined, undefined)).toThrow(/no such file or folder/)
    fs.mkdirSync(path.join(dir, 'empty', 'node_modules', 'x'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'empty', 'node_modules', 'x', 'deck.md'), '---\nmarp: true\n---\n')
    fs.writeFileSync(path.join(dir, 'empty', 'README.md'), '# Not slides\n')
    expect(() => planJobs([path.join(dir, 'empty')], undefined, undefined)).toThrow(/holds no Marp decks/)
    expect(() => planJobs([a], path.join(dir, 'x.pdf'), 'png')).toThrow(/--png asks for PNG but .* names a \.pdf file/)
  })
})
