/**
 * `livedeck serve` as an author uses it: the page is served with the deck's files,
 * saving the deck makes open pages reload, a broken deck shows its errors in the page
 * and the terminal while the server keeps running, and fixing it recovers.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { livedeck, root, tempDir } from '../helpers'

const deck = (title: string, directive = '<!-- live: gradient-descent -->') =>
  `---\nmarp: true\ntheme: presentation\n---\n\n## ${title}\n\n${directive}\n\n![](pic.svg)\n`

let child: ChildProcess | undefined
afterAll(() => {
  child?.kill('SIGTERM')
})

/** Everything a stream has printed so far. */
function collect(stream: NodeJS.ReadableStream): { text: string } {
  const log = { text: '' }
  stream.on('data', (chunk: Buffer) => (log.text += chunk.toString()))
  return log
}

async function waitFor(log: { text: string }, pattern: RegExp, timeout = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeout
  for (;;) {
    const m = log.text.match(pattern)
    if (m) return m
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; saw:\n${log.text}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Status of a request for a path sent as is (fetch would normalise it). */
function rawStatus(base: string, rawPath: string): Promise<number> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    http.get({ hostname, port, path: rawPath }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    }).on('error', reject)
  })
}

/** Reads server-sent events until one named `reload` arrives. */
async function nextReload(events: ReadableStreamDefaultReader<Uint8Array>, timeout = 20_000): Promise<void> {
  const decoder = new TextDecoder()
  let text = ''
  const deadline = Date.now() + timeout
  while (Date.now() < deadline) {
    const { value, done } = await events.read()
    if (done) throw new Error('event stream closed')
    text += decoder.decode(value)
    if (text.includes('event: reload')) return
  }
  throw new Error('no reload event')
}

