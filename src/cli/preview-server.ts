/**
 * The preview server behind `livedeck serve`: builds a deck (or, for a folder, lists its
 * decks and builds each one when it is first opened), serves it with the files beside
 * it, rebuilds when the deck changes and tells open pages to reload (they keep their
 * slide: the slide number is in the URL hash). A broken deck shows its errors in the
 * page and in the terminal; the server keeps running and recovers on the next save.
 *
 * Rebuilds are incremental: the first build runs Marp CLI (its bespoke template) and
 * keeps the engine instance it rendered with; after an edit, the deck is rendered again
 * with that engine in-process (the theme's CSS is reused while the theme, the deck's
 * styles and global directives are unchanged; the runtime bundle comes from its cache)
 * and put into the same page. Whenever something the template itself uses changes
 * (title, language, notes, size, ...), the rebuild runs Marp CLI again, so
 * the page is always the one `livedeck build` writes.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { watchCourse } from '../config/watch-course'
import { formatDiagnostic, hasErrors, type Diagnostic } from '../diagnostics'
import { escapeHtml } from '../engine/embed-html'
import { decksIn, isMarpDeck } from '../lint/inputs'
import { convertDeck, type KeptRender } from './marp-convert'

export interface PreviewOptions {
  /** a deck, or a folder of decks */
  input: string
  port: number
  host: string
  log: (line: string) => void
  /** told after every build (for benchmarks and tests) */
  onBuild?: (build: BuildInfo) => void
}

export interface BuildInfo {
  /** the deck, as a path relative to the served folder */
  deck: string
  ok: boolean
  ms: number
  /** true when rendered in-process with the kept engine, false when Marp CLI ran */
  incremental: boolean
}

export interface PreviewServer {
  url: string
  /** resolves after the rebuilds in progress (if any) are done */
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

interface BuildResult {
  ok: boolean
  diagnostics: Diagnostic[]
  messages: string[]
}

/** The page Marp CLI wrote, cut where the engine's CSS and HTML go, and the engine that rendered them. */
interface Incremental {
  engine: any
  /** the page in three parts around the CSS and the HTML (in page order) */
  parts: [string, string, string]
  cssFirst: boolean
  /** what the template depends on besides the slides and the CSS; a change means a full build */
  meta: string
}

let fullBuilds: Promise<void> = Promise.resolve()

/** One deck being served: its last good page, its problems, its open pages. */
class DeckPreview {
  lastGood: string | undefined
  problems: BuildResult = { diagnostics: [], messages: [], ok: true }
  readonly clients = new Set<http.ServerResponse>()
  private incremental: Incremental | undefined
  private reported = new Set<string>()
  private running: Promise<void> | undefined
  private again = false
  private built = false

  constructor(
    /** absolute path of the deck */
    readonly input: string,
    /** the deck's path as the user gave it (or as found in the folder they gave): named in messages */
    private readonly source: string,
    /** its path relative to the served folder, with .html: the page's URL path */
    readonly page: string,
    private readonly shown: string,
    private readonly work: string,
    private readonly options: PreviewOptions,
  ) {}

  /** Builds the deck if it was never built; resolves when the page can be served. */
  async ready(): Promise<void> {
    if (!this.built) await this.rebuild()
    await this.settled()
  }

  async settled(): Promise<void> {
    while (this.running) await this.running
  }

  rebuild(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      do {
        this.again = false
        this.built = true
        const started = performance.now()
        let result: BuildResult | undefined
        let incremental = false
        try {
          result = this.fastBuild()
          incremental = result !== undefined
        } catch {
          result = undefined
        }
        if (!result) result = await this.fullBuild()
        const ms = performance.now() - started
        this.problems = result
        this.report(result, ms, incremental)
        this.options.onBuild?.({ deck: this.shown, ok: result.ok, ms, incremental })
        for (const client of this.clients) client.write('event: reload\ndata: {}\n\n')
      } while (this.again)
    })().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private async fullBuild(): Promise<BuildResult> {
    const built = path.join(this.work, this.page.replace(/[\\/]/g, '__'))
    // one Marp CLI run at a time: it runs in this process (and hands the engine back through a global)
    const turn = fullBuilds.then(() =>
      convertDeck(this.source, built, { keepEngine: true }).catch((e: Error) => ({
        ok: false,
        diagnostics: [] as Diagnostic[],
        messages: [e.message],
        kept: undefined,
      })),
    )
    fullBuilds = turn.then(() => undefined)
    const result = await turn
    if (result.ok) {
      this.lastGood = fs.readFileSync(built, 'utf8')
      this.incremental = result.kept ? prepareIncremental(result.kept, this.lastGood) : undefined
    }
    return { ok: result.ok, diagnostics: result.diagnostics, messages: result.messages }
  }

