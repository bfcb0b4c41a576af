/** `livedeck build INPUT [-o OUTPUT]` */
import fs from 'node:fs'
import path from 'node:path'
import { formatDiagnostic } from '../../diagnostics'
import { convertDeck } from '../marp-convert'
import { UsageError } from '../usage-error'
import { checkInput, outputFor } from '../paths'

export async function run(positionals: string[], options: Record<string, string | boolean | undefined>): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('build takes one input deck: livedeck build INPUT.md [-o OUTPUT.html]')
  const input = checkInput(positionals[0])
  const output = outputFor(input, options.output as string | undefined)
  const started = performance.now()
  fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true })
  const result = await convertDeck(input, output)
  for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n')
  for (const m of result.messages) process.stderr.write(m + '\n')
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length
    process.stderr.write(`livedeck: build failed${errors ? ` with ${errors} error${errors > 1 ? 's' : ''}` : ''}; ${fs.existsSync(output) ? `${output} was left as it was` : 'nothing was written'}\n`)
    return 1
  }
  const ms = Math.round(performance.now() - started)
  process.stderr.write(`${path.relative(process.cwd(), input) || input} => ${path.relative(process.cwd(), output) || output} (${ms} ms)\n`)
  return 0
}
