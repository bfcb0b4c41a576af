/**
 * Builds the browser runtime for a deck with esbuild: the hydration code, the TF.js
 * backends the deck needs, and only the widgets the deck uses. Bundles are cached on
 * disk, keyed by everything that goes into them, so a rebuild costs a file read (the
 * folder is pruned of bundles long unused: cache-folder.ts).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { writeAtomically } from '../write-atomically'
import { markUsed, pruneCache, RUNTIME_CACHE } from './cache-folder'
import { widgetBuildOptions, widgetSourcesHash } from './widget-sources'

/** esbuild, loaded on first use: decks without widgets never pay for it */
const esbuild = (): typeof import('esbuild') => createRequire(import.meta.url)('esbuild')

export interface RuntimeRequest {
  root: string
  /** widget folder names under plugins/, or names of `custom` widgets */
  widgets: readonly string[]
  /** a course's own widgets (src/engine/custom-widgets.ts): name and absolute folder */
  custom?: readonly { name: string; dir: string }[]
  /** TF.js backends to include besides CPU */
  backends: readonly string[]
}

/** what the entry imports to register each backend (paths relative to the package root) */
const BACKEND_MODULES: Record<string, string> = {
  cpu: '@tensorflow/tfjs-backend-cpu',
  webgl: '@tensorflow/tfjs-backend-webgl',
  wasm: './src/runtime/wasm-backend.ts',
}

const DEPENDENCIES = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-webgl',
  '@tensorflow/tfjs-backend-wasm',
  'katex',
  'chart.js',
]

export function runtimeBackends(requested: Iterable<string>): string[] {
  const out = ['cpu']
  for (const b of requested) if (b in BACKEND_MODULES && !out.includes(b)) out.push(b)
  return out
}

export function entrySource(req: RuntimeRequest): string {
  const backends = runtimeBackends(req.backends)
  const abs = (p: string) => JSON.stringify(path.join(req.root, p))
  return [
    `import * as tf from '@tensorflow/tfjs-core'`,
    ...backends.map((b) => `import ${JSON.stringify(BACKEND_MODULES[b])}`),
    `import { boot } from ${abs('src/runtime/boot.ts')}`,
    ...req.widgets.map((w, i) => `import w${i} from ${JSON.stringify(widgetEntry(req, w))}`),
    `boot(tf, [${req.widgets.map((_, i) => `w${i}`).join(', ')}], ${JSON.stringify(backends)})`,
  ].join('\n')
}

/** The index.ts of a widget: a course's own, or the built-in one under plugins/. */
function widgetEntry(req: RuntimeRequest, name: string): string {
  const custom = req.custom?.find((c) => c.name === name)
  return custom ? path.join(custom.dir, 'index.ts') : path.join(req.root, 'plugins', name, 'index.ts')
}

/** The minified runtime script for these widgets (cached). */
export function runtimeBundle(req: RuntimeRequest): string {
  const key = cacheKey(req)
  const dir = cacheDir(req.root)
  const cacheFile = path.join(dir, `runtime-${key}.js`)
  try {
    const code = fs.readFileSync(cacheFile, 'utf8')
    markUsed(cacheFile)
    return code
  } catch {
    // not cached yet
  }
  const code = buildRuntime(req)
  try {
    writeAtomically(cacheFile, code)
    markUsed(cacheFile)
    pruneCache(dir, RUNTIME_CACHE)
  } catch {
    // a read-only install still builds, just without the cache
  }
  return code
}

export function buildRuntime(req: RuntimeRequest): string {
  for (const w of req.widgets) {
    if (!fs.existsSync(widgetEntry(req, w))) throw new Error(`widget "${w}" has no ${widgetEntry(req, w)}`)
  }
  const result = esbuild().buildSync({
    ...RUNTIME_BUILD_OPTIONS,
    stdin: { contents: entrySource(req), resolveDir: req.root, loader: 'ts', sourcefile: 'livedeck-runtime.ts' },
    ...(req.custom?.length ? widgetBuildOptions(req.root) : {}),
  })
  return result.outputFiles[0].text
}

/** How the runtime script is bundled (also what the weight benchmark builds its reference with). */
export const RUNTIME_BUILD_OPTIONS = {
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  charset: 'ascii',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.wasm': 'dataurl' },
  logLevel: 'silent',
} as const

export function cacheDir(root: string): string {
  const inPackage = path.join(root, 'node_modules', '.cache', 'livedeck')
  try {
    fs.mkdirSync(inPackage, { recursive: true })
    fs.accessSync(inPackage, fs.constants.W_OK)
    return inPackage
  } catch {
    return path.join(os.tmpdir(), 'livedeck-cache')
  }
}

/**
 * What one widget's code is made of (its folder, the runtime, the widget library, the
 * dependencies' versions), as a key: what a picture of it drawn on CPU depends on, whatever
 * other widgets share its deck's runtime.
 */
export function widgetCodeKey(root: string, widget: string, custom?: RuntimeRequest['custom']): string {
  return cacheKey({ root, widgets: [widget], custom, backends: [] })
}

function cacheKey(req: RuntimeRequest): string {
  const hash = crypto.createHash('sha256')
  hash.update(JSON.stringify({ esbuildVersion: esbuild().version, widgets: req.widgets, backends: runtimeBackends(req.backends) }))
  const custom = (req.custom ?? []).filter((c) => req.widgets.includes(c.name))
  // a custom widget may import files outside its folder: hash exactly what esbuild reads
  if (custom.length) hash.update(widgetSourcesHash(req.root, custom.map((c) => path.join(c.dir, 'index.ts'))))
  const dirs = ['src/runtime', 'src/widget', ...req.widgets.filter((w) => !custom.some((c) => c.name === w)).map((w) => `plugins/${w}`)]
  for (const dir of dirs) for (const file of sourceFiles(path.join(req.root, dir))) {
    hash.update(file)
    hash.update(fs.readFileSync(file))
  }
  for (const dep of DEPENDENCIES) {
    try {
      hash.update(`${dep}@${JSON.parse(fs.readFileSync(path.join(req.root, 'node_modules', dep, 'package.json'), 'utf8')).version}`)
    } catch {
      hash.update(`${dep}@?`)
    }
  }
  return hash.digest('hex').slice(0, 20)
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(p))
    else if (!entry.name.includes('.test.')) out.push(p)
  }
  return out.sort()
}

/** A script element holding code, safe against an early `</script>`. */
export function scriptTag(code: string): string {
  return `<script data-livedeck-runtime>${code.replace(/<\/(script)/gi, '<\\/$1')}</script>`
}
