/**
 * A course's own widgets: folders named by `livedeck.config.json` (or by the engine option
 * `livedeck.widgets`), each holding a `schema.ts` and an `index.ts` with the same contract
 * as the built-in widgets under plugins/.
 *
 * At build time the schema is bundled by esbuild (to CommonJS, so that the synchronous
 * render can load it) into the cache folder, under a name that is the hash of the bundle,
 * and required from there; its manifest is checked with the rules every built-in manifest
 * passes. Each problem is a diagnostic naming the file (and line) to fix.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { displayPath, findConfig, readConfig, type WidgetEntry } from '../config/livedeck-config'
import type { Diagnostic } from '../diagnostics'
import { commonParams, type WidgetManifest } from '../widget/schema'
import { writeAtomically } from '../write-atomically'
import { SourcePositions } from './source-position'
import { markUsed } from './cache-folder'
import { cacheDir } from './runtime-bundle'
import { bundleDiagnostics, widgetBuildOptions } from './widget-sources'

const requireHere = createRequire(import.meta.url)
const esbuild = (): typeof import('esbuild') => requireHere('esbuild')

export interface CustomWidget {
  name: string
  /** absolute folder holding schema.ts and index.ts */
  dir: string
  manifest: WidgetManifest
}

export interface CustomWidgetOptions {
  /** the deck: the config is looked for from its folder upwards (else from the working folder) */
  file?: string
  /** widget folders given directly (engine option); replaces the config file's list */
  widgets?: readonly string[]
  /** folder the `widgets` option's relative paths resolve from (default: the working folder) */
  baseDir?: string
}

export interface CustomWidgetSet {
  widgets: CustomWidget[]
  diagnostics: Diagnostic[]
  /** the config file that named them, if any */
  config?: string
  /** names of the folders that failed to load (their errors are in `diagnostics`) */
  failed: string[]
}

/** widget names, as the directive grammar accepts them */
const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/

export function loadCustomWidgets(options: CustomWidgetOptions, root: string, builtIns: readonly WidgetManifest[]): CustomWidgetSet {
  const set: CustomWidgetSet = { widgets: [], diagnostics: [], failed: [] }
  let entries: WidgetEntry[]
  if (options.widgets) {
    const base = path.resolve(options.baseDir ?? process.cwd())
    entries = options.widgets.map((spec) => ({ spec, dir: path.resolve(base, spec), file: options.file, line: 1, column: 1 }))
  } else {
    const config = findConfig(options.file ? path.dirname(path.resolve(options.file)) : process.cwd())
    if (!config) return set
    const read = readConfig(config)
    set.config = config
    set.diagnostics.push(...read.diagnostics)
    entries = read.widgets
  }
  const seen = new Map<string, WidgetEntry>()
  for (const entry of entries) {
    const where = (message: string): Diagnostic => ({
      severity: 'error',
      message: options.widgets ? `${message} (engine option livedeck.widgets)` : message,
      file: entry.file,
      line: entry.line,
      column: entry.column,
    })
    const problem = checkFolder(entry)
    if (problem) {
      set.diagnostics.push(where(problem))
      set.failed.push(path.basename(entry.dir))
      continue
    }
    const loaded = loadManifest(entry.dir, root)
    if ('diagnostics' in loaded) {
      set.diagnostics.push(...loaded.diagnostics)
      set.failed.push(path.basename(entry.dir))
      continue
    }
    const { manifest } = loaded
    const schemaFile = displayPath(path.join(entry.dir, 'schema.ts'))
    if (builtIns.some((m) => m.name === manifest.name)) {
      set.diagnostics.push(where(`custom widget "${manifest.name}" (${schemaFile}) has the name of a built-in widget; give it another name (its folder's and its manifest's)`))
      continue
    }
    const twin = seen.get(manifest.name)
    if (twin) {
      set.diagnostics.push(where(`custom widget "${manifest.name}" is named twice: ${displayPath(twin.dir)} and ${displayPath(entry.dir)}`))
      continue
    }
    seen.set(manifest.name, entry)
    set.widgets.push({ name: manifest.name, dir: entry.dir, manifest })
  }
  return set
}

