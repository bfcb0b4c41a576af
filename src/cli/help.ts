/** Help texts, generated from the command table. */
import { commands, type CommandSpec } from './commands'

export function mainHelp(version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    `livedeck ${version}: Marp slides with live TensorFlow.js widgets`,
    '',
    'Usage: livedeck <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also `livedeck <command> --help`)',
    '  -v, --version  show the version',
    '',
    'Exit codes: 0 success, 1 the deck has errors or the build failed, 2 wrong usage.',
  ].join('\n')
}

export function commandHelp(command: CommandSpec): string {
  const rows = Object.entries(command.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`
    return [flag, o.doc] as const
  })
  rows.push(['-h, --help', 'show this help'])
  const width = Math.max(...rows.map(([f]) => f.length))
  return [`Usage: ${command.usage}`, '', command.summary, '', 'Options:', ...rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`)].join('\n')
}
