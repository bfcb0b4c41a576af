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
import { root, tempDir } from '../helpers'

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
