/**
 * Which decks to export and where: INPUT may be decks, folders of decks (searched
 * recursively for Marp decks, as lint does), or both; one deck may go to a named file, several go into a folder
 * (mirroring the input folder's layout). Refuses to write over a deck or to send two
 * decks to the same file.
 */
import fs from 'node:fs'
import path from 'node:path'
import { UsageError } from '../cli/usage-error'
import { deckSources } from '../lint/inputs'
import { formatOfFile, type Format } from './formats'

export interface Job {
  input: string
  output: string
  format: Format
}

const DECK = /\.(md|markdown)$/i

function sources(inputs: readonly string[]) {
  return deckSources(inputs, (folder) => {
    throw new UsageError(`${folder} holds no Marp decks (.md files with \`marp: true\` in their front matter)`)
  })
}

/**
 * `format` comes from a flag (`--pdf`...) or, for one deck, from the output's extension;
 * HTML by default.
 */
export function planJobs(inputs: readonly string[], output: string | undefined, flag: Format | undefined): Job[] {
  if (inputs.length === 0) throw new UsageError('give at least one deck or folder to build')
  const list = sources(inputs)
  const single = list.length === 1 && list[0].base === undefined
  const outIsFolder = output !== undefined && (/[\\/]$/.test(output) || (fs.existsSync(output) && fs.statSync(output).isDirectory()))
  let format = flag
  if (single && output && !outIsFolder) {
    const fromExt = formatOfFile(output)
    if (!fromExt) {
      throw new UsageError(`cannot tell the format of ${output}: name it .html, .pdf, .png or .pptx (or give --pdf, --png, --pptx)`)
    }
    if (flag && flag !== fromExt) throw new UsageError(`--${flag} asks for ${flag.toUpperCase()} but ${output} names a .${fromExt} file`)
    format = fromExt
  } else if (!single && output && !outIsFolder && formatOfFile(output)) {
    throw new UsageError(`${list.length} decks cannot all be written to ${output}: give a folder (-o ${path.join(path.dirname(output), 'handouts')}/)`)
  }
  format ??= 'html'
  const jobs = list.map(({ deck, base }): Job => {
    const name = path.basename(deck).replace(DECK, '') + '.' + format
    let out: string
    if (single && output && !outIsFolder) out = output
    else if (output) out = path.join(output, base ? path.relative(base, path.dirname(deck)) : '', name)
    else out = path.join(path.dirname(deck), name)
    return { input: deck, output: out, format: format! }
  })
  const seen = new Map<string, string>()
  for (const job of jobs) {
    const target = path.resolve(job.output)
    if (target === path.resolve(job.input)) throw new UsageError(`refusing to write the output over the input deck ${job.input}`)
    const other = seen.get(target)
    if (other && other !== job.input) throw new UsageError(`${other} and ${job.input} would both be written to ${job.output}`)
    seen.set(target, job.input)
    if (fs.existsSync(job.output) && fs.statSync(job.output).isDirectory()) throw new UsageError(`${job.output} is a folder; give an output file name`)
  }
  return [...new Map(jobs.map((j) => [path.resolve(j.input), j])).values()]
}
