/**
 * Writes a file through a temporary file beside it (creating its folder), so a reader never
 * sees half of it: outputs, and the caches of runtimes, schemas and widget pictures.
 */
import fs from 'node:fs'
import path from 'node:path'

export function writeAtomically(file: string, data: Buffer | string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const partial = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.partial`)
  try {
    fs.writeFileSync(partial, data)
    fs.renameSync(partial, file)
  } finally {
    fs.rmSync(partial, { force: true })
  }
}
