/** The folder of the Livedeck package (themes/, plugins/, src/ live there). */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json')
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'livedeck') return dir
    if (path.dirname(dir) === dir) throw new Error(`cannot find the livedeck package folder above ${from}`)
  }
}