describe('livedeck serve', () => {
  it('serves, reloads on save, shows errors without dying, and recovers', async () => {
    const dir = tempDir()
    const md = path.join(dir, 'talk.md')
    fs.writeFileSync(md, deck('First version'))
    fs.writeFileSync(path.join(dir, 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    child = spawn(process.execPath, [path.join(root, 'bin', 'livedeck.js'), 'serve', md, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const log = collect(child.stderr!)
    const [, url] = await waitFor(log, /serving .* at (http:\/\/127\.0\.0\.1:\d+\/talk\.html)/)

    const page = await (await fetch(url)).text()
    expect(page.includes('First version')).toBe(true)
    expect(page.includes('class="live-embed"')).toBe(true)
    expect(page.includes('/__livedeck/events')).toBe(true)
    expect((await fetch(new URL('/', url), { redirect: 'manual' })).headers.get('location')).toBe('/talk.html')
    expect(await (await fetch(new URL('/pic.svg', url))).text()).toContain('<svg')
    expect((await fetch(new URL('/../../etc/passwd', url))).status).not.toBe(200)
    expect(await rawStatus(url, '/..%2f..%2f..%2fetc%2fpasswd')).toBe(403)

    const events = (await fetch(new URL('/__livedeck/events', url))).body!.getReader()
    fs.writeFileSync(md, deck('Second version'))
    await nextReload(events)
    expect((await (await fetch(url)).text()).includes('Second version')).toBe(true)

    fs.writeFileSync(md, deck('Broken version', '<!-- live: gradient-descent lr=fast -->'))
    await nextReload(events)
    const broken = await (await fetch(url)).text()
    const overlay = broken.match(/<div id="livedeck-error-overlay"[\s\S]*?<\/div>/)?.[0] ?? 'no overlay'
    expect(overlay).toMatch(/talk\.md:8:32: error: parameter &quot;lr&quot; of widget &quot;gradient-descent&quot; expects a number/)
    expect(broken.includes('Second version')).toBe(true)
    await waitFor(log, /talk\.md:8:32: error: [\s\S]*build failed/)
    expect(child.exitCode).toBeNull()

    fs.writeFileSync(md, deck('Fixed version'))
    await nextReload(events)
    const fixed = await (await fetch(url)).text()
    expect(fixed.includes('Fixed version')).toBe(true)
    expect(fixed.includes('livedeck-error-overlay')).toBe(false)
    await events.cancel()
  })
})

/** The page as `livedeck build` writes it: what the server sends, without its reload client. */
function withoutClient(page: string): string {
  return page.replace(/<script>\(\(\)=>\{const s=new EventSource\([^<]*<\/script>(?=<\/body>)/, '')
}

describe('livedeck serve of a folder', () => {
  it('lists the decks, builds each when opened, rebuilds incrementally on save to the same page as a full build', async () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'week2'))
    const first = path.join(dir, 'intro.md')
    const second = path.join(dir, 'week2', 'kmeans.md')
    fs.writeFileSync(first, deck('Intro deck'))
    fs.writeFileSync(second, deck('Clustering', '<!-- live: kmeans k=4 -->') + '\n$$\\sum_i x_i$$\n\n<!-- a presenter note -->\n')
    fs.writeFileSync(path.join(dir, 'README.md'), '# Not a deck\n')
    fs.writeFileSync(path.join(dir, 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    const server = spawn(process.execPath, [path.join(root, 'bin', 'livedeck.js'), 'serve', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const log = collect(server.stderr!)
      const [, base] = await waitFor(log, /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/)
      const index = await (await fetch(base)).text()
      expect(index).toContain('<a href="/intro.html">intro.md</a>')
      expect(index).toContain('<a href="/week2/kmeans.html">week2/kmeans.md</a>')
      expect(index).not.toContain('README')
      expect(log.text).not.toMatch(/rebuilt/) // nothing is built before it is opened

      const url = new URL('/week2/kmeans.html', base).href
      const page = await (await fetch(url)).text()
      expect(page).toContain('Clustering')
      expect(page).toContain('/__livedeck/events?deck=week2%2Fkmeans.html')
      expect(log.text).toMatch(/rebuilt week2\/kmeans\.md in \d+ ms \(Marp CLI\)/)
      expect((await fetch(new URL('/README.html', base))).status).toBe(404)

      const events = (await fetch(new URL('/__livedeck/events?deck=week2%2Fkmeans.html', base))).body!.getReader()
      // the heading is the page's title (Marp CLI's template shows it): the edit is below it
      // (and a slide is added)
      const edited = deck('Clustering', '<!-- live: kmeans k=5 -->\n\nAn edited line.') + '\n$$\\sum_i x_i$$\n\n<!-- a presenter note -->\n\n---\n\n## A new slide\n'
      fs.writeFileSync(second, edited)
      await nextReload(events)
      const rebuilt = await (await fetch(url)).text()
      await waitFor(log, /rebuilt week2\/kmeans\.md in \d+ ms\n/) // in-process: no "(Marp CLI)"
      expect(rebuilt).toContain('An edited line.')
      expect(rebuilt).toContain('A new slide')

      // byte for byte the page `livedeck build` writes for the same deck
      const copy = path.join(tempDir(), 'kmeans.md')
      fs.writeFileSync(copy, edited)
      const built = await livedeck(['build', copy, '-o', path.join(path.dirname(copy), 'kmeans.html')])
      expect(built.code, built.stderr).toBe(0)
      const expected = fs.readFileSync(path.join(path.dirname(copy), 'kmeans.html'), 'utf8')
      expect(withoutClient(rebuilt) === expected, 'the incremental page differs from a full build').toBe(true)

      // a change the template itself shows (the presenter note) runs Marp CLI again
      fs.writeFileSync(second, edited.replace('a presenter note', 'another note'))
      await nextReload(events)
      await waitFor(log, /rebuilt week2\/kmeans\.md in \d+ ms \(Marp CLI\)[\s\S]*rebuilt week2\/kmeans\.md in \d+ ms \(Marp CLI\)/)
      expect(await (await fetch(url)).text()).toContain('another note')
      await events.cancel()
    } finally {
      server.kill('SIGTERM')
    }
  })
})

describe('livedeck serve of a course with its own widgets', () => {
  it('rebuilds when a custom widget changes, and shows its schema errors', async () => {
    const dir = path.join(tempDir(), 'course')
    fs.cpSync(path.join(root, 'docs', 'examples', 'custom-widget'), dir, { recursive: true })
    const md = path.join(dir, 'deck.md')
    const schema = path.join(dir, 'widgets', 'logistic', 'schema.ts')
    const server = spawn(process.execPath, [path.join(root, 'bin', 'livedeck.js'), 'serve', md, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const log = collect(server.stderr!)
      const [, url] = await waitFor(log, /serving .* at (http:\/\/127\.0\.0\.1:\d+\/deck\.html)/)
      expect(await (await fetch(url)).text()).toContain('data-live="logistic"')
      const events = (await fetch(new URL(`/__livedeck/events?deck=deck.html`, url))).body!.getReader()
      // the author renames a parameter the deck uses: the deck's directive is now an error
      fs.writeFileSync(schema, fs.readFileSync(schema, 'utf8').replace(/\bspread: \{/, 'sigma: {'))
      await nextReload(events)
      const page = await (await fetch(url)).text()
      expect(page).toMatch(/livedeck-error-overlay[\s\S]*unknown parameter &quot;spread&quot; for widget &quot;logistic&quot;/)
      expect(server.exitCode).toBeNull()
    } finally {
      server.kill('SIGTERM')
    }
  }, 60_000)
})
