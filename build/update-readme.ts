// Regenerates the widget reference in README.md from plugins/*/schema.ts (`npm run docs`).
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { replaceReference, widgetReference } from '../src/docs/widget-reference'
import type { WidgetManifest } from '../src/widget/schema'
// @ts-expect-error plain ES module shared with the esbuild build script
import { listWidgetFolders } from './widget-registry.mjs'

const root = path.resolve(import.meta.dirname, '..')
const manifests: WidgetManifest[] = []
for (const name of listWidgetFolders(path.join(root, 'plugins')) as string[]) {
  manifests.push((await import(pathToFileURL(path.join(root, 'plugins', name, 'schema.ts')).href)).default)
}
const readmePath = path.join(root, 'README.md')
fs.writeFileSync(readmePath, replaceReference(fs.readFileSync(readmePath, 'utf8'), widgetReference(manifests)))
console.error(`README.md: widget reference for ${manifests.map((m) => m.name).join(', ')}`)
