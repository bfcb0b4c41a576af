// The widget registry comes from the folders under plugins/: each folder holding a
// `schema.ts` (its manifest) and an `index.ts` (its browser component) is a widget.
// Both esbuild (build/build.mjs) and vitest (vitest.config.ts) resolve the virtual
// module `livedeck:manifests` to the source generated here.
import fs from 'node:fs'
import path from 'node:path'

export const MANIFESTS_MODULE = 'livedeck:manifests'

/** Widget folders under `pluginsDir`, sorted by name. */
export function listWidgetFolders(pluginsDir) {
  if (!fs.existsSync(pluginsDir)) return []
  return fs
    .readdirSync(pluginsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(pluginsDir, d.name, 'schema.ts')))
    .map((d) => d.name)
    .sort()
}

/** ES module source exporting every widget manifest as `manifests` (an array). */
export function manifestsSource(pluginsDir) {
  const names = listWidgetFolders(pluginsDir)
  const lines = names.map(
    (name, i) => `import m${i} from ${JSON.stringify(path.join(pluginsDir, name, 'schema.ts'))}`,
  )
  lines.push(`export const manifests = [${names.map((_, i) => `m${i}`).join(', ')}]`)
  return lines.join('\n') + '\n'
}