/**
 * A directive naming a custom widget whose folder has errors is reported as such, not as an
 * unknown widget with a list of the others.
 */
export function explainFailedWidgets(diagnostics: Diagnostic[], set: CustomWidgetSet): void {
  for (const d of diagnostics) {
    const name = /^unknown widget "([^"]+)"/.exec(d.message)?.[1]
    if (name && set.failed.includes(name) && !set.widgets.some((w) => w.name === name)) {
      d.message = `widget "${name}" is not available: its folder, named in ${set.config ? displayPath(set.config) : 'the livedeck.widgets option'}, has errors (reported above)`
    }
  }
}

function checkFolder(entry: WidgetEntry): string | undefined {
  const shown = displayPath(entry.dir)
  let stat: fs.Stats
  try {
    stat = fs.statSync(entry.dir)
  } catch {
    return `widget folder "${entry.spec}" not found (looked for ${shown})`
  }
  if (!stat.isDirectory()) return `widget folder "${entry.spec}" is not a folder (${shown})`
  const missing = ['schema.ts', 'index.ts'].filter((f) => !fs.existsSync(path.join(entry.dir, f)))
  if (missing.length) return `widget folder "${entry.spec}" has no ${missing.join(' and no ')} (${shown} must hold schema.ts and index.ts)`
  return undefined
}

/** Bundles, loads and checks a widget folder's schema.ts. */
export function loadManifest(dir: string, root: string): { manifest: WidgetManifest } | { diagnostics: Diagnostic[] } {
  const schemaPath = path.join(dir, 'schema.ts')
  const shown = displayPath(schemaPath)
  const at1 = (message: string): Diagnostic => ({ severity: 'error', message, file: shown, line: 1, column: 1 })
  let code: string
  try {
    const out = esbuild().buildSync({
      entryPoints: [schemaPath],
      absWorkingDir: dir,
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      ...widgetBuildOptions(root),
      logLevel: 'silent',
    })
    code = out.outputFiles[0].text
  } catch (e) {
    const found = bundleDiagnostics(e, dir, shown)
    if (found.length) return { diagnostics: found }
    return { diagnostics: [at1(`cannot bundle the schema: ${(e as Error).message}`)] }
  }
  let exported: unknown
  try {
    const file = path.join(cacheDir(root), `schema-${crypto.createHash('sha256').update(code).digest('hex').slice(0, 20)}.cjs`)
    if (!fs.existsSync(file)) writeAtomically(file, code)
    markUsed(file)
    exported = requireHere(file)
  } catch (e) {
    return { diagnostics: [at1(`the schema failed to load: ${(e as Error).message}`)] }
  }
  const manifest = (exported as { default?: unknown } | null)?.default
  const source = safeRead(schemaPath)
  const problems = manifestProblems(manifest, path.basename(dir))
  if (problems.length) {
    const positions = new SourcePositions(source)
    return {
      diagnostics: problems.map((p) => {
        const m = p.near?.exec(source)
        const i = m ? m.index + (m[1]?.length ?? 0) : -1
        const at = i === -1 ? { line: 1, column: 1 } : positions.at(i)
        return { severity: 'error', message: p.message, file: shown, line: at.line, column: at.column }
      }),
    }
  }
  return { manifest: manifest as WidgetManifest }
}

