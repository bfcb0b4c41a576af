// How heavy is the runtime a deck carries? The runtime script is built exactly as a deck
// build does (src/engine/runtime-bundle.ts: esbuild, minified) for each widget alone and
// for all widgets together, and gzipped. The reference, built in the same run with the
// same esbuild options: TF.js core with the CPU backend and nothing else, the floor every
// deck with a widget pays. Targets: one widget <= 200 KB gzipped, all seven <= 400 KB.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { createRequire } from 'node:module'
import { buildRuntime, entrySource, RUNTIME_BUILD_OPTIONS } from '../src/engine/runtime-bundle'

export const KB = 1000
export const TARGET_ONE = 200 * KB
export const TARGET_ALL = 400 * KB

export interface Weight {
  minified: number
  gzipped: number
  /** gzipped bytes of the largest parts (npm packages, plugin folders, src folders) */
  parts: [string, number][]
}

export interface RuntimeWeights {
  /** TF.js core + CPU backend alone */
  reference: Weight
  /** the runtime with no widget: TF.js core, CPU backend and Livedeck's hydration code */
  base: Weight
  widgets: Record<string, Weight>
  all: Weight
}

const gzip = (code: string | Uint8Array) => zlib.gzipSync(code, { level: 9 }).length

function esbuild(root: string): typeof import('esbuild') {
  return createRequire(path.join(root, 'package.json'))('esbuild')
}

/** gzipped share of each part of a bundle: each part's output bytes, gzipped alone (an estimate: gzip is not additive) */
function parts(root: string, entry: string): [string, number][] {
  const result = esbuild(root).buildSync({ ...RUNTIME_BUILD_OPTIONS, stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' }, metafile: true })
  const output = Object.values(result.metafile!.outputs)[0]
  const groups = new Map<string, number>()
  for (const [file, info] of Object.entries(output.inputs)) {
    const group = file.replace(/^node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1').replace(/^((plugins|src)\/[^/]+)\/.*$/, '$1')
    groups.set(group, (groups.get(group) ?? 0) + info.bytesInOutput)
  }
  // gzip each group's share of the output on its own, from the minified module texts
  const text = result.outputFiles[0].text
  const total = gzip(text)
  const sum = [...groups.values()].reduce((a, b) => a + b, 0)
  return [...groups.entries()]
    .filter(([, bytes]) => bytes > 2000)
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => [name, Math.round((total * bytes) / sum)])
}

function weigh(root: string, code: string, entry: string): Weight {
  return { minified: Buffer.byteLength(code), gzipped: gzip(code), parts: parts(root, entry) }
}

export function widgetNames(root: string): string[] {
  return fs
    .readdirSync(path.join(root, 'plugins'))
    .filter((d) => fs.existsSync(path.join(root, 'plugins', d, 'index.ts')))
    .sort()
}

export function runtimeWeights({ root }: { root: string }): RuntimeWeights {
  const referenceEntry = [
    `import * as tf from '@tensorflow/tfjs-core'`,
    `import '@tensorflow/tfjs-backend-cpu'`,
    // keep every export, as the runtime's `window.livedeck.tf` does
    `;(window as any).tf = tf`,
  ].join('\n')
  const ref = esbuild(root).buildSync({ ...RUNTIME_BUILD_OPTIONS, stdin: { contents: referenceEntry, resolveDir: root, loader: 'ts', sourcefile: 'reference.ts' } })
  const reference = weigh(root, ref.outputFiles[0].text, referenceEntry)

  const runtime = (widgets: string[]) => {
    const req = { root, widgets, backends: [] }
    return weigh(root, buildRuntime(req), entrySource(req))
  }
  const names = widgetNames(root)
  const widgets: Record<string, Weight> = {}
  for (const name of names) widgets[name] = runtime([name])
  return { reference, base: runtime([]), widgets, all: runtime(names) }
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`

/** The lines `npm run bench` prints. */
export function weightReport(w: RuntimeWeights): string[] {
  const ref = w.reference.gzipped
  const ratio = (bytes: number) => `x${(bytes / ref).toFixed(2)} the reference`
  const top = (weight: Weight, skip: string[]) =>
    weight.parts
      .filter(([name]) => !skip.includes(name))
      .slice(0, 3)
      .map(([name, bytes]) => `${name} ~${kb(bytes)}`)
      .join(', ')
  const core = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', 'long', 'seedrandom']
  const lines = [
    `runtime weight, reference (TF.js core + CPU backend alone, esbuild minified): ${kb(ref)} gzipped (${kb(w.reference.minified)} minified)`,
    `runtime weight, no widget (TF.js core, CPU backend, hydration): ${kb(w.base.gzipped)} gzipped, ${ratio(w.base.gzipped)}`,
  ]
  for (const [name, weight] of Object.entries(w.widgets)) {
    const over = weight.gzipped > TARGET_ONE
    lines.push(
      `runtime weight, ${name} alone: ${kb(weight.gzipped)} gzipped, ${ratio(weight.gzipped)} (target <= ${kb(TARGET_ONE)}${over ? ', MISSED' : ''}); ` +
        `besides TF.js: ${top(weight, core)}`,
    )
  }
  const over = w.all.gzipped > TARGET_ALL
  lines.push(
    `runtime weight, all ${Object.keys(w.widgets).length} widgets: ${kb(w.all.gzipped)} gzipped, ${ratio(w.all.gzipped)} (target <= ${kb(TARGET_ALL)}${over ? ', MISSED' : ''}); ` +
      `besides TF.js: ${top(w.all, core)}`,
  )
  return lines
}
