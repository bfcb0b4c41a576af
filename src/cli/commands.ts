/**
 * The CLI's command table: one entry per command with its option table. Commands are
 * loaded only when run, so `--help` and `--version` stay instant.
 */
export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  doc: string
  /** shown in help as the value's name */
  value?: string
}

export interface CommandSpec {
  name: string
  summary: string
  usage: string
  options: Record<string, OptionSpec>
  load: () => Promise<{ run(positionals: string[], options: Record<string, string | boolean | undefined>): Promise<number> }>
}

export const commands: CommandSpec[] = [
  {
    name: 'build',
    summary: 'Build a deck into one standalone HTML file (Marp bespoke template, works offline)',
    usage: 'livedeck build INPUT.md [-o OUTPUT.html]',
    options: {
      output: { type: 'string', short: 'o', value: 'FILE', doc: 'output file (default: INPUT with .html); the format follows its extension' },
    },
    load: () => import('./commands/build'),
  },
  {
    name: 'serve',
    summary: 'Preview a deck on a local server, rebuilding and reloading on save',
    usage: 'livedeck serve INPUT.md [--port N]',
    options: {
      port: { type: 'string', short: 'p', value: 'N', doc: 'port to listen on (default 8080; 0 picks a free one)' },
      host: { type: 'string', value: 'ADDR', doc: 'address to listen on (default 127.0.0.1)' },
    },
    load: () => import('./commands/serve'),
  },
  {
    name: 'lint',
    summary: 'Check decks: directives, images, offline resources, broken encoding, overflowing slides',
    usage: 'livedeck lint INPUT... [--fix] [--format text|json] [--strict] [--no-browser]',
    options: {
      fix: { type: 'boolean', doc: 'repair the encoding (mojibake, a Windows-1252 file) in place, keeping a .bak copy' },
      format: { type: 'string', value: 'FORMAT', doc: 'text (default, grouped by file) or json (one object per problem)' },
      strict: { type: 'boolean', doc: 'warnings fail too (exit 1)' },
      'no-browser': { type: 'boolean', doc: 'skip the overflow check in Chromium (faster)' },
    },
    load: () => import('./commands/lint'),
  },
  {
    name: 'new',
    summary: 'Create a deck with the presentation theme and an example slide of each widget',
    usage: 'livedeck new NAME',
    options: {},
    load: () => import('./commands/new'),
  },
  {
    name: 'widgets',
    summary: 'List the widgets and their parameters (from their schemas)',
    usage: 'livedeck widgets [NAME] [--format text|json]',
    options: {
      format: { type: 'string', value: 'FORMAT', doc: 'text (default) or json' },
    },
    load: () => import('./commands/widgets'),
  },
]
