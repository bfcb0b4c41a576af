// Builds the Node side of Livedeck into dist/: the engine (usable as a Marp CLI engine)
// and the CLI. The browser runtime is not built here: each deck gets its own bundle,
// holding only the widgets it uses (src/engine/runtime-bundle.ts).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { MANIFESTS_MODULE, manifestsSource } from './widget-registry.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

const manifestsPlugin = {
  name: 'livedeck-manifests',
  setup(b) {
    b.onResolve({ filter: /^livedeck:manifests$/ }, () => ({ path: MANIFESTS_MODULE, namespace: 'livedeck' }))
    b.onLoad({ filter: /.*/, namespace: 'livedeck' }, () => ({
      contents: manifestsSource(path.join(root, 'plugins')),
      resolveDir: root,
      loader: 'ts',
    }))
  },
}

const started = Date.now()
// a fresh dist/: chunk names are content hashes, so old ones would pile up
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: { engine: 'src/engine/index.ts', cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  plugins: [manifestsPlugin],
  logLevel: 'warning',
})
// the script the exporter injects into the page it prints (src/export/page/prepare.ts)
await build({
  absWorkingDir: root,
  entryPoints: { 'export-page': 'src/export/page/prepare.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  logLevel: 'warning',
})
if (!process.env.LIVEDECK_QUIET_BUILD) console.error(`livedeck: built dist/ in ${Date.now() - started} ms`)
