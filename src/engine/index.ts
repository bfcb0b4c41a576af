/**
 * The Livedeck engine: Marp, plus
 *  - the `presentation` theme (and any theme under themes/),
 *  - the `live:` directive turned into widgets (validated against their schemas),
 *  - checks for missing images and unknown themes,
 *  - output that needs no network: KaTeX fonts inlined, emoji as Unicode text,
 *  - the browser runtime, holding only the widgets the deck uses, inlined once.
 *
 * Usable on its own (`new Livedeck().render(md)`), from Marp CLI
 * (`marp --engine livedeck/engine`) and from a `marp.config.mjs`.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Marp, type MarpOptions } from '@marp-team/marp-core'
import type { RenderResult } from '@marp-team/marpit'
import { manifests } from 'livedeck:manifests'
import { DeckError, formatDiagnostic, hasErrors, type Diagnostic } from '../diagnostics'
import type { WidgetManifest } from '../widget/schema'
import { explainFailedWidgets, loadCustomWidgets, type CustomWidget } from './custom-widgets'
import { frontMatterCheckPlugin } from './front-matter-check'
import { imageCheckPlugin } from './image-check-plugin'
import { inlineKatexFonts, KATEX_FONT_MARKER } from './katex-fonts'
import { liveDirectivePlugin } from './live-directive-plugin'
import { packageRoot } from './package-root'
import { RenderState, withRenderState } from './render-state'
import { runtimeBundle, scriptTag } from './runtime-bundle'
import { checkMojibake, checkText } from './text-check'
import { themeCheckPlugin } from './theme-check-plugin'
import { bundleDiagnostics } from './widget-sources'

export interface LivedeckEngineOptions {
  /** path of the deck: named in messages, and the base for local images */
  file?: string
  /**
   * What to do with diagnostics after a render: `stderr` prints them (the default, as
   * Marp CLI users expect), `none` leaves them to the caller (`engine.diagnostics`).
   */
  report?: 'stderr' | 'none'
  /** throw a DeckError when a render finds errors (default true) */
  throwOnError?: boolean
  /** write the diagnostics of each render as JSON to this file (for tools driving Marp CLI) */
  diagnosticsFile?: string
  /** a self-contained output: inline local images, warn about remote resources */
  offline?: boolean
  /** a handout (PDF, PNG, PPTX): online images and web pages show placeholders linking to them */
  handout?: boolean
  /**
   * A course's own widget folders (docs/custom-widgets.md), relative to `baseDir`. Without
   * it, they come from the nearest livedeck.config.json above the deck (or the working folder).
   */
  widgets?: string[]
  /** folder the `widgets` paths resolve from (default: the working folder) */
  baseDir?: string
}

export interface LivedeckOptions extends MarpOptions {
  livedeck?: LivedeckEngineOptions
}

export class Livedeck extends Marp {
  /** diagnostics of the last render */
  diagnostics: Diagnostic[] = []
  /** widgets used by the last render */
  widgets: string[] = []
  private readonly livedeckOptions: LivedeckEngineOptions
  private readonly root: string
  /** built-in and custom manifests, refreshed at every render (custom widgets may change) */
  private readonly manifestList: WidgetManifest[] = [...manifests]
  private customWidgets: CustomWidget[] = []

  constructor(opts: LivedeckOptions = {}) {
    const { livedeck = {}, ...marp } = opts
    super({
      ...marp,
      html: marp.html ?? true,
      math: offlineMath(marp.math),
      emoji: { shortcode: true, unicode: false, ...(marp.emoji ?? {}) },
    })
    this.livedeckOptions = livedeck
    this.root = packageRoot()
    for (const css of builtInThemes(this.root)) this.themeSet.add(css)
    this.use(liveDirectivePlugin, this.manifestList).use(imageCheckPlugin).use(themeCheckPlugin)
    this.use(frontMatterCheckPlugin)
  }

  render(markdown: string, env: { htmlAsArray: true; [key: string]: any }): RenderResult<string[]>
  render(markdown: string, env?: any): RenderResult
  render(markdown: string, env: any = {}): RenderResult<string | string[]> {
    const state = new RenderState(this.livedeckOptions.file, this.livedeckOptions.offline, this.livedeckOptions.handout)
    const notText = checkText(markdown, this.livedeckOptions.file)
    if (notText && this.livedeckOptions.throwOnError !== false) {
      // rendering binary data would only fill the slides (and the terminal) with garbage
      this.diagnostics = [notText]
      this.widgets = []
      this.report(this.diagnostics)
      throw new DeckError(this.diagnostics)
    }
    if (notText) state.diagnostics.push(notText)
    else state.diagnostics.push(...checkMojibake(markdown, this.livedeckOptions.file))
    const { file, widgets, baseDir } = this.livedeckOptions
    const custom = loadCustomWidgets({ file, widgets, baseDir }, this.root, manifests)
    this.customWidgets = custom.widgets
    this.manifestList.splice(0, this.manifestList.length, ...manifests, ...custom.widgets.map((w) => w.manifest))
    state.diagnostics.push(...custom.diagnostics)
    const result: RenderResult<string | string[]> = super.render(markdown, withRenderState(env, state))
    explainFailedWidgets(state.diagnostics, custom)
    const failing = hasErrors(state.diagnostics) && this.livedeckOptions.throwOnError !== false
    const runtime = state.widgets.size > 0 && !failing ? this.runtimeScript(state) : ''
    this.diagnostics = state.diagnostics
    this.widgets = [...state.widgets]
    this.report(state.diagnostics)
    if (hasErrors(state.diagnostics) && this.livedeckOptions.throwOnError !== false) throw new DeckError(state.diagnostics)
    let tail = ''
    if (state.widgets.size > 0 || state.diagnostics.length > 0) tail += `<style>${liveCss(this.root)}</style>`
    if (state.widgets.size > 0) {
      tail += runtime
    }
    if (tail && Array.isArray(result.html)) result.html[result.html.length - 1] += tail
    else if (tail) result.html += tail
    return result
  }

  protected renderStyle(theme?: string): string {
    return inlineKatexFonts(super.renderStyle(theme))
  }

  /** The runtime for the deck's widgets; a custom widget that does not compile is a diagnostic. */
  private runtimeScript(state: RenderState): string {
    try {
      return scriptTag(runtimeBundle({ root: this.root, widgets: [...state.widgets], backends: [...state.backends], custom: this.customWidgets }))
    } catch (e) {
      const found = bundleDiagnostics(e, this.root)
      if (found.length === 0 || this.customWidgets.length === 0) throw e
      state.diagnostics.push(...found)
      return ''
    }
  }

  private report(diagnostics: Diagnostic[]): void {
    const { report = 'stderr', diagnosticsFile } = this.livedeckOptions
    if (diagnosticsFile) fs.writeFileSync(diagnosticsFile, JSON.stringify(diagnostics))
    if (report === 'stderr') for (const d of diagnostics) process.stderr.write(formatDiagnostic(d) + '\n')
  }
}

function offlineMath(math: MarpOptions['math']): MarpOptions['math'] {
  if (math === false) return false
  const base = typeof math === 'object' ? math : typeof math === 'string' ? { lib: math } : {}
  return { ...base, katexFontPath: KATEX_FONT_MARKER }
}

function builtInThemes(root: string): string[] {
  const dir = path.join(root, 'themes')
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.css'))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
}

function liveCss(root: string): string {
  return fs.readFileSync(path.join(root, 'src', 'runtime', 'live.css'), 'utf8')
}

export default Livedeck
