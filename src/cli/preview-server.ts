/**
 * The preview server behind `livedeck serve`: builds the deck, serves it with the files
 * beside it, rebuilds when the deck changes and tells open pages to reload (they keep
 * their slide: the slide number is in the URL hash). A broken deck shows its errors in
 * the page and in the terminal; the server keeps running and recovers on the next save.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { formatDiagnostic, type Diagnostic } from '../diagnostics'
import { escapeHtml } from '../engine/embed-html'
import { convertDeck } from './marp-convert'

export interface PreviewOptions {
  input: string
  port: number
  host: string
  log: (line: string) => void
}

export interface PreviewServer {
  url: string
  /** resolves after the rebuild in progress (if any) is done */
  settled(): Promise<void>
  close(): Promise<void>
}

const EVENTS = '/__livedeck/events'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const input = path.resolve(options.input)
  const deckDir = path.dirname(input)
  const pageName = path.basename(input).replace(/\.(md|markdown)$/i, '') + '.html'
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-serve-'))
  const built = path.join(work, pageName)

  let lastGood: string | undefined
  let problems: { diagnostics: Diagnostic[]; messages: string[]; ok: boolean } = { diagnostics: [], messages: [], ok: true }
  const clients = new Set<http.ServerResponse>()

  let reported = new Set<string>()
  let running: Promise<void> | undefined
  let again = false
  const rebuild = (): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        const started = performance.now()
        const result = await convertDeck(options.input, built).catch((e: Error) => ({ ok: false, diagnostics: [], messages: [e.message] }))
        if (result.ok) lastGood = fs.readFileSync(built, 'utf8')
        problems = result
        // on a rebuild, only what changed: a deck with many warnings stays readable
        const lines = [...result.diagnostics.map(formatDiagnostic), ...result.messages]
        const fresh = lines.filter((line) => !reported.has(line))
        for (const line of fresh) options.log(line)
        if (lines.length > fresh.length) options.log(`(${lines.length - fresh.length} message${lines.length - fresh.length > 1 ? 's' : ''} as in the last build)`)
        reported = new Set(lines)
        options.log(result.ok ? `rebuilt ${path.basename(input)} in ${Math.round(performance.now() - started)} ms` : `build failed: the page shows the errors; fix the deck and save`)
        for (const client of clients) client.write('event: reload\ndata: {}\n\n')
      } while (again)
    })().finally(() => {
      running = undefined
    })
    return running
  }

  await rebuild()

  let timer: NodeJS.Timeout | undefined
  const watcher = fs.watch(deckDir, (_event, filename) => {
    if (filename && filename !== path.basename(input)) return
    clearTimeout(timer)
    timer = setTimeout(() => void rebuild(), 60)
  })

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === EVENTS) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': livedeck\n\n')
      clients.add(res)
      req.on('close', () => clients.delete(res))
      return
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(302, { location: `/${encodeURIComponent(pageName)}` })
      res.end()
      return
    }
    if (decodeURIComponent(url.pathname) === `/${pageName}`) {
      const page = withPreviewClient(lastGood ?? emptyPage(pageName), problems.ok ? undefined : problems)
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' })
      res.end(page)
      return
    }
    serveStatic(deckDir, url.pathname, res)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const address = server.address() as { port: number }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${address.port}/${encodeURIComponent(pageName)}`,
    settled: async () => {
      while (running) await running
    },
    close: async () => {
      watcher.close()
      clearTimeout(timer)
      for (const client of clients) client.end()
      await new Promise((resolve) => server.close(resolve))
      fs.rmSync(work, { recursive: true, force: true })
    },
  }
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  let file: string
  try {
    file = path.resolve(root, '.' + decodeURIComponent(pathname))
  } catch {
    res.writeHead(400).end('bad path')
    return
  }
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403).end('outside the deck folder')
    return
  }
  fs.stat(file, (err, stat) => {
    if (err || !stat.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}`)
      return
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' })
    fs.createReadStream(file).pipe(res)
  })
}

function emptyPage(name: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(name)}</title></head><body></body></html>`
}

/** The page with the reload client and, after a failed build, the error overlay. */
export function withPreviewClient(html: string, failure?: { diagnostics: Diagnostic[]; messages: string[] }): string {
  const client = `<script>(()=>{const s=new EventSource(${JSON.stringify(EVENTS)});s.addEventListener('reload',()=>{try{sessionStorage.setItem('livedeck:serve-reload','1')}catch{}location.reload()})})()</script>`
  const overlay = failure ? errorOverlay(failure.diagnostics, failure.messages) : ''
  const inject = overlay + client
  const at = html.lastIndexOf('</body>')
  return at === -1 ? html + inject : html.slice(0, at) + inject + html.slice(at)
}

function errorOverlay(diagnostics: Diagnostic[], messages: string[]): string {
  const items = [...diagnostics.map(formatDiagnostic), ...messages].map((line) => `<li>${escapeHtml(line)}</li>`).join('')
  return (
    `<div id="livedeck-error-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;background:rgba(32,28,36,.88);color:#fff;` +
    `font:16px/1.5 Menlo,Consolas,monospace;padding:48px;overflow:auto">` +
    `<h1 style="font:600 28px Helvetica,Arial,sans-serif;margin:0 0 16px;color:#ff8a80">The deck has errors: the last good build is shown behind this</h1>` +
    `<ul style="margin:0;padding-left:1.2em">${items}</ul>` +
    `<p style="font-family:Helvetica,Arial,sans-serif;opacity:.8">Fix the deck and save: the page reloads by itself.` +
    ` <button onclick="this.closest('#livedeck-error-overlay').remove()" style="font:inherit;margin-left:12px">Hide</button></p></div>`
  )
}