  /** The in-process rebuild; undefined when only Marp CLI can build the page. */
  private fastBuild(): BuildResult | undefined {
    const inc = this.incremental
    if (!inc) return undefined
    // as Marp CLI reads it: UTF-8, without a byte-order mark
    const source = fs.readFileSync(this.input, 'utf8')
    const markdown = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source
    let rendered: { html: string; css: string } | undefined
    let thrown: unknown
    const messages: string[] = []
    const write = process.stderr.write
    // KaTeX and Marp warn on stderr while rendering: shown as Marp CLI's messages are
    process.stderr.write = ((chunk: string | Uint8Array) => {
      for (const line of String(chunk).split('\n')) if (line.trim()) messages.push(line)
      return true
    }) as typeof process.stderr.write
    try {
      rendered = inc.engine.render(markdown)
    } catch (e) {
      thrown = e
    } finally {
      process.stderr.write = write
    }
    const diagnostics: Diagnostic[] = thrown ? (thrown as { diagnostics?: Diagnostic[] }).diagnostics ?? [] : inc.engine.diagnostics
    if (thrown && !Array.isArray((thrown as { diagnostics?: unknown }).diagnostics)) return undefined
    if (thrown || hasErrors(diagnostics)) return { ok: false, diagnostics: [...diagnostics], messages }
    if (templateMeta(inc.engine) !== inc.meta) return undefined
    const { html, css } = rendered!
    const [a, b, c] = inc.parts
    this.lastGood = inc.cssFirst ? a + css + b + html + c : a + html + b + css + c
    return { ok: true, diagnostics: [...diagnostics], messages }
  }

  private report(result: BuildResult, ms: number, incremental: boolean): void {
    // on a rebuild, only what changed: a deck with many warnings stays readable
    const lines = [...result.diagnostics.map(formatDiagnostic), ...result.messages]
    const fresh = lines.filter((line) => !this.reported.has(line))
    for (const line of fresh) this.options.log(line)
    if (lines.length > fresh.length) this.options.log(`(${lines.length - fresh.length} message${lines.length - fresh.length > 1 ? 's' : ''} as in the last build)`)
    this.reported = new Set(lines)
    this.options.log(
      result.ok
        ? `rebuilt ${this.shown} in ${Math.round(ms)} ms${incremental ? '' : ' (Marp CLI)'}`
        : `build failed: the page shows the errors; fix the deck and save`,
    )
  }
}

/**
 * Where the engine's CSS and HTML stand in the page Marp CLI wrote, and the engine with
 * its theme CSS memoised; undefined (always a full build) if the page is not cut cleanly.
 */
function prepareIncremental(kept: KeptRender, page: string): Incremental | undefined {
  const { engine, html, css } = kept as { engine: any; html: string; css: string }
  if (!html || !css || typeof engine?.render !== 'function') return undefined
  const h = page.indexOf(html)
  const c = page.indexOf(css)
  if (h === -1 || c === -1 || page.lastIndexOf(html) !== h || page.lastIndexOf(css) !== c) return undefined
  if (c < h ? c + css.length > h : h + html.length > c) return undefined
  const cssFirst = c < h
  const [first, firstLength, second, secondLength] = cssFirst ? [c, css.length, h, html.length] : [h, html.length, c, css.length]
  let meta: string
  try {
    meta = templateMeta(engine)
  } catch {
    return undefined
  }
  // Marp CLI's run is over: the engine's diagnostics file went with it; ours come from engine.diagnostics
  if (engine.livedeckOptions?.diagnosticsFile) engine.livedeckOptions = { ...engine.livedeckOptions, diagnosticsFile: undefined }
  memoiseStyle(engine)
  return {
    engine,
    parts: [page.slice(0, first), page.slice(first + firstLength, second), page.slice(second + secondLength)],
    cssFirst,
    meta,
  }
}