interface ManifestProblem {
  message: string
  /** a pattern locating the problem in the source, for its line */
  near?: RegExp
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The rules every manifest follows (those tests/widget/schemas.test.ts checks for the
 * built-in widgets): named after its folder, a summary, well-formed parameters whose
 * defaults are accepted by their own spec, no common parameter redeclared.
 */
export function manifestProblems(manifest: unknown, folder: string): ManifestProblem[] {
  if (typeof manifest !== 'object' || manifest === null) {
    return [{ message: 'schema.ts must `export default defineManifest({ name, summary, params })`', near: /()export\s+default/ }]
  }
  const m = manifest as Record<string, unknown>
  const out: ManifestProblem[] = []
  if (typeof m.name !== 'string' || !NAME.test(m.name)) {
    out.push({ message: `the manifest's name must be a widget name (a letter, then letters, digits, "_" or "-"), got ${JSON.stringify(m.name)}`, near: /()\bname\s*:/ })
  } else if (m.name !== folder) {
    out.push({ message: `the manifest's name "${m.name}" must equal its folder's name "${folder}"`, near: /()\bname\s*:/ })
  }
  if (typeof m.summary !== 'string' || m.summary.trim() === '') {
    out.push({ message: 'the manifest needs a one-line summary (a non-empty text)', near: /()\bsummary\s*:/ })
  }
  if (m.filmstrip !== undefined) {
    const steps = m.filmstrip
    const max = commonParams.filmstrip.maxLength
    const isStep = (v: unknown) => v === 'converged' || (typeof v === 'number' && Number.isInteger(v) && v >= 0)
    if (!Array.isArray(steps) || steps.length < 2 || steps.length > max || !steps.every(isStep) || new Set(steps).size !== steps.length) {
      out.push({ message: `the manifest's filmstrip must list 2 to ${max} distinct steps (whole numbers or "converged"), such as [0, 20, 'converged']`, near: /()\bfilmstrip\s*:/ })
    }
  }
  if (typeof m.params !== 'object' || m.params === null || Array.isArray(m.params)) {
    out.push({ message: 'the manifest needs params: an object of parameter specs (it may be empty)', near: /()\bparams\s*:/ })
    return out
  }
  for (const [key, raw] of Object.entries(m.params as Record<string, unknown>)) {
    const near = new RegExp(`(^|[\\s{,]['"]?)${escape(key)}['"]?\\s*:`, 'm')
    const bad = (what: string) => out.push({ message: `parameter "${key}": ${what}`, near })
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) bad('not a valid parameter name (a letter or "_", then letters, digits, "_" or "-")')
    if (Object.hasOwn(commonParams, key)) bad(`"${key}" is a parameter every widget has (${Object.keys(commonParams).join(', ')}); do not declare it`)
    if (typeof raw !== 'object' || raw === null) {
      bad('must be a spec such as { type: "number", default: 1, min: 0, max: 10, doc: "..." }')
      continue
    }
    const spec = raw as Record<string, unknown>
    if (typeof spec.doc !== 'string' || spec.doc.trim() === '' || spec.doc.includes('\n')) bad('needs a one-line doc (a non-empty text)')
    switch (spec.type) {
      case 'number': {
        const { min, max, integer } = spec
        const d = spec.default
        if (typeof d !== 'number' || !Number.isFinite(d)) bad('its default must be a finite number')
        if (typeof min !== 'number' || typeof max !== 'number' || !(min < max)) bad('a number needs min and max, with min < max')
        else if (typeof d === 'number' && (d < min || d > max)) bad(`its default ${d} is outside [${min}, ${max}]`)
        if (integer !== undefined && typeof integer !== 'boolean') bad('integer must be true or false')
        if (integer === true && [d, min, max].some((v) => typeof v === 'number' && !Number.isInteger(v))) bad('an integer parameter needs whole numbers as default, min and max')
        break
      }
      case 'boolean':
        if (typeof spec.default !== 'boolean') bad('its default must be true or false')
        break
      case 'choice': {
        const choices = spec.choices
        if (!Array.isArray(choices) || choices.length === 0 || choices.some((c) => typeof c !== 'string')) bad('a choice needs choices: a non-empty list of texts')
        else if (new Set(choices).size !== choices.length) bad('its choices repeat a value')
        else if (!choices.includes(spec.default)) bad(`its default ${JSON.stringify(spec.default)} is not one of its choices`)
        break
      }
      case 'string':
        if (typeof spec.default !== 'string') bad('its default must be a text')
        else if (spec.maxLength !== undefined && (typeof spec.maxLength !== 'number' || spec.default.length > spec.maxLength)) bad('its default is longer than its maxLength')
        break
      default:
        bad(`unknown type ${JSON.stringify(spec.type)}; expected "number", "boolean", "choice" or "string"`)
    }
  }
  return out
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}
