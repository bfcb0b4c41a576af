/**
 * esbuild helpers for widgets that live outside this package (a course's custom widgets):
 *  - `livedeck/widget` (and `livedeck/widget/ui/...`) resolve to this package's src/widget/,
 *    and packages the course folder does not have resolve from this package's node_modules;
 *  - the source files a widget is made of (for the runtime cache key);
 *  - esbuild's errors as diagnostics naming file:line:column.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import type { BuildOptions, Message } from 'esbuild'
import { displayPath } from '../config/livedeck-config'
import type { Diagnostic } from '../diagnostics'

const esbuild = (): typeof import('esbuild') => createRequire(import.meta.url)('esbuild')

export const WIDGET_IMPORT = 'livedeck/widget'

/**
 * esbuild options for bundling a widget that may live outside this package (esbuild's
 * synchronous API takes no plugins, so this is an alias): `livedeck/widget` is
 * src/widget/index.ts and `livedeck/widget/ui/x` is src/widget/ui/x.ts; packages a course
 * folder does not have (TF.js for types, Chart.js, KaTeX) come from this package's node_modules.
 */
export function widgetBuildOptions(root: string): Pick<BuildOptions, 'alias' | 'nodePaths'> {
  return { alias: { [WIDGET_IMPORT]: path.join(root, 'src', 'widget') }, nodePaths: [path.join(root, 'node_modules')] }
}

/**
 * The files the given widget entries are bundled from, with a hash of their contents:
 * what the runtime cache key needs for widgets outside plugins/. Throws esbuild's failure
 * on a syntax error or an unresolved import (see `bundleDiagnostics`).
 */
export function widgetSourcesHash(root: string, entries: readonly string[]): string {
  const result = esbuild().buildSync({
    entryPoints: [...entries],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    outdir: path.join(root, 'node_modules', '.cache', 'livedeck', 'inputs'),
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    loader: { '.wasm': 'dataurl' },
    ...widgetBuildOptions(root),
    logLevel: 'silent',
  })
  const hash = crypto.createHash('sha256')
  // paths relative to the first widget's folder (or to this package): a course folder
  // copied or moved elsewhere keeps its cached runtime
  const base = path.dirname(path.resolve(root, entries[0] ?? '.'))
  const files = Object.keys(result.metafile.inputs).map((input) => path.resolve(root, input))
  const named = files.map((file) => [isInside(file, root) ? `livedeck:${path.relative(root, file)}` : path.relative(base, file), file] as const)
  for (const [name, file] of named.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(name)
    try {
      if (file.split(path.sep).includes('node_modules')) {
        const st = fs.statSync(file)
        hash.update(`${st.size}:${st.mtimeMs}`)
      } else hash.update(fs.readFileSync(file))
    } catch {
      hash.update('?')
    }
  }
  return hash.digest('hex')
}

/** esbuild's errors (from a thrown BuildFailure) as diagnostics; [] when `e` is something else. */
export function bundleDiagnostics(e: unknown, workingDir = process.cwd(), fallbackFile?: string): Diagnostic[] {
  const errors = (e as { errors?: Message[] } | null)?.errors
  if (!Array.isArray(errors) || errors.length === 0) return []
  return errors.map((m) => {
    const loc = m.location
    const file = loc?.file ? displayPath(path.resolve(workingDir, loc.file)) : fallbackFile
    return { severity: 'error', message: m.text, file, line: loc?.line ?? 1, column: (loc?.column ?? 0) + 1 }
  })
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file)
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
}