/**
 * What Marp CLI's template reads from the engine besides the HTML and CSS: the global
 * directives, the notes and what Marp CLI's plugins collect (title, language, size, number
 * of slides, transitions), kept on the engine under symbols. Marp Core's math state is
 * left out: it shapes the CSS, which is rendered again.
 */
function templateMeta(engine: any): string {
  const symbols = Object.getOwnPropertySymbols(engine)
    .filter((s) => s.description !== 'marp-math-context')
    .map((s) => [String(s), engine[s]])
  // the notes, by slide: a slide without notes adds nothing to the page
  const notes = ((engine.lastComments ?? []) as unknown[][]).map((c, i) => [i, c] as const).filter(([, c]) => c.length > 0)
  const seen = new WeakSet<object>()
  return JSON.stringify([symbols, engine.lastGlobalDirectives, notes], (key, value) => {
    // the number of slides: the bespoke template does not show it (a test checks it)
    if (key === 'length' && typeof value === 'number') return undefined
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[seen]'
      seen.add(value)
    }
    return typeof value === 'function' || typeof value === 'bigint' ? String(value) : value
  })
}

/**
 * The theme's CSS is the same as long as its inputs are: the theme, the global directives
 * (`size` swaps the theme while rendering) and what Marpit packs with it (the deck's own
 * styles, containers, math CSS). Packing it is most of a render's time.
 */
