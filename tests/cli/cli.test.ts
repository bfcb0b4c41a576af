/** The `livedeck` command as a user runs it: help, version, exit codes, and safe output. */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { livedeck, root, tempDir } from '../helpers'

const GOOD = '---\nmarp: true\ntheme: presentation\n---\n\n## Slide\n\n<!-- live: gradient-descent lr=0.05 -->\n'

describe('livedeck CLI', () => {
  it('prints help and version, and exits 0', async () => {
    const help = await livedeck(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/Usage: livedeck <command>/)
    expect(help.stdout).toMatch(/build\s+Build decks into standalone HTML, or into PDF, PNG or PPTX handouts/)
    expect(help.stdout).toMatch(/serve\s+Preview a deck/)
    const buildHelp = await livedeck(['build', '--help'])
    expect(buildHelp.stdout).toMatch(/-o, --output PATH/)
    const version = await livedeck(['--version'])
    expect(version.code).toBe(0)
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version)
  })

  it('exits 2 with a message on stderr for wrong usage', async () => {
    const unknown = await livedeck(['biuld', 'x.md'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/unknown command "biuld" \(did you mean "build"\?\)/)
    const missing = await livedeck(['build', 'nowhere.md'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/cannot read nowhere\.md: no such file/)
    const option = await livedeck(['build', '--frobnicate', 'x.md'])
    expect(option.code).toBe(2)
    expect(option.stderr).toMatch(/frobnicate/)
    const dir = tempDir()
    const md = path.join(dir, 'deck.md')
    fs.writeFileSync(md, GOOD)
    const docx = await livedeck(['build', md, '-o', path.join(dir, 'deck.docx')])
    expect(docx.code).toBe(2)
    expect(docx.stderr).toMatch(/cannot tell the format of .*deck\.docx: name it \.html, \.pdf, \.png or \.pptx/)
    const clash = await livedeck(['build', md, '--pdf', '-o', path.join(dir, 'deck.png')])
    expect(clash.code).toBe(2)
    expect(clash.stderr).toMatch(/--pdf asks for PDF but .*deck\.png names a \.png file/)
    const handout = await livedeck(['build', md, '--handout'])
    expect(handout.code).toBe(2)
    expect(handout.stderr).toMatch(/--handout apply to PDF, PNG and PPTX handouts, not to HTML/)
  })

  it('builds next to the deck by default and reports where', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'deck.md')
    fs.writeFileSync(md, GOOD)
    const ran = await livedeck(['build', 'deck.md'], dir)
    expect(ran.code, ran.stderr).toBe(0)
    expect(ran.stderr).toMatch(/deck\.md => deck\.html \(\d+ ms\)/)
    expect(fs.readFileSync(path.join(dir, 'deck.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/)
    expect(fs.readdirSync(dir).sort()).toEqual(['deck.html', 'deck.md'])
  })

  it('fails with file:line:column errors, exit 1, and leaves the previous output untouched', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'deck.md')
    const out = path.join(dir, 'deck.html')
    fs.writeFileSync(md, GOOD)
    expect((await livedeck(['build', md])).code).toBe(0)
    const before = fs.readFileSync(out)
    fs.writeFileSync(md, GOOD.replace('lr=0.05', 'lrate=0.05 momentum=3'))
    const ran = await livedeck(['build', md])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toContain(`${md}:8:29: error: unknown parameter "lrate" for widget "gradient-descent" (did you mean "lr"?)`)
    expect(ran.stderr).toContain(`${md}:8:49: error: parameter "momentum" of widget "gradient-descent" expects a number between 0 and 0.99, got "3"`)
    expect(ran.stderr).toMatch(/deck\.md failed with 2 errors; .*deck\.html was left as it was/)
    expect(fs.readFileSync(out).equals(before)).toBe(true)
    expect(fs.readdirSync(dir).sort()).toEqual(['deck.html', 'deck.md'])
  })

  it('never writes over the deck itself', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'deck.md')
    fs.writeFileSync(md, GOOD)
    const ran = await livedeck(['build', md, '-o', md.replace('.md', '.MD')])
    expect(ran.code).toBe(2)
    expect(fs.readFileSync(md, 'utf8')).toBe(GOOD)
  })

  it('builds the same deck to byte-identical HTML twice', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'deck.md')
    fs.writeFileSync(md, GOOD + '\n$$\\sum_i x_i$$\n')
    await livedeck(['build', md, '-o', path.join(dir, 'a.html')])
    await livedeck(['build', md, '-o', path.join(dir, 'b.html')])
    expect(fs.readFileSync(path.join(dir, 'a.html')).equals(fs.readFileSync(path.join(dir, 'b.html')))).toBe(true)
  })
})

