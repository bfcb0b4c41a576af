/** `livedeck` command line: dispatches to a command from the table in commands.ts. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { packageRoot } from '../engine/package-root'
import { suggest } from '../directive/suggest'
import { commands } from './commands'
import { commandHelp, mainHelp } from './help'
import { UsageError } from './usage-error'

export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv)
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`livedeck: ${e.message}\n`)
      return 2
    }
    process.stderr.write(`livedeck: ${(e as Error).message}\n`)
    return 1
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [first, ...rest] = argv
  if (first === '-v' || first === '--version') {
    process.stdout.write(`${version()}\n`)
    return 0
  }
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(mainHelp(version()) + '\n')
    return first === undefined ? 2 : 0
  }
  const command = commands.find((c) => c.name === first)
  if (!command) {
    const guess = suggest(first, commands.map((c) => c.name))
    throw new UsageError(`unknown command "${first}"${guess ? ` (did you mean "${guess}"?)` : ''}; see \`livedeck --help\``)
  }
  let parsed
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    })
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${commandHelp(command)}`)
  }
  if (parsed.values.help) {
    process.stdout.write(commandHelp(command) + '\n')
    return 0
  }
  const { run } = await command.load()
  return run(parsed.positionals, parsed.values as Record<string, string | boolean | undefined>)
}

function version(): string {
  return JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version
}
