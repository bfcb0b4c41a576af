/**
 * Converts one deck with Marp CLI (its bespoke HTML template), using the Livedeck
 * engine. The output is written to a temporary file beside the target and moved into
 * place only when the build succeeds, so a failed build never touches the previous
 * output. Diagnostics come back from the engine through a JSON file.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { marpCli } from '@marp-team/marp-cli'
import { hasErrors, type Diagnostic } from '../diagnostics'
import type { LivedeckEngineOptions } from '../engine/index'
import { packageRoot } from '../engine/package-root'

export interface ConvertResult {
  ok: boolean
  diagnostics: Diagnostic[]
  /** Marp CLI's own messages (warnings and errors; its progress lines are dropped) */
  messages: string[]
  /** with `keepEngine`: the engine instance Marp CLI rendered with, and what it rendered */
  kept?: KeptRender
}

export interface KeptRender {
  engine: import('../engine/index').Livedeck
  html: string
  css: string
}

const KEPT = Symbol.for('livedeck.kept-render')

export interface ConvertOptions {
  /** Marp CLI's HTML template: `bespoke` (the default, for presenting) or `bare` (for printing) */
  template?: 'bespoke' | 'bare'
  /** engine options beyond the deck's path (e.g. `offline` for a self-contained file) */
  engine?: Omit<LivedeckEngineOptions, 'file' | 'report' | 'diagnosticsFile'>
  /** a warning fails the build too (`--strict`) */
  failOnWarnings?: boolean
  /** keep the engine instance and its render (the preview server re-renders with it) */
  keepEngine?: boolean
}

export async function convertDeck(input: string, output: string, options: ConvertOptions = {}): Promise<ConvertResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'livedeck-'))
  const diagnosticsFile = path.join(work, 'diagnostics.json')
  const config = path.join(work, 'marp.config.mjs')
  const engine = pathToFileURL(path.join(packageRoot(), 'dist', 'engine.js')).href
  fs.writeFileSync(
    config,
    `import Livedeck from ${JSON.stringify(engine)}\n` +
      (options.keepEngine
        ? `class Kept extends Livedeck { render(markdown, env) { const r = super.render(markdown, env); globalThis[Symbol.for('livedeck.kept-render')] = { engine: this, html: r.html, css: r.css }; return r } }\n` +
          `export default { engine: Kept, ...`
        : `export default { engine: Livedeck, ...`) +
      `${JSON.stringify({ html: true, options: { livedeck: { ...options.engine, file: input, report: 'none', diagnosticsFile } } })} }\n`,
  )
  const target = path.resolve(output)
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial${path.extname(target)}`)
  try {
    const { code, messages } = await captureStderr(() =>
      marpCli([input, '--no-stdin', '--config-file', config, ...(options.template ? ['--template', options.template] : []), '-o', partial]),
    )
    const diagnostics: Diagnostic[] = fs.existsSync(diagnosticsFile) ? JSON.parse(fs.readFileSync(diagnosticsFile, 'utf8')) : []
    const refused = hasErrors(diagnostics) || (options.failOnWarnings === true && diagnostics.length > 0)
    const ok = code === 0 && !refused && fs.existsSync(partial)
    if (ok) fs.renameSync(partial, target)
    // Marp CLI's "Failed converting" line repeats the errors the engine reported
    const own = messages.filter((m) => !(hasErrors(diagnostics) && /Failed converting/.test(m)))
    const kept = (globalThis as Record<symbol, KeptRender | undefined>)[KEPT]
    delete (globalThis as Record<symbol, unknown>)[KEPT]
    return { ok, diagnostics, messages: own, ...(options.keepEngine && kept ? { kept } : {}) }
  } finally {
    fs.rmSync(partial, { force: true })
    fs.rmSync(work, { recursive: true, force: true })
  }
}

/** Runs Marp CLI while keeping its progress lines off the terminal. */
async function captureStderr(run: () => Promise<number>): Promise<{ code: number; messages: string[] }> {
  const messages: string[] = []
  const write = process.stderr.write
  process.stderr.write = ((chunk: string | Uint8Array) => {
    const text = String(chunk).replace(/\x1b\[[0-9;]*m/g, '')
    // a progress message may be wrapped over several lines on a terminal: drop it whole
    if (/^\s*\[\s+INFO\s+\]/.test(text)) return true
    for (const line of text.split('\n')) if (line.trim()) messages.push(line)
    return true
  }) as typeof process.stderr.write
  try {
    const code = await run()
    return { code, messages }
  } catch (e) {
    messages.push((e as Error).message)
    return { code: 1, messages }
  } finally {
    process.stderr.write = write
  }
}
