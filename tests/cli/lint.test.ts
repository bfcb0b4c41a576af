/**
 * `livedeck lint` as an author and a CI job run it: problems grouped by file with lines,
 * the engine's own directive checks, JSON output, exit codes, --fix that keeps a backup,
 * and slides that overflow, measured in Chromium.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeAs } from '../../src/lint/rules/encoding'
import { livedeck, tempDir } from '../helpers'

const garble = (text: string) => decodeAs(Buffer.from(text, 'utf8'), 'windows-1252')

const HEAD = '---\nmarp: true\ntheme: presentation\n---\n\n'
const PROBLEMS =
  HEAD +
  [
    '## Slide one', // 6
    '',
    '<!-- live: gradient-descent lrate=0.05 -->', // 8
    '',
    '<!-- lve: kmeans -->', // 10
    '',
    '<!-- live neuron -->', // 12
    '',
    '![](images/nowhere.png)', // 14
    '',
    '![](https://example.com/remote.png)', // 16
    '',
    `${garble('Déjà vu at the café')}`, // 18
    '',
    '```', // 20
    '<!-- lve: kmeans --> ![](https://example.com/in-code.png)',
    '```',
    '',
  ].join('\n')
const WARNINGS_ONLY = HEAD + '## Title\n\n![](https://example.com/remote.png)\n'
const CLEAN = HEAD + '## Title\n\nText.\n\n<!-- live: kmeans height=400 -->\n'

function write(dir: string, name: string, text: string | Buffer): string {
  const file = path.join(dir, name)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  return file
}

describe('livedeck lint', () => {
  it('reports every kind of problem grouped by file with line numbers, and fails on errors', async () => {
    const dir = tempDir()
    write(dir, 'talk.md', PROBLEMS)
    write(dir, 'sub/clean.md', CLEAN)
    write(dir, 'README.md', '# not a deck\n\n![](https://example.com/x.png)\n')
    const ran = await livedeck(['lint', '.', '--no-browser'], dir)
    expect(ran.code, ran.stderr).toBe(1)
    const out = ran.stdout
    expect(out).toMatch(/^talk\.md\n/)
    expect(out).toMatch(/\n {2}8:29 +error +directive +unknown parameter "lrate" for widget "gradient-descent" \(did you mean "lr"\?\)/)
    expect(out).toMatch(/\n {2}10:6 +warning +directive +this comment looks like a mistyped directive; write `<!-- live: kmeans -->`/)
    expect(out).toMatch(/\n {2}12:6 +warning +directive +this comment looks like a mistyped directive; write `<!-- live: neuron -->`/)
    expect(out).toMatch(/\n {2}14:5 +warning +missing-image +image not found: images\/nowhere\.png/)
    expect(out).toMatch(/\n {2}16:5 +warning +remote-resource +remote image will not load offline: https:\/\/example\.com\/remote\.png/)
    expect(out).toMatch(/\n {2}18:2 +warning +mojibake +text decoded twice .*"DÃ©jÃ\u00a0" → "Déjà", "cafÃ©" → "café"\n/)
    expect(out).toMatch(/fix \(--fix\): repair the encoding/)
    // code is not linted; a folder holds only Marp decks; clean decks are not listed
    expect(out).not.toMatch(/\n {2}2[01]:/)
    expect(out).not.toContain('README.md')
    expect(out).not.toContain('clean.md')
    expect(out).toMatch(/6 problems \(1 error, 5 warnings\) in 1 of 2 decks; 1 can be repaired with --fix\n$/)
  })

  it('passes with warnings unless --strict (or CI=true, as build), and says so for a clean deck', async () => {
    const dir = tempDir()
    const warn = write(dir, 'warn.md', WARNINGS_ONLY)
    const clean = write(dir, 'clean.md', CLEAN)
    expect((await livedeck(['lint', warn, '--no-browser'])).code).toBe(0)
    expect((await livedeck(['lint', warn, '--no-browser', '--strict'])).code).toBe(1)
    expect((await livedeck(['lint', warn, '--no-browser'], undefined, { CI: 'true' })).code).toBe(1)
    expect((await livedeck(['lint', warn, '--no-browser', '--no-strict'], undefined, { CI: 'true' })).code).toBe(0)
    const ok = await livedeck(['lint', clean, '--no-browser', '--strict'])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toBe('no problems in 1 deck\n')
  })

  it('gives a JSON list for editors and CI', async () => {
    const dir = tempDir()
    const file = write(dir, 'talk.md', PROBLEMS)
    const ran = await livedeck(['lint', file, '--no-browser', '--format', 'json'])
    expect(ran.code).toBe(1)
    const list = JSON.parse(ran.stdout)
    expect(list.map((p: any) => `${p.line}:${p.column} ${p.severity} ${p.rule}`)).toEqual([
      '8:29 error directive',
      '10:6 warning directive',
      '12:6 warning directive',
      '14:5 warning missing-image',
      '16:5 warning remote-resource',
      '18:2 warning mojibake',
    ])
    expect(list[0]).toEqual({ file, line: 8, column: 29, severity: 'error', rule: 'directive', message: expect.stringContaining('unknown parameter "lrate"') })
    expect(list[5].fix.edits).toEqual([
      { line: 18, column: 2, endLine: 18, endColumn: 4, text: 'é' },
      { line: 18, column: 5, endLine: 18, endColumn: 7, text: 'à' },
      { line: 18, column: 21, endLine: 18, endColumn: 23, text: 'é' },
    ])
  })

  it('exits 2 on wrong usage', async () => {
    const dir = tempDir()
    const md = write(dir, 'a.md', CLEAN)
    expect((await livedeck(['lint'])).code).toBe(2)
    expect((await livedeck(['lint', path.join(dir, 'missing.md')])).code).toBe(2)
    const bad = await livedeck(['lint', md, '--format', 'xml'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--format expects text or json/)
    expect((await livedeck(['lint', md, '--frobnicate'])).code).toBe(2)
  })

  it('--fix repairs the encoding atomically, keeps the original as a backup, never overwrites a backup', async () => {
    const dir = tempDir()
    const file = write(dir, 'talk.md', PROBLEMS)
    write(dir, 'talk.md.bak', 'an older backup\n')
    const latin = write(dir, 'latin.md', Buffer.from([...Buffer.from(HEAD + '## Caf'), 0xe9, ...Buffer.from(' na'), 0xef, ...Buffer.from('ve\n')]))
    const ran = await livedeck(['lint', file, latin, '--no-browser', '--fix'])
    expect(ran.stderr).toContain(`${file}: fixed 1 place (the original is kept as ${file}.bak.1)`)
    expect(ran.stderr).toContain(`${latin}: fixed 1 place (the original is kept as ${latin}.bak)`)
    expect(fs.readFileSync(file, 'utf8')).toBe(PROBLEMS.replace(garble('Déjà vu at the café'), 'Déjà vu at the café'))
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe('an older backup\n')
    expect(fs.readFileSync(`${file}.bak.1`, 'utf8')).toBe(PROBLEMS)
    expect(fs.readFileSync(latin, 'utf8')).toBe(HEAD + '## Café naïve\n')
    expect(fs.readdirSync(dir).sort()).toEqual(['latin.md', 'latin.md.bak', 'talk.md', 'talk.md.bak', 'talk.md.bak.1'])
    // what is left is reported; nothing is left to fix
    expect(ran.stdout).not.toMatch(/mojibake|encoding/)
    expect(ran.stdout).toMatch(/unknown parameter "lrate"/)
    expect(ran.code).toBe(1)
    const again = await livedeck(['lint', file, latin, '--no-browser', '--fix'])
    expect(again.stderr).not.toContain('fixed')
    expect(fs.readdirSync(dir)).toHaveLength(5)
  })

  it('measures slides that overflow in Chromium, naming the slide and the pixels', async () => {
    const dir = tempDir()
    const bullets = Array.from({ length: 30 }, (_, i) => `- point ${i + 1}`).join('\n')
    const file = write(
      dir,
      'long.md',
      HEAD + `## Fits\n\nShort.\n\n---\n\n## Far too long\n\n${bullets}\n\n---\n\n## A tall widget\n\nText.\n\n<!-- live: neuron height=700 -->\n`,
    )
    const ran = await livedeck(['lint', file, '--format', 'json'])
    expect(ran.code, ran.stderr).toBe(0)
    const overflow = JSON.parse(ran.stdout).filter((p: any) => p.rule === 'overflow')
    expect(overflow.map((p: any) => p.line)).toEqual([12, 47])
    expect(overflow[0].message).toMatch(/^slide 2 "Far too long" overflows by (\d+) px vertically/)
    expect(Number(overflow[0].message.match(/by (\d+) px/)[1])).toBeGreaterThan(300)
    expect(overflow[1].message).toMatch(/^slide 3 "A tall widget" overflows by \d+ px vertically \(\d+ px below the bottom\)/)
  })
})