describe('livedeck build to HTML', () => {
  it('loads no browser automation (playwright-core is loaded only to launch Chromium)', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'deck.md')
    fs.writeFileSync(md, GOOD)
    // a module hook that refuses playwright-core: the HTML build must not need it, the PDF one does
    const hook = `export async function resolve(s, c, next) { if (s === 'playwright-core') throw new Error('playwright-core was loaded'); return next(s, c) }`
    const guard = path.join(dir, 'guard.mjs')
    fs.writeFileSync(guard, `import { register } from 'node:module'\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)})\n`)
    const env = { NODE_OPTIONS: `--import ${pathToFileURL(guard).href}` }
    const html = await livedeck(['build', md, '-o', path.join(dir, 'deck.html')], root, env)
    expect(html.code, html.stderr).toBe(0)
    const pdf = await livedeck(['build', md, '-o', path.join(dir, 'deck.pdf')], root, env)
    expect(pdf.code).not.toBe(0)
    expect(pdf.stderr).toMatch(/playwright-core was loaded/)
  }, 60_000)
})

describe('livedeck CLI on a file that is not a deck', () => {
  it('refuses binary data with a clear error at its place, exit 1, and writes nothing', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'garbage.md')
    fs.writeFileSync(md, Buffer.concat([Buffer.from('---\nmarp: true\n---\n\n# Title\n\n'), Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41, 0x9c, 0x0a, 0x24, 0x5c, 0x00])]))
    const ran = await livedeck(['build', md])
    expect(ran.code).toBe(1)
    expect(ran.stderr).toContain(`${md}:7:1: error: the deck is not UTF-8 text: `)
    expect(ran.stderr).not.toMatch(/TypeError|    at /)
    expect(fs.readdirSync(dir)).toEqual(['garbage.md'])
  })

  it('warns of text decoded twice at its line, with the repaired words; --strict makes it fail', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'talk.md')
    fs.writeFileSync(md, '---\nmarp: true\n---\n\n# Merci, LÃ©onard\n\n`CafÃ©` in code is left alone\n')
    const ran = await livedeck(['build', md])
    expect(ran.code).toBe(0)
    expect(ran.stderr).toContain(`${md}:5:11: warning: text decoded twice (UTF-8 read as Latin-1/Windows-1252): "LÃ©onard" → "Léonard"`)
    expect(ran.stderr).not.toContain('Caf')
    expect(fs.existsSync(path.join(dir, 'talk.html'))).toBe(true)
    const strict = await livedeck(['build', md, '-o', path.join(dir, 'strict.html'), '--strict'])
    expect(strict.code).toBe(1)
    expect(fs.existsSync(path.join(dir, 'strict.html'))).toBe(false)
  })
})

describe('a large deck', () => {
  it('builds 1,000 slides with 10 widgets into one file', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'big.md')
    const slides = Array.from({ length: 1000 }, (_, i) => `## Slide ${i + 1}\n\n- point $x_{${i}}^2$` + (i % 100 === 0 ? `\n\n<!-- live: kmeans seed=${i} autoplay=false -->` : ''))
    fs.writeFileSync(md, `---\nmarp: true\ntheme: presentation\nmath: katex\n---\n\n${slides.join('\n\n---\n\n')}\n`)
    const ran = await livedeck(['build', md])
    expect(ran.code, ran.stderr).toBe(0)
    const html = fs.readFileSync(path.join(dir, 'big.html'), 'utf8')
    expect(html.match(/<section id="\d+"/g)).toHaveLength(1000)
    expect(html.match(/class="live-embed"/g)).toHaveLength(10)
    expect(html.match(/data-livedeck-runtime/g)).toHaveLength(1)
  })
})