function memoiseStyle(engine: any): void {
  const renderStyle = engine.renderStyle
  const packOptions = engine.themeSetPackOptions
  if (typeof renderStyle !== 'function' || typeof packOptions !== 'function') return
  let memo: { key: string; css: string } | undefined
  engine.renderStyle = function (this: any, theme?: string): string {
    let key: string | undefined
    try {
      key = JSON.stringify([theme ?? null, this.lastGlobalDirectives, packOptions.call(this)])
    } catch {
      key = undefined
    }
    if (key !== undefined && memo?.key === key) return memo.css
    const css: string = renderStyle.call(this, theme)
    memo = key === undefined ? undefined : { key, css }
    return css
  }
}

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const input = path.resolve(options.input)
  const folder = fs.statSync(input).isDirectory()
  const root = folder ? input : path.dirname(input)
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-serve-'))
  const decks = new Map<string, DeckPreview>()
  const indexClients = new Set<http.ServerResponse>()

  const pageOf = (deck: string) => path.relative(root, deck).split(path.sep).join('/').replace(/\.(md|markdown)$/i, '') + '.html'
  const deckFor = (file: string): DeckPreview => {
    const page = pageOf(file)
    let deck = decks.get(page)
    if (!deck) {
      const source = folder ? path.join(options.input, path.relative(root, file)) : options.input
      deck = new DeckPreview(file, source, page, folder ? path.relative(root, file) : path.basename(file), work, options)
      decks.set(page, deck)
    }
    return deck
  }
  /** the deck served at a URL path, if any (in a folder: any Marp deck under it) */
  const deckAt = (pathname: string): DeckPreview | undefined => {
    const page = pathname.replace(/^\/+/, '')
    const known = decks.get(page)
    if (known || !folder) return known
    const md = ['.md', '.markdown'].map((ext) => path.resolve(root, page.replace(/\.html$/i, ext))).find((f) => f.startsWith(root + path.sep) && fs.existsSync(f))
    const hidden = page.split('/').some((part) => part.startsWith('.') || part === 'node_modules')
    return md && !hidden && page.endsWith('.html') && isMarpDeck(md) ? deckFor(md) : undefined
  }

  if (!folder) await deckFor(input).ready()

  const timers = new Map<string, NodeJS.Timeout>()
  const debounce = (key: string, run: () => void) => {
    clearTimeout(timers.get(key))
    timers.set(key, setTimeout(run, 60))
  }
  const watcher = fs.watch(root, { recursive: folder }, (_event, filename) => {
    if (!filename) {
      for (const deck of decks.values()) debounce(deck.page, () => void deck.rebuild())
      return
    }
    const changed = path.resolve(root, filename.toString())
    for (const deck of decks.values()) if (deck.input === changed) debounce(deck.page, () => void deck.rebuild())
    if (folder && /\.(md|markdown)$/i.test(changed)) {
      debounce('', () => {
        for (const client of indexClients) client.write('event: reload\ndata: {}\n\n')
      })
    }
  })

  // a course's own widgets (livedeck.config.json and the folders it names) rebuild every deck
  const course = watchCourse(folder ? path.join(root, 'index.md') : input, () => {
    for (const deck of decks.values()) debounce(deck.page, () => void deck.rebuild())
  })

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(`livedeck: ${e.message}`)
    })
  })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === EVENTS) {
      const name = url.searchParams.get('deck')
      const clients = name ? decks.get(name)?.clients : folder ? indexClients : decks.values().next().value?.clients
      if (!clients) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no such deck')
        return
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': livedeck\n\n')
      clients.add(res)
      req.on('close', () => clients.delete(res))
      return
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!folder) {
        res.writeHead(302, { location: `/${encodeURIComponent(pageOf(input))}` })
        res.end()
        return
      }
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' })
      res.end(indexPage(root, decksIn(root).map((file) => ({ file: path.relative(root, file), page: pageOf(file) }))))
      return
    }
    let pathname: string
    try {
      pathname = decodeURIComponent(url.pathname)
    } catch {
      res.writeHead(400).end('bad path')
      return
    }
    const deck = deckAt(pathname)
    if (deck) {
      await deck.ready()
      const events = `${EVENTS}?deck=${encodeURIComponent(deck.page)}`
      const page = withPreviewClient(deck.lastGood ?? emptyPage(deck.page), deck.problems.ok ? undefined : deck.problems, events)
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' })
      res.end(page)
      return
    }
    serveStatic(root, url.pathname, res)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const address = server.address() as { port: number }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${address.port}/${folder ? '' : pageOf(input).split('/').map(encodeURIComponent).join('/')}`,
    settled: async () => {
      for (const deck of decks.values()) await deck.settled()
    },
    close: async () => {
      watcher.close()
      course.close()
      for (const timer of timers.values()) clearTimeout(timer)
      for (const deck of decks.values()) for (const client of deck.clients) client.end()
      for (const client of indexClients) client.end()
      await new Promise((resolve) => server.close(resolve))
      for (const deck of decks.values()) await deck.settled()
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

/** The folder's decks, each linking to its page (built when opened); reloads when decks come and go. */
function indexPage(root: string, decks: { file: string; page: string }[]): string {
  const title = `Decks in ${path.basename(root) || root}`
  const items = decks.map(
    (d) => `<li><a href="/${d.page.split('/').map(encodeURIComponent).join('/')}">${escapeHtml(d.file)}</a></li>`,
  )
  const body = items.length
    ? `<ul>${items.join('')}</ul>`
    : `<p>No decks here yet: a deck is a <code>.md</code> file with <code>marp: true</code> in its front matter (<code>livedeck new NAME</code> writes one).</p>`
  const page =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<style>body{font:18px/1.5 Helvetica,Arial,sans-serif;color:#48424d;max-width:760px;margin:48px auto;padding:0 24px}` +
    `h1{font-weight:600;font-size:28px}li{margin:6px 0}a{color:#1e5b8a}code{font-family:Menlo,Consolas,monospace;font-size:15px}</style></head>` +
    `<body><h1>${escapeHtml(title)}</h1>${body}<p style="opacity:.7">Each deck is built when opened and rebuilt when saved.</p></body></html>`
  return withPreviewClient(page, undefined, EVENTS)
}

/** The page with the reload client and, after a failed build, the error overlay. */
export function withPreviewClient(html: string, failure?: { diagnostics: Diagnostic[]; messages: string[] }, events = EVENTS): string {
  const client = `<script>(()=>{const s=new EventSource(${JSON.stringify(events)});s.addEventListener('reload',()=>{try{sessionStorage.setItem('livedeck:serve-reload','1')}catch{}location.reload()})})()</script>`
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
