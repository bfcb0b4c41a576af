/** Checks on the files a command reads and writes: never read a folder, never overwrite the deck. */
import fs from 'node:fs'
import path from 'node:path'
import { UsageError } from './usage-error'

export function checkInput(input: string): string {
  let stat: fs.Stats
  try {
    stat = fs.statSync(input)
  } catch {
    throw new UsageError(`cannot read ${input}: no such file`)
  }
  if (!stat.isFile()) throw new UsageError(`${input} is not a file (give a deck .md file)`)
  if (!/\.(md|markdown)$/i.test(input)) throw new UsageError(`${input} is not a Markdown deck (.md)`)
  return input
}

const FORMATS = ['.html']

export function outputFor(input: string, output: string | undefined): string {
  const out = output ?? input.replace(/\.(md|markdown)$/i, '') + '.html'
  const ext = path.extname(out).toLowerCase()
  if (!FORMATS.includes(ext)) {
    throw new UsageError(
      `cannot write ${out}: livedeck build writes ${FORMATS.join(', ')} files (PDF, PNG and PPTX handouts with widget snapshots are not available yet)`,
    )
  }
  if (path.resolve(out) === path.resolve(input)) throw new UsageError(`refusing to write the output over the input deck ${input}`)
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new UsageError(`${out} is a folder; give an output file name`)
  return out
}
